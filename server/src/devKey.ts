import { generateKey } from './access/keyFormat';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The development key `make start` prints when ENRICH_API_KEYS is unset outside production. It is
 * kept in a git-ignored file so restarts keep the same key, and is never used in production.
 */
export function developmentKey(file: string): string {
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (/^enr_test_[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  } catch {
    // first start: make one below
  }
  const key = generateKey('test');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Enrich API keys: `enr_<live|test>_<30 base62 random><6 base62 CRC32 checksum>`, 36 characters after
 * the prefix. 30 base62 characters carry 178 bits of randomness. The checksum lets a mistyped key be
 * refused without a database lookup, and the fixed shape lets secret scanners match the published
 * pattern `enr_(live|test)_[0-9A-Za-z]{36}` (as GitHub's token format does).
 */
export const KEY_PATTERN = /^enr_(live|test)_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(value: bigint, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    out = ALPHABET[Number(rest % 62n)]! + out;
    rest /= 62n;
  }
  return out;
}

function checksum(body: string): string {
  return base62(BigInt(crc32(body)), 6);
}

export type KeyEnvironment = 'live' | 'test';

/** A new random key. Show it once; store only its hash. */
export function generateKey(environment: KeyEnvironment): string {
  // Rejection sampling keeps every character uniform over the alphabet.
  let body = '';
  while (body.length < 30) {
    for (const byte of randomBytes(40)) {
      if (byte < 248 && body.length < 30) body += ALPHABET[byte % 62];
    }
  }
  return `enr_${environment}_${body}${checksum(body)}`;
}

/** True when `key` has the Enrich shape and its checksum holds. */
export function isWellFormedKey(key: string): boolean {
  const match = KEY_PATTERN.exec(key);
  return match !== null && checksum(match[2]!) === match[3];
}

/** What may be shown of a key (lists, logs of the operator's own CLI): its prefix and first characters. */
export function keyHint(key: string): string {
  return `${key.slice(0, 13)}…`;
}

import { hash, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { parseRateLimits, type ApiKeyEntry, type RateWindow } from '../config';
import { isWellFormedKey } from './keyFormat';
import { hashKey, type StoredKey } from './keyStore';

export type Verification =
  | { readonly status: 'ok'; readonly tenant: string; readonly keyId: string; readonly limits: readonly RateWindow[] | null }
  | { readonly status: 'unknown_key' | 'bad_checksum' }
  /** A key that exists but no longer works names its tenant (for the per-tenant failure limit). */
  | { readonly status: 'expired' | 'revoked'; readonly tenant: string };

export interface KeyringOptions {
  /** `ENRICH_API_KEYS`: development and bootstrap keys, held as digests. */
  readonly bootstrap: readonly ApiKeyEntry[];
  /** Keys made with `enrich keys create`. */
  readonly store?: { findByHash(hash: string): Promise<StoredKey | null>; touch(id: string, at: Date): Promise<void> };
  readonly now: () => number;
  /** How long a found key is remembered before the store is asked again (revocations take effect within it). */
  readonly cacheMs?: number;
  /** `last_used_at` is written at most this often per key. */
  readonly touchEveryMs?: number;
}

export interface Keyring {
  verify(presented: string): Promise<Verification>;
}

/** One-shot (crypto.hash): on every authenticated request, so no Hash object per call. */
function digest(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/**
 * Verifies presented keys. Bootstrap keys: the presented key's digest is compared with every stored
 * digest by `timingSafeEqual`, without early exit. Stored keys: a malformed key or a bad checksum is
 * refused without a lookup; otherwise the key is found by its SHA-256 (an index lookup on a hash, which
 * tells an attacker nothing about the secret) and compared again in constant time.
 */
export function createKeyring(options: KeyringOptions): Keyring {
  const bootstrap = options.bootstrap.map((entry, index) => ({ tenant: entry.tenant, id: `bootstrap:${entry.tenant}:${index}`, digest: digest(entry.key) }));
  const cacheMs = options.cacheMs ?? 10_000;
  // lru-cache reads ttl 0 as "forever": no cache at all is what 0 means here.
  const found = cacheMs > 0 ? new LRUCache<string, StoredKey>({ max: 10_000, ttl: cacheMs }) : null;
  const touched = new Map<string, number>();
  const parsedLimits = new Map<string, readonly RateWindow[]>();
  const limitsOf = (text: string | null) => {
    if (text === null) return null;
    let windows = parsedLimits.get(text);
    if (windows === undefined) {
      windows = parseRateLimits(text, 'api key limits');
      parsedLimits.set(text, windows);
    }
    return windows;
  };

  return {
    async verify(presented) {
      const candidate = digest(presented);
      let match: (typeof bootstrap)[number] | null = null;
      for (const entry of bootstrap) if (timingSafeEqual(entry.digest, candidate) && match === null) match = entry;
      if (match !== null) return { status: 'ok', tenant: match.tenant, keyId: match.id, limits: null };
      if (options.store === undefined) return { status: 'unknown_key' };
      if (!isWellFormedKey(presented)) return { status: presented.startsWith('enr_') ? 'bad_checksum' : 'unknown_key' };

      const hash = hashKey(presented);
      let key = found?.get(hash) ?? null;
      if (key === null) {
        key = await options.store.findByHash(hash);
        if (key === null || !timingSafeEqual(Buffer.from(key.key_hash, 'hex'), candidate)) return { status: 'unknown_key' };
        found?.set(hash, key);
      }
      const now = options.now();
      if (key.revoked_at !== null) return { status: 'revoked', tenant: key.tenant };
      if (key.expires_at !== null && Date.parse(key.expires_at) <= now) return { status: 'expired', tenant: key.tenant };
      if (now - (touched.get(key.id) ?? 0) >= (options.touchEveryMs ?? 60_000)) {
        touched.set(key.id, now);
        options.store.touch(key.id, new Date(now)).catch(() => undefined); // best effort: never fails a request
      }
      return { status: 'ok', tenant: key.tenant, keyId: key.id, limits: limitsOf(key.limits) };
    },
  };
}

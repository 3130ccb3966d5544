/**
 * FNV-1a, 32 bits, with murmur3's final mix so that the low bits (used by `% n`) spread well: small,
 * fast, and the same in every JavaScript runtime (personas, rollout buckets).
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A stable bucket in 0..99 for a key: the same key always lands in the same bucket. */
export function percentBucket(key: string): number {
  return stableHash(key) % 100;
}

import { LRUCache } from 'lru-cache';
import type { AnswerCache } from '../enrichment/cache';
import { serialiseResult } from '../enrichment/cache';
import type { EnrichResult } from '../enrichment/engine';

/**
 * The in-process answer cache: results kept as objects (a hit costs no parsing), bounded by entries
 * and by bytes (the size of each result's JSON, measured once when it is stored).
 */
export function createMemoryCache(options: { maxEntries: number; maxBytes: number }): AnswerCache & { readonly size: number } {
  const lru = new LRUCache<string, EnrichResult>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (value, key) => (serialiseResult(value).length + key.length) * 2,
    ttlAutopurge: false,
  });
  return {
    get size() {
      return lru.size;
    },
    async get(key) {
      return lru.get(key);
    },
    async set(key, value, ttlMs) {
      lru.set(key, Object.freeze(value), { ttl: ttlMs });
    },
  };
}

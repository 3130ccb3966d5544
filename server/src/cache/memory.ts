import { LRUCache } from 'lru-cache';
import type { AnswerCache } from '../enrichment/cache';

/** The in-process answer cache: bounded by entries and by bytes (UTF-16 length of the stored JSON x 2). */
export function createMemoryCache(options: { maxEntries: number; maxBytes: number }): AnswerCache & { readonly size: number } {
  const lru = new LRUCache<string, string>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (value, key) => (value.length + key.length) * 2,
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
      lru.set(key, value, { ttl: ttlMs });
    },
  };
}

import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { parseResult, serialiseResult, type AnswerCache } from '../enrichment/cache';
import type { EnrichResult } from '../enrichment/engine';
import type { Logger } from '../observability/logger';

/** Parsed answers by their JSON, so that a hot entry is parsed once and keeps one identity (its serialised body is reused). */
const PARSED_MAX = 1000;

/**
 * The shared answer cache in Redis (JSON strings with a TTL). A Redis that fails or is slow is a cache
 * miss, never a failed request: it is logged once per outage.
 */
export function createRedisCache(redis: Redis, logger: Logger, prefix = 'enrich:answer:'): AnswerCache {
  let failing = false;
  const parsed = new LRUCache<string, EnrichResult>({ max: PARSED_MAX });
  const parse = (text: string) => {
    let result = parsed.get(text);
    if (result === undefined) {
      result = Object.freeze(parseResult(text));
      parsed.set(text, result);
    }
    return result;
  };
  const failed = (error: unknown) => {
    if (!failing) {
      failing = true;
      logger.warn('redis cache unavailable; answering without cache', { event: 'cache_unavailable', error: (error as Error)?.message });
    }
  };
  const recovered = () => {
    if (failing) {
      failing = false;
      logger.info('redis cache available again', { event: 'cache_recovered' });
    }
  };
  return {
    async get(key) {
      try {
        const value = await redis.get(prefix + key);
        recovered();
        if (value === null) return undefined;
        try {
          return parse(value);
        } catch {
          return undefined; // a damaged entry is a miss; the fresh answer replaces it
        }
      } catch (error) {
        failed(error);
        return undefined;
      }
    },
    async set(key, value, ttlMs) {
      try {
        await redis.set(prefix + key, serialiseResult(value), 'PX', Math.max(1, Math.round(ttlMs)));
        recovered();
      } catch (error) {
        failed(error);
      }
    },
  };
}

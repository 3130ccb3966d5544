import DataLoader from 'dataloader';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { parseResult, serialiseResult, type AnswerCache } from '../enrichment/cache';
import type { EnrichResult } from '../enrichment/engine';
import type { Logger } from '../observability/logger';

/** Parsed answers by their JSON, so that a hot entry is parsed once and keeps one identity (its serialised body is reused). */
const PARSED_MAX = 1000;
/** Reads (or writes) asked at once go to Redis as one MGET (or one pipeline) of at most this many keys. */
const MAX_KEYS_PER_CALL = 200;

interface Entry {
  readonly key: string;
  readonly text: string;
  readonly ttlMs: number;
}

/**
 * The shared answer cache in Redis (JSON strings with a TTL). A Redis that fails or is slow is a cache
 * miss, never a failed request: it is logged once per outage. Reads made at once (concurrent requests,
 * the rows of a batch chunk) share one MGET and writes one pipeline: one round trip, not one each.
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
  const reads = new DataLoader<string, string | null>((keys) => redis.mget(keys.map((key) => prefix + key)), { cache: false, maxBatchSize: MAX_KEYS_PER_CALL });
  const writes = new DataLoader<Entry, void>(
    async (entries) => {
      const pipeline = redis.pipeline();
      for (const { key, text, ttlMs } of entries) pipeline.set(prefix + key, text, 'PX', ttlMs);
      const replies = (await pipeline.exec()) ?? [];
      return entries.map((_, i) => replies[i]?.[0] ?? undefined);
    },
    { cache: false, maxBatchSize: MAX_KEYS_PER_CALL },
  );
  return {
    async get(key) {
      try {
        const value = await reads.load(key);
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
        await writes.load({ key, text: serialiseResult(value), ttlMs: Math.max(1, Math.round(ttlMs)) });
        recovered();
      } catch (error) {
        failed(error);
      }
    },
  };
}

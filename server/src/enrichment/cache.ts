import { hash } from 'node:crypto';
import type { EnrichQuery, EnrichResult, Provenance } from './engine';

/**
 * Where merged answers are kept between requests: in process (lru-cache, as objects: no parsing on a
 * hit) or Redis (as JSON), behind one interface. Implementations never throw: a cache that fails
 * answers `undefined` and logs. Cached results are shared: nobody may modify one.
 */
export interface AnswerCache {
  get(key: string): Promise<EnrichResult | undefined>;
  set(key: string, value: EnrichResult, ttlMs: number): Promise<void>;
}

export interface CachePolicy {
  readonly ttlMs: number;
  /** For answers that matched nothing: shorter, so new data shows up sooner. */
  readonly negativeTtlMs: number;
  /** The store's generation: part of every key, so a changed store is never answered from an older cache. */
  readonly generation: () => number;
}

/**
 * The shape of a cached EnrichResult. Bump it whenever that shape changes: a shared Redis cache
 * outlives a deploy, and an instance must never read an entry written in an older shape (issue 11's
 * entity matches turned such entries into 500s).
 */
export const CACHE_FORMAT = 2;

/** The cache key: the format, the normalised identifiers, the requested fields (order-free), the confidence floor and the store generation. */
export function cacheKey(query: EnrichQuery, generation: number): string {
  const { email, domain, companyNameKey } = query.identifiers;
  const material = JSON.stringify([CACHE_FORMAT, email?.address ?? null, domain ?? null, companyNameKey ?? null, [...query.wanted].sort(), query.minConfidence, generation]);
  return hash('sha256', material, 'base64url');
}

type StoredProvenance = Omit<Provenance, 'fetchedAt'> & { fetchedAt: string };
type StoredResult = Omit<EnrichResult, 'provenance'> & { provenance: Record<string, StoredProvenance> };

export function serialiseResult(result: EnrichResult): string {
  return JSON.stringify(result);
}

export function parseResult(text: string): EnrichResult {
  const stored = JSON.parse(text) as StoredResult;
  const provenance: EnrichResult['provenance'] = {};
  for (const [field, value] of Object.entries(stored.provenance)) {
    provenance[field as keyof EnrichResult['provenance']] = { ...value, fetchedAt: new Date(value.fetchedAt) };
  }
  return { ...stored, provenance };
}

/**
 * Answers from the cache when it holds the same query, otherwise runs `compute` and keeps its answer:
 * `negativeTtlMs` for no match, `ttlMs` otherwise, and not at all when a source failed or timed out
 * (that answer is worse than the next one will be).
 */
export async function cached(
  query: EnrichQuery,
  cache: AnswerCache,
  policy: CachePolicy,
  compute: () => Promise<EnrichResult>,
): Promise<{ result: EnrichResult; cached: boolean }> {
  const key = cacheKey(query, policy.generation());
  const hit = await cache.get(key);
  if (hit !== undefined) return { result: hit, cached: true };
  const result = await compute();
  const ttlMs = result.match.status === 'none' ? policy.negativeTtlMs : policy.ttlMs;
  // A TTL of 0 turns caching off (lru-cache would read 0 as "keep forever").
  if (result.warnings.length === 0 && ttlMs > 0) await cache.set(key, result, ttlMs);
  return { result, cached: false };
}

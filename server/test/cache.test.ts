import { createMemoryCache } from '../src/cache/memory';
import { cached, cacheKey, type CachePolicy } from '../src/enrichment/cache';
import type { EnrichQuery, EnrichResult } from '../src/enrichment/engine';
import { normaliseIdentifiers } from '../src/enrichment/identifiers';

const NOT_FOUND = { found: false, matchedOn: null, confidence: null };

const query = (email: string, wanted: EnrichQuery['wanted'] = ['first_name']): EnrichQuery => ({
  identifiers: normaliseIdentifiers({ email }),
  wanted,
  minConfidence: 0,
  deadlineMs: 1000,
});
const result = (status: 'full' | 'none', warnings: EnrichResult['warnings'] = []): EnrichResult => ({
  values: { first_name: status === 'none' ? null : 'Jane' },
  provenance: status === 'none' ? {} : { first_name: { source: 'store', confidence: 0.95, fetchedAt: new Date('2026-11-01T00:00:00Z') } },
  missing: status === 'none' ? ['first_name'] : [],
  warnings,
  match: { status, matchedOn: status === 'none' ? [] : ['email'], person: NOT_FOUND, company: NOT_FOUND },
  consulted: ['store'],
  timings: { store: 1.5 },
});

describe('cacheKey', () => {
  it('is the same for the same identifiers and fields in any order, and differs with the generation', () => {
    const a = cacheKey(query('Jane.Doe@acme.io', ['first_name', 'title']), 1);
    expect(cacheKey(query(' jane.doe@ACME.io ', ['title', 'first_name']), 1)).toBe(a);
    expect(cacheKey(query('jane.doe@acme.io', ['first_name']), 1)).not.toBe(a);
    expect(cacheKey(query('jane.doe@acme.io', ['first_name', 'title']), 2)).not.toBe(a);
  });
});

describe('cached', () => {
  const setup = () => {
    const writes: Array<{ ttlMs: number }> = [];
    const store = createMemoryCache({ maxEntries: 100, maxBytes: 1_000_000 });
    const cache = { get: store.get, set: async (key: string, value: EnrichResult, ttlMs: number) => { writes.push({ ttlMs }); await store.set(key, value, ttlMs); } };
    const generation = { current: 0 };
    const policy: CachePolicy = { ttlMs: 60_000, negativeTtlMs: 5_000, generation: () => generation.current };
    return { cache, policy, writes, generation };
  };

  it('computes once and then answers from the cache, with dates intact', async () => {
    const { cache, policy } = setup();
    const compute = jest.fn(async () => result('full'));
    expect(await cached(query('jane@acme.io'), cache, policy, compute)).toMatchObject({ cached: false });
    const second = await cached(query('jane@acme.io'), cache, policy, compute);
    expect(second.cached).toBe(true);
    expect(second.result.provenance.first_name?.fetchedAt).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('keeps a no-match answer for the shorter negative TTL', async () => {
    const { cache, policy, writes } = setup();
    await cached(query('nobody@acme.io'), cache, policy, async () => result('none'));
    await cached(query('jane@acme.io'), cache, policy, async () => result('full'));
    expect(writes.map((w) => w.ttlMs)).toEqual([5_000, 60_000]);
  });

  it('does not keep an answer that a failed or late source made partial', async () => {
    const { cache, policy, writes } = setup();
    await cached(query('jane@acme.io'), cache, policy, async () => result('full', [{ source: 'web', code: 'timeout', detail: 'late' }]));
    expect(writes).toEqual([]);
  });

  it('keeps nothing when the TTL is 0', async () => {
    const { cache, writes } = setup();
    const off: CachePolicy = { ttlMs: 0, negativeTtlMs: 0, generation: () => 0 };
    await cached(query('jane@acme.io'), cache, off, async () => result('full'));
    expect(writes).toEqual([]);
  });

  it('misses after the store generation changes', async () => {
    const { cache, policy, generation } = setup();
    const compute = jest.fn(async () => result('full'));
    await cached(query('jane@acme.io'), cache, policy, compute);
    generation.current = 1;
    expect((await cached(query('jane@acme.io'), cache, policy, compute)).cached).toBe(false);
    expect(compute).toHaveBeenCalledTimes(2);
  });

});

describe('createMemoryCache', () => {
  it('is bounded by entries', async () => {
    const cache = createMemoryCache({ maxEntries: 2, maxBytes: 1_000_000 });
    await cache.set('a', result('full'), 60_000);
    await cache.set('b', result('full'), 60_000);
    await cache.set('c', result('full'), 60_000);
    expect(cache.size).toBe(2);
    expect(await cache.get('a')).toBeUndefined();
  });

  it('is bounded by bytes', async () => {
    const one = (JSON.stringify(result('full')).length + 2) * 2;
    const cache = createMemoryCache({ maxEntries: 100, maxBytes: one * 2 + 10 });
    for (let i = 0; i < 10; i += 1) await cache.set(`k${i}`, result('full'), 60_000);
    expect(cache.size).toBe(2);
  });

  it('forgets entries after their TTL', async () => {
    const cache = createMemoryCache({ maxEntries: 10, maxBytes: 1_000_000 });
    await cache.set('a', result('full'), 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('a')).toBeUndefined();
  });
});

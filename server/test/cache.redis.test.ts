import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { createRedisCache } from '../src/cache/redis';
import { createRedisClient, redisReady } from '../src/cache/redisClient';
import { createLogger } from '../src/observability/logger';
import { freePort } from '../../mocks/prism';

const NOT_FOUND = { found: false, matchedOn: null, confidence: null };

// Set by .ci/run; on a machine without Redis, unset it to skip (the reason is printed).
const url = process.env['REDIS_URL_TEST'];
const required = process.env['CI'] === 'true';
if (url === undefined && required) throw new Error('CI=true but REDIS_URL_TEST is not set: .ci/run must set it');
if (url === undefined && !required) {
  // eslint-disable-next-line no-console
  console.warn('cache.redis.test.ts skipped: REDIS_URL_TEST is not set (e.g. redis://127.0.0.1:6379)');
}

/** A full answer found in the store for a person of this first name (dates included, to check they are revived). */
function answerFor(firstName: string) {
  return {
    values: { first_name: firstName },
    provenance: { first_name: { source: 'store' as const, confidence: 0.95, fetchedAt: new Date('2026-11-01T00:00:00Z') } },
    missing: [],
    warnings: [],
    match: { status: 'full' as const, matchedOn: ['email' as const], person: { found: true, matchedOn: 'email' as const, confidence: 0.98 }, company: NOT_FOUND },
    consulted: ['store' as const],
    timings: { store: 1 },
  };
}

function capturedLogger() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { logger: createLogger({ level: 'info', stream }), text: () => text };
}

(url === undefined ? describe.skip : describe)('Redis answer cache (a real server)', () => {
  const prefix = `enrich:test:${randomBytes(4).toString('hex')}:`;
  let client: ReturnType<typeof createRedisClient>;
  beforeAll(async () => {
    client = createRedisClient(url!);
    if (!(await redisReady(client, 5000))) throw new Error(`Redis at ${url} is not reachable`);
  });
  afterAll(async () => {
    try {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(...keys);
    } finally {
      client.disconnect();
    }
  });

  it('keeps JSON answers with a TTL, shared by every client', async () => {
    const { logger } = capturedLogger();
    const a = createRedisCache(client, logger, prefix);
    const other = createRedisClient(url!);
    await redisReady(other, 5000);
    const b = createRedisCache(other, logger, prefix);
    const answer = answerFor('Jane');
    await a.set('k', answer, 60_000);
    expect(await b.get('k')).toEqual(answer); // dates revived
    await client.set(`${prefix}damaged`, '{not json');
    expect(await b.get('damaged')).toBeUndefined();
    const ttl = await client.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    other.disconnect();
  });

  it('answers reads and writes made at once (concurrent requests, batch rows) in one MGET and one pipeline, each its own', async () => {
    const { logger } = capturedLogger();
    const cache = createRedisCache(client, logger, prefix);
    const names = ['Ada', 'Grace', 'Edsger'];
    const mget = jest.spyOn(client, 'mget');
    const pipeline = jest.spyOn(client, 'pipeline');
    try {
      await Promise.all(names.map((name, i) => cache.set(`batch-${name}`, answerFor(name), 10_000 + i * 10_000)));
      expect(pipeline).toHaveBeenCalledTimes(1);
      const read = await Promise.all([...names, 'nobody'].map((name) => cache.get(`batch-${name}`)));
      expect(mget).toHaveBeenCalledTimes(1);
      expect(read).toEqual([...names.map(answerFor), undefined]);
      // Each entry keeps its own TTL.
      expect(await client.pttl(`${prefix}batch-Edsger`)).toBeGreaterThan(20_000);
      expect(await client.pttl(`${prefix}batch-Ada`)).toBeLessThanOrEqual(10_000);
    } finally {
      mget.mockRestore();
      pipeline.mockRestore();
    }
  });

  it('is a miss, logged once, when Redis cannot be reached, and never throws', async () => {
    const { logger, text } = capturedLogger();
    const dead = createRedisClient(`redis://127.0.0.1:${await freePort()}`);
    const cache = createRedisCache(dead, logger, prefix);
    const started = Date.now();
    expect(await cache.get('k')).toBeUndefined();
    await expect(cache.set('k', { values: {}, provenance: {}, missing: [], warnings: [], match: { status: 'none', matchedOn: [], person: NOT_FOUND, company: NOT_FOUND }, consulted: [], timings: {} }, 1000)).resolves.toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(text().match(/cache_unavailable/g)).toHaveLength(1);
    dead.disconnect();
  });
});

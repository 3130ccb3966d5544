import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisClient, redisReady } from '../src/cache/redisClient';
import { redisWindowSet } from '../src/cache/redisWindows';
import { memoryWindowSet } from '../src/http/windowSet';
import { previousLimiter, requestSequence, SPECS, verdictOf } from './windowSetModel';

// Set by .ci/run; on a machine without Redis, unset it to skip (the reason is printed).
const url = process.env['REDIS_URL_TEST'];
if (url === undefined && process.env['CI'] === 'true') throw new Error('CI=true but REDIS_URL_TEST is not set: .ci/run must set it');
if (url === undefined) {
  // eslint-disable-next-line no-console
  console.warn('windowSet.redis.test.ts skipped: REDIS_URL_TEST is not set (e.g. redis://127.0.0.1:6379)');
}

(url === undefined ? describe.skip : describe)('Redis window set (one script call per request, a real server)', () => {
  // Made in beforeAll: a skipped describe still runs its body, and a client made there would keep jest from exiting.
  let redis: Redis;
  const prefix = () => `enrich:test:rl:${randomBytes(6).toString('hex')}:`;
  beforeAll(async () => {
    // A generous command timeout: these tests compare Redis's verdicts, and on a loaded machine (CI runs
    // suites side by side) a call past the default 250 ms is answered by the in-process insurance
    // instead, with counters of its own.
    redis = createRedisClient(url!, { commandTimeoutMs: 5000 });
    expect(await redisReady(redis, 5000)).toBe(true);
  });
  afterAll(() => redis.disconnect());

  it('refuses and counts exactly as the previous per-window limiter (within one minute)', async () => {
    const set = redisWindowSet(redis, SPECS, memoryWindowSet(SPECS, 1000), prefix());
    const before = previousLimiter(SPECS, 1000, () => 0);
    let refusals = 0;
    for (const step of requestSequence(120)) {
      const expected = await before(step.tenant, step.account);
      expect(await verdictOf(set, SPECS, step.tenant, step.account)).toEqual(expected);
      if (!expected.admitted) refusals += 1;
    }
    expect(refusals).toBeGreaterThan(50);
  });

  it('sends one command per request and spends nothing on a refused one', async () => {
    const p = prefix();
    const set = redisWindowSet(redis, SPECS, memoryWindowSet(SPECS, 1000), p);
    await set.spend('acme', 'acme:a'); // loads the script
    const sent = jest.spyOn(redis, 'sendCommand');
    for (let i = 0; i < 5; i += 1) await set.spend('acme', `acme:b${i % 3}`);
    expect(sent).toHaveBeenCalledTimes(5);
    sent.mockRestore();
    // The tenant's minute window (6) is now full: the next request is refused and changes no counter.
    const refused = await set.spend('acme', 'acme:new');
    expect(refused.filter((s) => s.refused).map((s) => SPECS[s.index]!.name)).toEqual(['tenant_minute_6']);
    expect(await redis.get(`${p}tenant_minute_6:acme`)).toBe('6');
    expect(await redis.exists(`${p}acct_minute_2:acme:new`, `${p}acct_hour_5:acme:new`)).toBe(0);
    const ttl = await redis.pttl(`${p}tenant_hour_15:acme`);
    expect(ttl).toBeGreaterThan(3_590_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
  });

  it('answers from memory while Redis fails, without waiting on it', async () => {
    const dead = createRedisClient('redis://127.0.0.1:1');
    const set = redisWindowSet(dead, SPECS, memoryWindowSet(SPECS, 1000), prefix());
    const verdicts = [];
    for (let i = 0; i < 3; i += 1) verdicts.push((await set.spend('acme', 'acme:a')).some((s) => s.refused));
    expect(verdicts).toEqual([false, false, true]); // the account's minute window of 2, enforced in process
    dead.disconnect();
  });
});

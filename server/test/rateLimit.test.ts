import { PassThrough } from 'node:stream';
import type { Request, Response } from 'express';
import { parseRateLimits } from '../src/config';
import { HttpProblem } from '../src/http/problem';
import { memoryLimiter, rateLimit } from '../src/http/rateLimit';
import { createLogger } from '../src/observability/logger';
import { createMetrics } from '../src/observability/metrics';

/** Calls the limiter as Express would, for one (tenant, account); resolves to the status it would answer. */
function limiterHarness(windows: string, tenantFactor = 100) {
  const metrics = createMetrics({ collectDefaults: false });
  const middleware = rateLimit({ windows: parseRateLimits(windows), tenantFactor, maxKeys: 1000, accountRef: (a) => a }, createLogger({ level: 'error', stream: new PassThrough() }), metrics);
  return {
    metrics,
    async call(account = 'acct_1') {
      const headers: Record<string, string> = {};
      const req = { get: (name: string) => (name.toLowerCase() === 'x-account-id' ? account : undefined) } as unknown as Request;
      const res = { locals: { tenant: 'acme', requestId: 'r' }, setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
      try {
        let passed = false;
        await middleware(req, res, () => (passed = true));
        return { status: passed ? 200 : 0, headers, problem: null };
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        return { status: error.template.status, headers: { ...headers, ...error.headers }, problem: error };
      }
    },
  };
}

describe('rate limits over time (fake clock, no sleeping)', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-29T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('enforce the minute, hour and day windows, each reopening when it ends', async () => {
    const limiter = limiterHarness('2/m,3/h,4/d');
    expect((await limiter.call()).status).toBe(200);
    expect((await limiter.call()).status).toBe(200);
    const minute = await limiter.call();
    expect(minute.status).toBe(429);
    expect(minute.problem?.extra.violated_policies).toEqual(['minute']);
    expect(minute.headers['Retry-After']).toBe('60');

    jest.advanceTimersByTime(61_000);
    expect((await limiter.call()).status).toBe(200); // 3rd in the hour
    const hour = await limiter.call();
    expect(hour.status).toBe(429);
    expect(hour.problem?.extra.violated_policies).toEqual(['hour']);
    expect(Number(hour.headers['Retry-After'])).toBeGreaterThan(3000);

    jest.advanceTimersByTime(3_600_000);
    expect((await limiter.call()).status).toBe(200); // 4th in the day
    jest.advanceTimersByTime(61_000);
    const day = await limiter.call();
    expect(day.status).toBe(429);
    expect(day.problem?.extra.violated_policies).toEqual(['day']);

    jest.advanceTimersByTime(86_400_000);
    expect((await limiter.call()).status).toBe(200);
  });

  it('names the window closest to running out in RateLimit', async () => {
    const limiter = limiterHarness('10/m,12/h');
    const first = await limiter.call();
    expect(first.headers['RateLimit']).toBe('"minute";r=9;t=60');
    for (let i = 0; i < 9; i += 1) await limiter.call();
    jest.advanceTimersByTime(60_000);
    const later = await limiter.call(); // minute window fresh (9 left of 10), hour has 1 left of 12
    expect(later.headers['RateLimit']).toMatch(/^"hour";r=1;t=\d+$/);
  });

  it('counts refusals by window in metrics', async () => {
    const limiter = limiterHarness('1/m');
    await limiter.call();
    await limiter.call();
    await limiter.call();
    expect(await limiter.metrics.registry.getSingleMetricAsString('enrich_rate_limited_total')).toContain('enrich_rate_limited_total{window="minute"} 2');
  });
});

describe('limiter memory with invented account ids', () => {
  /** Counts the distinct keys each window was asked about, through the limiter factory. */
  function counting(windows: string, tenantFactor: number, maxKeys: number) {
    const keys = new Map<string, Set<string>>();
    const middleware = rateLimit(
      {
        windows: parseRateLimits(windows),
        tenantFactor,
        maxKeys,
        accountRef: (account) => account,
        makeLimiter: (name, points, seconds) => {
          const inner = memoryLimiter(points, seconds, maxKeys);
          const seen = new Set<string>();
          keys.set(name, seen);
          return { consume: (key) => (seen.add(key), inner.consume(key)), reward: (key) => inner.reward(key), get: (key) => inner.get(key) };
        },
      },
      createLogger({ level: 'error', stream: new PassThrough() }),
      createMetrics({ collectDefaults: false }),
    );
    const call = async (account: string) => {
      const req = { get: (name: string) => (name.toLowerCase() === 'x-account-id' ? account : undefined) } as unknown as Request;
      const res = { locals: { tenant: 'acme', requestId: 'r' }, setHeader: () => undefined } as unknown as Response;
      try {
        await middleware(req, res, () => undefined);
        return 200;
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        return error.template.status;
      }
    };
    return { keys, call };
  }

  it('asks no account window about a request the tenant cap refused', async () => {
    const limiter = counting('5/m,50/h', 2, 1000);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) statuses.push(await limiter.call(`invented-${i}`));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(limiter.keys.get('acct_minute_5')?.size).toBe(10);
    expect(limiter.keys.get('acct_hour_50')?.size).toBe(10);
  });

  it('keeps at most maxKeys accounts per window: 200k unique ids hold 10,000 entries', async () => {
    const limiter = memoryLimiter(100, 86_400, 10_000);
    for (let i = 0; i < 200_000; i += 1) await limiter.consume(`acme:invented-${i}-${'x'.repeat(40)}@customer.example`);
    expect(limiter.size).toBe(10_000);
    // The least recently used account was dropped; a recent one still has its count.
    expect((await limiter.consume(`acme:invented-199999-${'x'.repeat(40)}@customer.example`)).remaining).toBe(98);
    expect((await limiter.consume(`acme:invented-0-${'x'.repeat(40)}@customer.example`)).remaining).toBe(99);
  });
});

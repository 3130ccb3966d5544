import { PassThrough } from 'node:stream';
import type { Request, Response } from 'express';
import { parseRateLimits } from '../src/config';
import { HttpProblem } from '../src/http/problem';
import { rateLimit } from '../src/http/rateLimit';
import { createLogger } from '../src/observability/logger';
import { createMetrics } from '../src/observability/metrics';

/** Calls the limiter as Express would, for one (tenant, account); resolves to the status it would answer. */
function limiterHarness(windows: string, tenantFactor = 100) {
  const metrics = createMetrics({ collectDefaults: false });
  const middleware = rateLimit({ windows: parseRateLimits(windows), tenantFactor }, createLogger({ level: 'error', stream: new PassThrough() }), metrics);
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

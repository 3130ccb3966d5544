import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateWindow } from '../config';

/** Records spend the account's day window: a worker takes what is left, and the job waits for the rest. */
export interface DayQuota {
  /** Spends up to `wanted` points; `retryAt` is when the window has room again when none were left. */
  take(tenant: string, account: string, wanted: number): Promise<{ granted: number; retryAt: number }>;
  giveBack(tenant: string, account: string, points: number): Promise<void>;
}

/**
 * The day window of POST /enrich's limits, for batch records. The limiter has the same name and key as
 * the HTTP one (`acct_<window>_<limit>`, `tenant:account`), so with Redis both spend one budget; in
 * memory each process keeps its own.
 */
export function createDayQuota(window: RateWindow, now: () => number, makeLimiter?: (name: string, points: number, seconds: number) => RateLimiterAbstract): DayQuota {
  const name = `acct_${window.name}_${window.limit}`;
  const limiter = makeLimiter ? makeLimiter(name, window.limit, window.seconds) : new RateLimiterMemory({ keyPrefix: name, points: window.limit, duration: window.seconds });
  return {
    async take(tenant, account, wanted) {
      const key = `${tenant}:${account}`;
      const state = await limiter.get(key);
      const remaining = window.limit - (state?.consumedPoints ?? 0);
      const retryAt = now() + Math.max(1000, state?.msBeforeNext ?? window.seconds * 1000);
      const granted = Math.min(wanted, Math.max(0, remaining));
      if (granted === 0) return { granted: 0, retryAt };
      try {
        await limiter.consume(key, granted);
        return { granted, retryAt };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        await limiter.reward(key, granted).catch(() => undefined);
        return { granted: 0, retryAt: now() + Math.max(1000, rejection.msBeforeNext) };
      }
    },
    async giveBack(tenant, account, points) {
      if (points > 0) await limiter.reward(`${tenant}:${account}`, points).catch(() => undefined);
    },
  };
}

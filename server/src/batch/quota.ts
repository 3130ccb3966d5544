import type { RateWindow } from '../config';
import { memoryLimiter, type LimiterFactory } from '../http/rateLimit';

/** Records spend the account's day window: a worker takes what is left, and the job waits for the rest. */
export interface DayQuota {
  /** Spends up to `wanted` points; `retryAt` is when the window has room again when none were left. */
  take(tenant: string, account: string, wanted: number): Promise<{ granted: number; retryAt: number }>;
  giveBack(tenant: string, account: string, points: number): Promise<void>;
}

/**
 * The day window of POST /enrich's limits, for batch records. The limiter has the same name and key as
 * the HTTP one (`acct_<window>_<limit>`, `tenant:account`), so with Redis both spend one budget; in
 * memory each process keeps its own (bounded by `maxKeys`, as the HTTP windows are).
 */
export function createDayQuota(window: RateWindow, now: () => number, makeLimiter: LimiterFactory | undefined, maxKeys: number): DayQuota {
  const name = `acct_${window.name}_${window.limit}`;
  const limiter = makeLimiter ? makeLimiter(name, window.limit, window.seconds) : memoryLimiter(window.limit, window.seconds, maxKeys, now);
  return {
    async take(tenant, account, wanted) {
      const key = `${tenant}:${account}`;
      const state = await limiter.get(key);
      const remaining = window.limit - (state?.used ?? 0);
      const retryAt = now() + Math.max(1000, state?.msBeforeNext ?? window.seconds * 1000);
      let granted = 0;
      // The window limiter spends one point a call; a chunk of rows is at most a few hundred.
      while (granted < Math.min(wanted, Math.max(0, remaining))) {
        const spent = await limiter.consume(key);
        if (spent.refused) return { granted, retryAt: now() + Math.max(1000, spent.msBeforeNext) };
        granted += 1;
      }
      return { granted, retryAt };
    },
    async giveBack(tenant, account, points) {
      const key = `${tenant}:${account}`;
      for (let i = 0; i < points; i += 1) await limiter.reward(key).catch(() => undefined);
    },
  };
}

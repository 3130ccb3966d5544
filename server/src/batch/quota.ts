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
      const ask = Math.min(wanted, Math.max(0, window.limit - (state?.used ?? 0)));
      if (ask === 0) return { granted: 0, retryAt: now() + Math.max(1000, state?.msBeforeNext ?? window.seconds * 1000) };
      // One spend for the whole chunk; when other spenders got there first, what passed the limit is given back.
      const spent = await limiter.consume(key, ask);
      const before = spent.used - ask;
      const granted = spent.refused ? Math.max(0, Math.min(ask, window.limit - before)) : ask;
      if (granted < ask) await limiter.reward(key, ask - granted).catch(() => undefined);
      // Full before this spend: room comes back when the window resets. Otherwise another spender's
      // chunk was counted at the same moment and is being given back: try again shortly.
      const retryAt = before >= window.limit ? now() + Math.max(1000, spent.msBeforeNext) : now() + 1000;
      return { granted, retryAt };
    },
    async giveBack(tenant, account, points) {
      if (points > 0) await limiter.reward(`${tenant}:${account}`, points).catch(() => undefined);
    },
  };
}

import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateWindow } from '../config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { ACCOUNT_ID_DETAIL, isAccountId } from '../../../common/fields';
import { HttpProblem, PROBLEMS } from './problem';

const DEFAULT_ACCOUNT = 'default';

interface Window {
  readonly policy: string;
  readonly limit: number;
  readonly seconds: number;
  readonly scope: 'account' | 'tenant';
  readonly limiter: RateLimiterAbstract;
}

interface Outcome {
  readonly window: Window;
  readonly remaining: number;
  readonly resetSeconds: number;
  readonly refused: boolean;
}

export interface RateLimitOptions {
  readonly windows: readonly RateWindow[];
  /** Each account window times this factor caps the whole tenant. */
  readonly tenantFactor: number;
  /** Makes a limiter for one window; in memory unless given (Redis comes in through here). */
  readonly makeLimiter?: (name: string, points: number, seconds: number) => RateLimiterAbstract;
}

const memoryLimiter = (name: string, points: number, seconds: number) =>
  new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });

/** RFC 8941 List for RateLimit-Policy: `"minute";q=100;w=60, ...`. */
function policyHeader(windows: readonly Window[]): string {
  return windows.map((w) => `"${w.policy}";q=${w.limit};w=${w.seconds}`).join(', ');
}

/**
 * Per-(tenant, account) windows plus tenant-wide windows; a key's own limits (`res.locals.limits`)
 * replace the defaults. Every answer carries `RateLimit-Policy` and `RateLimit` (the window closest to
 * running out); a used-up window is a 429 with `Retry-After`.
 */
export function rateLimit(options: RateLimitOptions, logger: Logger, metrics: Metrics): RequestHandler {
  const make = options.makeLimiter ?? memoryLimiter;
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (scope: 'account' | 'tenant', w: RateWindow, limit: number) => {
    const name = `${scope === 'account' ? 'acct' : 'tenant'}_${w.name}_${limit}`;
    let limiter = limiters.get(name);
    if (limiter === undefined) {
      limiter = make(name, limit, w.seconds);
      limiters.set(name, limiter);
    }
    return limiter;
  };
  const windowsFor = (base: readonly RateWindow[]): { windows: Window[]; policy: string } => {
    const windows: Window[] = [
      ...base.map((w) => ({ policy: w.name, limit: w.limit, seconds: w.seconds, scope: 'account' as const, limiter: limiterFor('account', w, w.limit) })),
      ...base.map((w) => {
        const limit = w.limit * options.tenantFactor;
        return { policy: `tenant_${w.name}`, limit, seconds: w.seconds, scope: 'tenant' as const, limiter: limiterFor('tenant', w, limit) };
      }),
    ];
    return { windows, policy: policyHeader(windows) };
  };
  const defaults = windowsFor(options.windows);
  const perKey = new Map<readonly RateWindow[], ReturnType<typeof windowsFor>>();

  return async (req, res, next) => {
    const given = req.get('x-account-id');
    if (given !== undefined && !isAccountId(given)) {
      throw new HttpProblem(PROBLEMS.invalidRequest, 'X-Account-ID must be 1 to 128 of A-Z a-z 0-9 . _ : @ -.', {
        errors: [{ pointer: '/headers/x-account-id', detail: ACCOUNT_ID_DETAIL }],
      });
    }
    const tenant = String(res.locals['tenant']);
    const account = given ?? DEFAULT_ACCOUNT;
    res.locals['account'] = account;
    const keyLimits = res.locals['limits'] as readonly RateWindow[] | null | undefined;
    let set = defaults;
    if (keyLimits) {
      set = perKey.get(keyLimits) ?? windowsFor(keyLimits);
      perKey.set(keyLimits, set);
    }
    const keyOf = (window: Window) => (window.scope === 'account' ? `${tenant}:${account}` : tenant);
    const outcomes: Outcome[] = await Promise.all(
      set.windows.map(async (window): Promise<Outcome> => {
        const key = keyOf(window);
        try {
          const r = await window.limiter.consume(key, 1);
          return { window, remaining: r.remainingPoints, resetSeconds: Math.ceil(r.msBeforeNext / 1000), refused: false };
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          return { window, remaining: 0, resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), refused: true };
        }
      }),
    );
    const tightest = outcomes.reduce((a, b) =>
      a.remaining / a.window.limit < b.remaining / b.window.limit || (a.remaining === b.remaining && a.resetSeconds > b.resetSeconds) ? a : b,
    );
    res.setHeader('RateLimit-Policy', set.policy);
    res.setHeader('RateLimit', `"${tightest.window.policy}";r=${tightest.remaining};t=${tightest.resetSeconds}`);
    res.locals['limitRemaining'] = tightest.remaining;
    const refused = outcomes.filter((o) => o.refused);
    if (refused.length === 0) {
      next();
      return;
    }
    // A refused request does not spend the other windows' quota.
    await Promise.all(outcomes.filter((o) => !o.refused).map((o) => o.window.limiter.reward(keyOf(o.window), 1).catch(() => undefined)));
    const retryAfter = Math.max(...refused.map((o) => o.resetSeconds));
    const names = refused.map((o) => o.window.policy);
    const worst = refused.find((o) => o.resetSeconds === retryAfter)!;
    res.setHeader('RateLimit', `"${worst.window.policy}";r=0;t=${retryAfter}`);
    for (const name of names) metrics.rateLimited.inc({ window: name });
    logger.warn('rate limit exceeded', { event: 'rate_limited', request_id: res.locals['requestId'], tenant, account, windows: names });
    const whose = worst.window.scope === 'account' ? 'this account' : 'this tenant';
    throw new HttpProblem(
      PROBLEMS.quotaExceeded,
      `The ${worst.window.policy} window of ${worst.window.limit} requests for ${whose} is used up; retry in ${retryAfter} seconds.`,
      { violated_policies: names },
      { 'Retry-After': String(retryAfter) },
    );
  };
}

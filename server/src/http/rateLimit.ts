import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import type { RateWindow } from '../config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { ACCOUNT_ID_DETAIL, isAccountId } from '../../../common/fields';
import { HttpProblem, PROBLEMS } from './problem';
import { memoryWindowSet, type WindowSet, type WindowSetFactory, type WindowSpec } from './windowSet';

const DEFAULT_ACCOUNT = 'default';

interface Window extends WindowSpec {
  readonly policy: string;
}

/** One fixed window's counters by key. `consume` spends `points` (one request by default) in one operation; `reward` gives them back. */
export interface WindowLimiter {
  /** `used` is the window's count after this spend, refused or not (a refused spend still counts until rewarded). */
  consume(key: string, points?: number): Promise<{ remaining: number; msBeforeNext: number; refused: boolean; used: number }>;
  reward(key: string, points?: number): Promise<void>;
  /** How much of the window `key` has used, without spending (null: nothing yet). */
  get(key: string): Promise<{ used: number; msBeforeNext: number } | null>;
}

/**
 * Makes the limiter of one window (`name` is unique per scope, window and limit). `windowSet`, when
 * present, makes the one-operation check of all of a request's windows (Redis: one script call);
 * without it the request limits go through `windowSetOf` over single windows (tests count keys that way).
 */
export type LimiterFactory = ((name: string, points: number, seconds: number) => WindowLimiter) & { readonly windowSet?: WindowSetFactory };

/**
 * A window set over one limiter per window, for factories that make only those (tests): the previous
 * algorithm, several operations — consume the tenant's windows, then, when none refused, the account's,
 * and give back what the windows that did not refuse spent.
 */
export function windowSetOf(specs: readonly WindowSpec[], make: LimiterFactory): WindowSet {
  const limiters = specs.map((spec) => make(spec.name, spec.limit, spec.seconds));
  const consume = (scope: WindowSpec['scope'], key: string) =>
    Promise.all(
      specs.flatMap((spec, index) =>
        spec.scope === scope ? [limiters[index]!.consume(key).then((r) => ({ index, key, used: spec.limit - r.remaining, msBeforeNext: r.msBeforeNext, refused: r.refused }))] : [],
      ),
    );
  return {
    async spend(tenantKey, accountKey) {
      const tenant = await consume('tenant', tenantKey);
      const all = tenant.some((s) => s.refused) ? tenant : [...(await consume('account', accountKey)), ...tenant];
      if (all.some((s) => s.refused)) {
        await Promise.all(all.filter((s) => !s.refused).map((s) => limiters[s.index]!.reward(s.key)));
        return all.map(({ index, used, msBeforeNext, refused }) => ({ index, used: refused ? used : used - 1, msBeforeNext, refused })).sort((a, b) => a.index - b.index);
      }
      return all.map(({ index, used, msBeforeNext }) => ({ index, used, msBeforeNext, refused: false })).sort((a, b) => a.index - b.index);
    },
  };
}

/**
 * In-process fixed windows holding at most `maxKeys` keys: the least recently used key is dropped
 * at the cap (that account starts a fresh window; the tenant-wide windows still bound the tenant, and
 * they are checked before any account state is made). Each key costs ~200 bytes.
 */
export function memoryLimiter(points: number, seconds: number, maxKeys: number, now: () => number = Date.now): WindowLimiter & { readonly size: number } {
  const windows = new LRUCache<string, { used: number; resetAt: number }>({ max: maxKeys });
  const current = (key: string) => {
    const entry = windows.get(key);
    const at = now();
    if (entry !== undefined && entry.resetAt > at) return entry;
    const fresh = { used: 0, resetAt: at + seconds * 1000 };
    windows.set(key, fresh);
    return fresh;
  };
  return {
    get size() {
      return windows.size;
    },
    async consume(key, spend = 1) {
      const entry = current(key);
      entry.used += spend;
      return { remaining: Math.max(0, points - entry.used), msBeforeNext: entry.resetAt - now(), refused: entry.used > points, used: entry.used };
    },
    async reward(key, given = 1) {
      const entry = windows.get(key);
      if (entry !== undefined) entry.used = Math.max(0, entry.used - given);
    },
    async get(key) {
      const entry = windows.peek(key);
      const at = now();
      return entry === undefined || entry.resetAt <= at ? null : { used: entry.used, msBeforeNext: entry.resetAt - at };
    },
  };
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
  readonly makeLimiter?: LimiterFactory;
  /** Keys (tenant, account) each in-process window keeps at most (LIMITER_MAX_KEYS). */
  readonly maxKeys: number;
  /** What logs show for an account id (observability/pseudonym.ts): never the id itself. */
  readonly accountRef: (account: string) => string;
}

/** RFC 8941 List for RateLimit-Policy: `"minute";q=100;w=60, ...`. */
function policyHeader(windows: ReadonlyArray<Pick<Window, 'policy' | 'limit' | 'seconds'>>): string {
  return windows.map((w) => `"${w.policy}";q=${w.limit};w=${w.seconds}`).join(', ');
}

/**
 * Per-(tenant, account) windows plus tenant-wide windows; a key's own limits (`res.locals.limits`)
 * replace the defaults. Every answer carries `RateLimit-Policy` and `RateLimit` (the window closest to
 * running out); a used-up window is a 429 with `Retry-After`.
 */
export function rateLimit(options: RateLimitOptions, logger: Logger, metrics: Metrics): RequestHandler {
  const make = options.makeLimiter;
  const windowSet = (specs: readonly WindowSpec[]): WindowSet => {
    if (make === undefined) return memoryWindowSet(specs, options.maxKeys);
    return make.windowSet ? make.windowSet(specs) : windowSetOf(specs, make);
  };
  const windowsFor = (base: readonly RateWindow[]): { windows: Window[]; policy: string; set: WindowSet } => {
    const windows: Window[] = [
      ...base.map((w) => ({ name: `acct_${w.name}_${w.limit}`, policy: w.name, limit: w.limit, seconds: w.seconds, scope: 'account' as const })),
      ...base.map((w) => {
        const limit = w.limit * options.tenantFactor;
        return { name: `tenant_${w.name}_${limit}`, policy: `tenant_${w.name}`, limit, seconds: w.seconds, scope: 'tenant' as const };
      }),
    ];
    return { windows, policy: policyHeader(windows), set: windowSet(windows) };
  };
  const defaults = windowsFor(options.windows);
  // Keyed by the canonical policy (not by object identity): keys with the same limits share windows.
  const perKey = new Map<string, ReturnType<typeof windowsFor>>();

  return async (req, res, next) => {
    const given = req.get('x-account-id');
    if (given !== undefined && !isAccountId(given)) {
      throw new HttpProblem(PROBLEMS.invalidRequest, 'X-Account-ID must be 1 to 128 of A-Z a-z 0-9 . _ : @ -.', {
        errors: [{ pointer: '/headers/x-account-id', detail: ACCOUNT_ID_DETAIL }],
      });
    }
    const tenant = res.locals.tenant ?? 'unknown';
    const account = given ?? DEFAULT_ACCOUNT;
    const accountRef = options.accountRef(account);
    res.locals.account = accountRef;
    const keyLimits = res.locals.limits;
    let set = defaults;
    if (keyLimits) {
      const canonical = policyHeader(keyLimits.map((w) => ({ policy: w.name, limit: w.limit, seconds: w.seconds })));
      set = perKey.get(canonical) ?? windowsFor(keyLimits);
      perKey.set(canonical, set);
    }
    // One operation for every window: the tenant's first, the account's only when the tenant has room
    // (inventing account ids then costs no memory and no Redis keys); a refused request spends nothing.
    const outcomes: Outcome[] = (await set.set.spend(tenant, `${tenant}:${account}`)).map((state) => {
      const window = set.windows[state.index]!;
      return {
        window,
        remaining: state.refused ? 0 : Math.max(0, window.limit - state.used),
        resetSeconds: Math.max(state.refused ? 1 : 0, Math.ceil(state.msBeforeNext / 1000)),
        refused: state.refused,
      };
    });
    const tightest = outcomes.reduce((a, b) =>
      a.remaining / a.window.limit < b.remaining / b.window.limit || (a.remaining === b.remaining && a.resetSeconds > b.resetSeconds) ? a : b,
    );
    res.setHeader('RateLimit-Policy', set.policy);
    res.setHeader('RateLimit', `"${tightest.window.policy}";r=${tightest.remaining};t=${tightest.resetSeconds}`);
    res.locals.limitRemaining = tightest.remaining;
    const refused = outcomes.filter((o) => o.refused);
    if (refused.length === 0) {
      next();
      return;
    }
    const retryAfter = Math.max(...refused.map((o) => o.resetSeconds));
    const names = refused.map((o) => o.window.policy);
    const worst = refused.find((o) => o.resetSeconds === retryAfter)!;
    res.setHeader('RateLimit', `"${worst.window.policy}";r=0;t=${retryAfter}`);
    for (const name of names) metrics.rateLimited.inc({ window: name });
    logger.warn('rate limit exceeded', { event: 'rate_limited', request_id: res.locals.requestId, tenant, account: accountRef, windows: names });
    const whose = worst.window.scope === 'account' ? 'this account' : 'this tenant';
    throw new HttpProblem(
      PROBLEMS.quotaExceeded,
      `The ${worst.window.policy} window of ${worst.window.limit} requests for ${whose} is used up; retry in ${retryAfter} seconds.`,
      { violated_policies: names },
      { 'Retry-After': String(retryAfter) },
    );
  };
}

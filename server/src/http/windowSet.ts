import { LRUCache } from 'lru-cache';

/** One fixed window of a request's limits. `name` is unique per scope, window and limit (`acct_minute_100`). */
export interface WindowSpec {
  readonly name: string;
  readonly limit: number;
  readonly seconds: number;
  readonly scope: 'account' | 'tenant';
}

/** One window as a request found it: `used` after the request when it was admitted, before it when refused. */
export interface WindowState {
  /** The window's position in the specs. */
  readonly index: number;
  readonly used: number;
  readonly msBeforeNext: number;
  readonly refused: boolean;
}

/**
 * Every window of a request checked, and spent only when all have room, in one operation: the
 * tenant's windows first, and the account's only when the tenant has room (so a request the tenant
 * cap refuses creates no account state). A refused request spends nothing (the ended windows it was
 * checked against start again from it, as before). Answers the windows it looked at, in spec order.
 */
export interface WindowSet {
  spend(tenantKey: string, accountKey: string): Promise<readonly WindowState[]>;
}

/** Makes the window set of one list of windows (the default limits, or a key's own). */
export type WindowSetFactory = (specs: readonly WindowSpec[]) => WindowSet;

interface Entry {
  readonly used: number[];
  readonly resetAt: number[];
}

/**
 * In process: one entry per tenant and one per (tenant, account), each holding the counters of all
 * its windows, in LRU maps of at most `maxKeys` entries (the least recently used account is dropped at
 * the cap and starts fresh; the tenant windows still bound the tenant). ~250 bytes an account.
 */
export function memoryWindowSet(specs: readonly WindowSpec[], maxKeys: number, now: () => number = Date.now): WindowSet & { readonly accounts: number } {
  const scopes = {
    tenant: specs.flatMap((spec, index) => (spec.scope === 'tenant' ? [{ spec, index }] : [])),
    account: specs.flatMap((spec, index) => (spec.scope === 'account' ? [{ spec, index }] : [])),
  };
  const entries = { tenant: new LRUCache<string, Entry>({ max: maxKeys }), account: new LRUCache<string, Entry>({ max: maxKeys }) };

  /** The scope's windows as they stand; `refused` when one has no room for this request. */
  const check = (scope: 'tenant' | 'account', key: string, at: number, out: WindowState[]): boolean => {
    const entry = entries[scope].get(key);
    let refused = false;
    scopes[scope].forEach(({ spec, index }, i) => {
      const live = entry !== undefined && entry.resetAt[i]! > at;
      const used = live ? entry.used[i]! : 0;
      const over = used + 1 > spec.limit;
      refused ||= over;
      out.push({ index, used, msBeforeNext: live ? entry.resetAt[i]! - at : spec.seconds * 1000, refused: over });
    });
    return refused;
  };
  /**
   * Restarts the scope's ended windows at `at` and, when `spend`, counts the request in each. A refused
   * request restarts the ended windows it was checked against without counting in them, as consuming
   * and then giving back did before: window boundaries, and so every later verdict, stay the same.
   */
  const touch = (scope: 'tenant' | 'account', key: string, at: number, states: WindowState[], spend: boolean) => {
    let entry = entries[scope].get(key);
    if (entry === undefined) {
      entry = { used: scopes[scope].map(() => 0), resetAt: scopes[scope].map(() => 0) };
      entries[scope].set(key, entry);
    }
    scopes[scope].forEach(({ spec, index }, i) => {
      if (entry.resetAt[i]! <= at) {
        entry.used[i] = 0;
        entry.resetAt[i] = at + spec.seconds * 1000;
      }
      if (!spend) return;
      entry.used[i]! += 1;
      states[states.findIndex((s) => s.index === index)] = { index, used: entry.used[i]!, msBeforeNext: entry.resetAt[i]! - at, refused: false };
    });
  };

  return {
    get accounts() {
      return entries.account.size;
    },
    async spend(tenantKey, accountKey) {
      const at = now();
      const states: WindowState[] = [];
      if (check('tenant', tenantKey, at, states)) {
        touch('tenant', tenantKey, at, states, false); // the account is not looked at: no state for it
        return order(states);
      }
      const admitted = !check('account', accountKey, at, states);
      touch('tenant', tenantKey, at, states, admitted);
      touch('account', accountKey, at, states, admitted);
      return order(states);
    },
  };
}

const order = (states: WindowState[]) => states.sort((a, b) => a.index - b.index);

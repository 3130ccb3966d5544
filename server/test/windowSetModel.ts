import { memoryLimiter } from '../src/http/rateLimit';
import type { WindowSet, WindowSpec } from '../src/http/windowSet';

/** What a request saw of the windows it was checked against: admitted with what remains, or refused by which. */
export type Verdict = { admitted: true; remaining: number[] } | { admitted: false; refusedBy: number[]; checked: number[] };

/**
 * The limiter as it was before one-operation window sets (kept here as the reference): consume the
 * tenant's windows one by one; when none refused, the account's; then give back what the windows that
 * did not refuse had spent.
 */
export function previousLimiter(specs: readonly WindowSpec[], maxKeys: number, now: () => number) {
  const limiters = specs.map((spec) => memoryLimiter(spec.limit, spec.seconds, maxKeys, now));
  const keyOf = (spec: WindowSpec, tenant: string, account: string) => (spec.scope === 'account' ? account : tenant);
  const indices = (scope: WindowSpec['scope']) => specs.flatMap((spec, i) => (spec.scope === scope ? [i] : []));
  return async (tenant: string, account: string): Promise<Verdict> => {
    const consume = (idx: number[]) => Promise.all(idx.map(async (i) => ({ i, r: await limiters[i]!.consume(keyOf(specs[i]!, tenant, account)) })));
    const tenantOutcomes = await consume(indices('tenant'));
    const all = tenantOutcomes.some((o) => o.r.refused) ? tenantOutcomes : [...(await consume(indices('account'))), ...tenantOutcomes];
    const refused = all.filter((o) => o.r.refused);
    if (refused.length === 0) return { admitted: true, remaining: all.sort((a, b) => a.i - b.i).map((o) => o.r.remaining) };
    await Promise.all(all.filter((o) => !o.r.refused).map((o) => limiters[o.i]!.reward(keyOf(specs[o.i]!, tenant, account))));
    return { admitted: false, refusedBy: refused.map((o) => o.i).sort(), checked: all.map((o) => o.i).sort() };
  };
}

/** The same verdict from a window set. */
export async function verdictOf(set: WindowSet, specs: readonly WindowSpec[], tenant: string, account: string): Promise<Verdict> {
  const states = await set.spend(tenant, account);
  const refusedBy = states.filter((s) => s.refused).map((s) => s.index);
  if (refusedBy.length === 0) return { admitted: true, remaining: states.map((s) => specs[s.index]!.limit - s.used) };
  return { admitted: false, refusedBy, checked: states.map((s) => s.index) };
}

/** Windows as rateLimit makes them for `2/m,5/h` with a tenant factor of 3 (account windows first). */
export const SPECS: readonly WindowSpec[] = [
  { name: 'acct_minute_2', limit: 2, seconds: 60, scope: 'account' },
  { name: 'acct_hour_5', limit: 5, seconds: 3600, scope: 'account' },
  { name: 'tenant_minute_6', limit: 6, seconds: 60, scope: 'tenant' },
  { name: 'tenant_hour_15', limit: 15, seconds: 3600, scope: 'tenant' },
];

/** A fixed pseudo-random sequence of (tenant, account) requests over 2 tenants and 6 accounts each. */
export function requestSequence(length: number, seed = 7): Array<{ tenant: string; account: string; advanceMs: number }> {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state / 2 ** 31);
  return Array.from({ length }, () => {
    const tenant = next() < 0.5 ? 'acme' : 'globex';
    return { tenant, account: `${tenant}:acct-${Math.floor(next() * 6)}`, advanceMs: Math.floor(next() * 9000) };
  });
}

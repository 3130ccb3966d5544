import { memoryWindowSet } from '../src/http/windowSet';
import { windowSetOf, memoryLimiter, type LimiterFactory } from '../src/http/rateLimit';
import { previousLimiter, requestSequence, SPECS, verdictOf } from './windowSetModel';

describe('in-process window set (one operation per request)', () => {
  it('refuses and counts exactly as the previous per-window limiter, over 2,000 requests and 5 hours', async () => {
    let clock = Date.parse('2026-11-29T10:00:00Z');
    const now = () => clock;
    const before = previousLimiter(SPECS, 1000, now);
    const after = memoryWindowSet(SPECS, 1000, now);
    let refusals = 0;
    for (const step of requestSequence(2000)) {
      clock += step.advanceMs;
      const expected = await before(step.tenant, step.account);
      expect(await verdictOf(after, SPECS, step.tenant, step.account)).toEqual(expected);
      if (!expected.admitted) refusals += 1;
    }
    expect(refusals).toBeGreaterThan(200); // the sequence does reach every kind of refusal
  });

  it('spends nothing on a refused request and creates no account entry when the tenant refuses', async () => {
    const set = memoryWindowSet(SPECS, 1000, () => 0);
    for (let i = 0; i < 6; i += 1) await set.spend('acme', `acme:a${i % 3}`);
    expect(set.accounts).toBe(3);
    const refused = await set.spend('acme', 'acme:new');
    expect(refused.map((s) => [s.index, s.used, s.refused])).toEqual([[2, 6, true], [3, 6, false]]);
    expect(set.accounts).toBe(3);
    expect((await set.spend('acme', 'acme:new')).find((s) => s.index === 2)?.used).toBe(6);
  });

  it('keeps at most maxKeys accounts', async () => {
    const set = memoryWindowSet([{ name: 'acct_day_100', limit: 100, seconds: 86_400, scope: 'account' }], 1000, () => 0);
    for (let i = 0; i < 5000; i += 1) await set.spend('acme', `acme:invented-${i}`);
    expect(set.accounts).toBe(1000);
  });

  it('gives the same verdicts through windowSetOf over single-window limiters', async () => {
    let clock = 0;
    const now = () => clock;
    const make: LimiterFactory = (_name, points, seconds) => memoryLimiter(points, seconds, 1000, now);
    const before = previousLimiter(SPECS, 1000, now);
    const after = windowSetOf(SPECS, make);
    for (const step of requestSequence(500, 11)) {
      clock += step.advanceMs;
      expect(await verdictOf(after, SPECS, step.tenant, step.account)).toEqual(await before(step.tenant, step.account));
    }
  });
});

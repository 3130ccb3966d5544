import type { Redis } from 'ioredis';
import type { WindowSet, WindowSpec, WindowState } from '../http/windowSet';

/**
 * Checks and spends every window of a request in one round trip, atomically. KEYS: the tenant's
 * windows, then the account's. ARGV[1]: how many are the tenant's; then, per window, its limit and
 * its length in ms. Tenant windows first; the account's are read only when the tenant has room;
 * nothing is counted unless every window has room (a refused request spends nothing; ended windows it
 * was checked against restart from it, and no account key is made when the tenant refuses). A counter
 * without a live expiry starts a fresh window. The counters are plain integers with a
 * PX expiry, the same keys and values rate-limiter-flexible kept, so instances of either kind agree.
 * Answers {refused, checked, used_1, ms_1, used_2, ms_2, ...} for the windows checked.
 */
const SPEND = `
local nt = tonumber(ARGV[1])
local n = #KEYS
local used, ttl, fresh = {}, {}, {}
local function check(from, to)
  local refused = 0
  for i = from, to do
    local ms = tonumber(ARGV[2 * i + 1])
    local t = redis.call('PTTL', KEYS[i])
    if t < 0 then
      used[i], ttl[i], fresh[i] = 0, ms, true
    else
      used[i], ttl[i], fresh[i] = tonumber(redis.call('GET', KEYS[i]) or '0') or 0, t, false
    end
    if used[i] + 1 > tonumber(ARGV[2 * i]) then refused = 1 end
  end
  return refused
end
local refused = check(1, nt)
local checked = nt
if refused == 0 then
  refused = check(nt + 1, n)
  checked = n
end
if refused == 1 then
  -- Ended windows restart from this request without counting it (as consume-then-give-back did).
  for i = 1, checked do
    if fresh[i] then redis.call('SET', KEYS[i], 0, 'PX', ARGV[2 * i + 1]) end
  end
else
  for i = 1, n do
    if fresh[i] then
      redis.call('SET', KEYS[i], 1, 'PX', ARGV[2 * i + 1])
      used[i] = 1
    else
      used[i] = redis.call('INCR', KEYS[i])
    end
  end
end
local out = {refused, checked}
for i = 1, checked do
  out[#out + 1] = used[i]
  out[#out + 1] = ttl[i]
end
return out
`;

type SpendCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<number[]>;

/**
 * The windows of a request kept in Redis (`enrich:rl:<window name>:<tenant>[:<account>]`), spent with
 * one script call per request; every instance spends one budget. While Redis fails, `insurance` (an
 * in-process window set) answers, so no request waits on Redis or fails because of it (each instance
 * then enforces the full quota on its own). One Redis, not a cluster: the keys of one call may lie in
 * different slots.
 */
export function redisWindowSet(redis: Redis, specs: readonly WindowSpec[], insurance: WindowSet, prefix = 'enrich:rl:'): WindowSet {
  const commands = redis as unknown as Record<string, SpendCommand | undefined>;
  if (commands['enrichSpendWindows'] === undefined) redis.defineCommand('enrichSpendWindows', { lua: SPEND });
  // The script's order: tenant windows, then account windows; answers are mapped back to spec order.
  const order = [...specs.map((spec, index) => ({ spec, index })).filter((w) => w.spec.scope === 'tenant'), ...specs.map((spec, index) => ({ spec, index })).filter((w) => w.spec.scope === 'account')];
  const tenantCount = order.filter((w) => w.spec.scope === 'tenant').length;
  const args = [tenantCount, ...order.flatMap(({ spec }) => [spec.limit, spec.seconds * 1000])];
  return {
    async spend(tenantKey, accountKey) {
      const keys = order.map(({ spec }) => `${prefix}${spec.name}:${spec.scope === 'tenant' ? tenantKey : accountKey}`);
      let reply: number[];
      try {
        reply = await commands['enrichSpendWindows']!(keys.length, ...keys, ...args);
      } catch {
        return insurance.spend(tenantKey, accountKey);
      }
      const [refused, checked] = reply as [number, number];
      const states: WindowState[] = [];
      for (let i = 0; i < checked; i += 1) {
        const { spec, index } = order[i]!;
        const used = reply[2 + 2 * i]!;
        states.push({ index, used, msBeforeNext: reply[3 + 2 * i]!, refused: refused === 1 && used + 1 > spec.limit });
      }
      return states.sort((a, b) => a.index - b.index);
    },
  };
}

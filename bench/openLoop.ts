// An open-loop load driver: requests leave at a fixed arrival rate whatever the server is doing, and
// each latency is measured from when its request was due, not from when it was sent — so a server
// that falls behind shows its queueing in the percentiles (no coordinated omission). autocannon's
// overall-rate mode is still closed per connection, hence this driver.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { percentile } from './closedLoop';
import { AUTH, ROOT, stamp } from './harness';

export interface OpenLoopRow {
  rate: number;
  seconds: number;
  sent: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  within2s: number;
  errors: number;
  non2xx: number;
  mix: string;
}

type Kind = 'cache' | 'store' | 'miss';

/** The sample's people: the cache-hit set (asked once before the run) and the store-hit set. */
function sampleEmails(): string[] {
  const lines = readFileSync(path.join(ROOT, 'data/sample/people.csv'), 'utf8').split('\n').slice(1);
  return lines.map((line) => line.split(',')[0]!).filter((email) => email.includes('@'));
}

const FIELDS = ['first_name', 'last_name', 'title', 'seniority', 'department', 'company_name', 'industry', 'company_size', 'location', 'city', 'country', 'linkedin_url'];

/**
 * The mix: 80% cache hits (200 people asked before the run, all fields), 15% store hits (a person of
 * the sample with a field list not asked before: a cache miss that the store answers), 5% misses (an
 * address nobody has), from 1,000 accounts.
 */
export function requestMix(seed = 17): { warm: object[]; next: () => { kind: Kind; body: string; account: string } } {
  const emails = sampleEmails();
  const hot = emails.slice(0, 200);
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state / 2 ** 31);
  let n = 0;
  return {
    warm: hot.map((email) => ({ email })),
    next: () => {
      n += 1;
      const account = `acct-${Math.floor(random() * 1000)}`;
      const roll = random();
      if (roll < 0.8) return { kind: 'cache', body: JSON.stringify({ email: hot[Math.floor(random() * hot.length)] }), account };
      if (roll < 0.95) {
        // A field list made from the request number: never the same list for the same person twice.
        const wanted = FIELDS.filter((_f, i) => ((n >> i) & 1) === 1 || i === n % FIELDS.length);
        return { kind: 'store', body: JSON.stringify({ email: emails[200 + (n % (emails.length - 200))], enrich: wanted }), account };
      }
      return { kind: 'miss', body: JSON.stringify({ email: `nobody.${n}@unknown-${n}.example` }), account };
    },
  };
}

/** Sends `rate` requests a second for `seconds` to `url`/enrich and reports latencies from their due times. */
export async function openLoop(url: string, rate: number, seconds: number): Promise<OpenLoopRow> {
  const pool = new Pool(url, { connections: 1024, pipelining: 1, keepAliveTimeout: 30_000 });
  const mix = requestMix();
  for (const body of mix.warm) {
    const res = await pool.request({ path: '/enrich', method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.body.dump();
  }
  const total = rate * seconds;
  const latencies: number[] = [];
  const counts: Record<Kind, number> = { cache: 0, store: 0, miss: 0 };
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request due by now leaves now; its latency counts from when it was due.
      while (sent < total && started + (sent * 1000) / rate <= now) {
        const due = started + (sent * 1000) / rate;
        const { kind, body, account } = mix.next();
        counts[kind] += 1;
        sent += 1;
        inFlight.push(
          pool
            .request({ path: '/enrich', method: 'POST', headers: { ...AUTH, 'x-account-id': account, 'content-type': 'application/json' }, body, headersTimeout: 10_000, bodyTimeout: 10_000 })
            .then(async (res) => {
              await res.body.dump();
              if (res.statusCode !== 200) non2xx += 1;
              latencies.push(performance.now() - due);
            })
            .catch(() => {
              errors += 1;
              latencies.push(performance.now() - due);
            }),
        );
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  await pool.close();
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const row = {
    rate,
    seconds,
    sent,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    p999: round(percentile(latencies, 99.9)),
    max: round(latencies[latencies.length - 1] ?? 0),
    within2s: latencies.filter((ms) => ms < 2000).length / Math.max(1, latencies.length),
    errors,
    non2xx,
    mix: `${counts.cache} cache / ${counts.store} store / ${counts.miss} miss`,
  };
  process.stdout.write(`${stamp()} open loop ${rate}/s for ${seconds} s: p50 ${row.p50} p99 ${row.p99} p99.9 ${row.p999} max ${row.max} ms, ${(row.within2s * 100).toFixed(2)}% within 2 s, errors ${errors}, non-2xx ${non2xx} (${row.mix})\n`);
  return row;
}

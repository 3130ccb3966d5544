import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CLUSTER_KEY, Cluster } from './cluster';
import { SoakBatch } from './soakBatch';

// make soak: steady load through HAProxy on the two-instance cluster while faults are applied in
// turn; prints availability, p50/p99 and the rate-limit over-admission during the Redis restart, and
// fails below the availability goal. `--seconds 60` is the version `make test` runs.
//
// Load: open loop at --rate requests/s (a request is started on schedule whether or not earlier ones
// answered; at most MAX_IN_FLIGHT at once), loopback only, from many accounts of one tenant:
//   55% store hits (emails of the sample people), 25% misses (unknown domains: 200, match none),
//   10% invalid requests (400 is the contract's answer), 10% a probe account sent far above its
//   quota (200 or 429 are the contract's answers) to measure rate-limit admission.
// Availability = requests answered as the contract says / requests sent; 5xx, unexpected statuses,
// connection errors and timeouts count against it.
// Batch: one job enqueued through HAProxy at the start, sized to last the whole run at the capped rate
// (BATCH_MAX_ROWS_PER_S, shared by the BullMQ workers of both instances), checked at the end: every
// row exactly once, in order, with its id (deploy/soakBatch.ts). The soak fails when it is not.

const ROOT = path.resolve(__dirname, '..');
const GOAL = 0.999;
const MAX_IN_FLIGHT = 400;
const REQUEST_TIMEOUT_MS = 5000;
const ACCOUNTS = 300;
const PROBE_QUOTA = 5; // per PROBE_WINDOW_S, for every account (RATE_LIMITS below)
const PROBE_WINDOW_S = 10;
const BATCH_ROWS_PER_S = 40; // a job that lasts the run without taking the CPU the real-time load needs

type Kind = 'hit' | 'miss' | 'invalid' | 'probe';
interface Outcome {
  readonly at: number; // ms since the load started
  readonly kind: Kind;
  readonly status: number; // 0: connection error or timeout
  readonly ms: number;
  readonly good: boolean;
  /** A 200 whose meta.warnings name a source that failed (a partial answer). */
  readonly degraded?: boolean;
  readonly error?: string;
}
interface Fault {
  readonly name: string;
  readonly startedAt: number;
  endedAt: number;
  readonly detail: string[];
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '30' },
    write: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sampleEmails(): string[] {
  const lines = readFileSync(path.join(ROOT, 'data/sample/people.csv'), 'utf8').split('\n');
  const column = lines[0]!.split(',').indexOf('email');
  return lines.slice(1, 801).map((line) => line.split(',')[column]!).filter((email) => email?.includes('@'));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  log(`starting the cluster (two compiled instances, private PostgreSQL and Redis, HAProxy)`);
  const cluster = await Cluster.start({
    keep: values.keep,
    log,
    // Short cache TTLs, so store hits keep reaching PostgreSQL and its faults are felt.
    env: { RATE_LIMITS: `${PROBE_QUOTA}/${PROBE_WINDOW_S}s`, TENANT_LIMIT_FACTOR: '1000', LOG_LEVEL: 'info', CACHE_TTL_S: '20', CACHE_NEGATIVE_TTL_S: '20', BATCH_MAX_ROWS_PER_S: String(BATCH_ROWS_PER_S) },
  });
  const emails = sampleEmails();
  const outcomes: Outcome[] = [];
  const faults: Fault[] = [];
  let inFlight = 0;
  let sent = 0;
  const started = Date.now();
  const now = () => Date.now() - started;

  async function send(kind: Kind, sequence: number): Promise<void> {
    const account = kind === 'probe' ? 'probe' : `acct-${sequence % ACCOUNTS}`;
    const body =
      kind === 'hit' || kind === 'probe'
        ? { email: emails[sequence % emails.length], enrich: ['first_name', 'title', 'company_name'] }
        : kind === 'miss'
          ? { domain: `unknown-${sequence % 5000}.example` }
          : { email: 'not-an-email' };
    const at = now();
    const t0 = performance.now();
    if (inFlight >= MAX_IN_FLIGHT) {
      outcomes.push({ at, kind, status: 0, ms: 0, good: false, error: 'driver: too many requests in flight' });
      return;
    }
    inFlight++;
    try {
      const res = await fetch(`${cluster.url}/enrich`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${CLUSTER_KEY}`, 'Content-Type': 'application/json', 'X-Account-ID': account },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      const expected = kind === 'invalid' ? [400] : kind === 'probe' ? [200, 429] : [200];
      const degraded = res.status === 200 && (JSON.parse(text) as { meta: { warnings: unknown[] } }).meta.warnings.length > 0;
      outcomes.push({ at, kind, status: res.status, ms: performance.now() - t0, good: expected.includes(res.status), degraded });
    } catch (error) {
      const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
      outcomes.push({ at, kind, status: 0, ms: performance.now() - t0, good: false, error: `${(error as Error).message}${cause ? `: ${cause.code ?? ''} ${cause.message}` : ''}` });
    } finally {
      inFlight--;
    }
  }

  // The open-loop driver: every 10 ms, the requests due by now.
  const kinds: Kind[] = ['hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'miss', 'miss', 'miss', 'invalid', 'probe'];
  let stopLoad = false;
  const driver = (async () => {
    while (!stopLoad) {
      const due = Math.floor((now() / 1000) * RATE);
      while (sent < due) {
        const sequence = sent++;
        void send(kinds[sequence % kinds.length]!, sequence);
      }
      await sleep(10);
    }
  })();
  // Nine tenths of the run at the capped rate: the faults' delays take the rest.
  const batchRows = Math.round(BATCH_ROWS_PER_S * SECONDS * 0.9);
  const batch = await SoakBatch.start({ url: cluster.url, key: CLUSTER_KEY, rows: batchRows, emails, now, log });

  async function fault(name: string, apply: (detail: string[]) => Promise<void>): Promise<void> {
    const entry: Fault = { name, startedAt: now(), endedAt: 0, detail: [] };
    faults.push(entry);
    log(`fault: ${name} (batch ${batch.done}/${batchRows} rows done)`);
    await apply(entry.detail);
    entry.endedAt = now();
    log(`fault: ${name} done (${((entry.endedAt - entry.startedAt) / 1000).toFixed(1)} s)${entry.detail.length ? `: ${entry.detail.join('; ')}` : ''}`);
  }
  const at = async (fraction: number) => {
    const wait = fraction * SECONDS * 1000 - now();
    if (wait > 0) await sleep(wait);
  };
  const outageMs = Math.max(3000, Math.round(SECONDS / 30) * 1000); // 10 s in the 5-minute soak, 3 s in the 60 s one

  await at(0.08);
  await fault('SIGKILL api1, then restart it', async (detail) => {
    const code = await cluster.signalInstance(0, 'SIGKILL');
    detail.push(`api1 exited (${code ?? 'killed'})`);
    await sleep(1000); // a supervisor's restart delay
    await cluster.startInstance(0);
    detail.push('api1 ready again');
  });
  await at(0.25);
  await fault('rolling restart: SIGTERM api1, start it, then api2', async (detail) => {
    for (const index of [0, 1]) {
      const code = await cluster.signalInstance(index, 'SIGTERM');
      detail.push(`api${index + 1} drained and exited ${code}`);
      await cluster.startInstance(index);
    }
  });
  await at(0.45);
  let redisWindow = { from: 0, to: 0 };
  await fault(`Redis restart (down ${outageMs / 1000} s)`, async (detail) => {
    redisWindow = { from: now(), to: 0 };
    await cluster.stopRedis();
    await sleep(outageMs);
    await cluster.startRedis();
    // Limits restart empty in a fresh Redis: the window after it belongs to the outage too.
    redisWindow.to = now() + PROBE_WINDOW_S * 1000;
    detail.push('Redis stopped (SIGTERM, no persistence) and started empty');
  });
  await at(0.65);
  await fault('pg_terminate_backend of every app connection', async (detail) => {
    detail.push(`${await cluster.terminateAppConnections()} connections terminated`);
  });
  await at(0.75);
  await fault(`PostgreSQL stopped (fast) for ${outageMs / 1000} s`, async (detail) => {
    await cluster.stopPostgres();
    await sleep(outageMs);
    await cluster.startPostgres();
    detail.push('stopped and started');
  });
  await at(1);
  stopLoad = true;
  await driver;
  while (inFlight > 0) await sleep(20);
  const loadSeconds = now() / 1000;
  const batchResult = await batch.finish(Math.max(90_000, SECONDS * 500), now(), faults);

  // What the instances and their logs saw of the faults.
  const metrics = await Promise.all([0, 1].map((index) => cluster.metrics(index).catch(() => '')));
  const counter = (text: string, pattern: RegExp) =>
    text
      .split('\n')
      .filter((line) => pattern.test(line))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  const logs = [0, 1].map((index) => readFileSync(path.join(cluster.workDir, `api${index + 1}.log`), 'utf8'));
  const events = (event: string) => logs.reduce((sum, text) => sum + text.split(`"event":"${event}"`).length - 1, 0);
  const messages = (message: string) => logs.reduce((sum, text) => sum + text.split(`"message":"${message}"`).length - 1, 0);
  const haproxyLog = readFileSync(path.join(cluster.workDir, 'haproxy.log'), 'utf8');
  const haproxyDown = (haproxyLog.match(/is DOWN/g) ?? []).length;
  const haproxyRetries = haproxyLog.split('\n').filter((line) => / \d+\/\d+\/\d+\/\d+\/\+?[1-9]\d* \d+\/\d+ "/.test(line)).length;
  await cluster.stop();

  // Results.
  const total = outcomes.length;
  const good = outcomes.filter((o) => o.good).length;
  const availability = good / total;
  const latencies = outcomes.filter((o) => o.status !== 0).map((o) => o.ms).sort((a, b) => a - b);
  const failures = outcomes.filter((o) => !o.good);
  const byStatus = new Map<string, number>();
  for (const o of failures) byStatus.set(o.status === 0 ? `error (${o.error})` : String(o.status), (byStatus.get(o.status === 0 ? `error (${o.error})` : String(o.status)) ?? 0) + 1);
  const probe = (from: number, to: number) => outcomes.filter((o) => o.kind === 'probe' && o.at >= from && o.at < to);
  const probeDuring = probe(redisWindow.from, redisWindow.to);
  const admittedDuring = probeDuring.filter((o) => o.status === 200).length;
  const windowS = (redisWindow.to - redisWindow.from) / 1000;
  const quotaDuring = Math.ceil(windowS / PROBE_WINDOW_S) * PROBE_QUOTA;
  const probeBefore = probe(2000, redisWindow.from);
  const admittedBefore = probeBefore.filter((o) => o.status === 200).length;
  const beforeS = (redisWindow.from - 2000) / 1000;
  const near = (fault: Fault) => outcomes.filter((o) => o.at >= fault.startedAt && o.at < fault.endedAt + 5000);
  const failuresNear = (fault: Fault) => near(fault).filter((o) => !o.good).length;
  const degradedNear = (fault: Fault) => near(fault).filter((o) => o.degraded).length;

  const lines = [
    `duration ${loadSeconds.toFixed(0)} s at ${RATE} requests/s: ${total} requests, ${good} answered as the contract says`,
    `availability ${(availability * 100).toFixed(3)}% (goal ${(GOAL * 100).toFixed(1)}%)`,
    `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${percentile(latencies, 100).toFixed(0)} ms`,
    `failures: ${failures.length}${failures.length ? ` (${[...byStatus].map(([status, n]) => `${status}: ${n}`).join(', ')})` : ''}`,
    `rate limits (probe account, quota ${PROBE_QUOTA}/${PROBE_WINDOW_S} s, sent ~${((RATE / kinds.length) * PROBE_WINDOW_S).toFixed(0)}/${PROBE_WINDOW_S} s): ` +
      `before the Redis restart ${admittedBefore} admitted in ${beforeS.toFixed(0)} s (quota ${(Math.ceil(beforeS / PROBE_WINDOW_S) * PROBE_QUOTA)}); ` +
      `during it and the window after ${admittedDuring} admitted in ${windowS.toFixed(0)} s against a shared quota of ${quotaDuring} ` +
      `(over-admission ${Math.max(0, admittedDuring - quotaDuring)}, ${(admittedDuring / quotaDuring).toFixed(2)}x; at most 2x with two instances)`,
    `seen by the instances (after restarts): enrich_redis_outages_total ${counter(metrics.join('\n'), /^enrich_redis_outages_total /)}, ` +
      `log events redis_outage ${events('redis_outage')} / redis_recovered ${events('redis_recovered')}; ` +
      `store source failures (error or timeout) ${counter(metrics.join('\n'), /^enrich_source_duration_seconds_count\{source="store",outcome="(error|timeout)"\}/)}; ` +
      `partial answers (a source failed, 200 with warnings) ${outcomes.filter((o) => o.degraded).length}; ` +
      `HAProxy: ${haproxyDown} "server is DOWN" transitions, ${haproxyRetries} requests retried on another instance`,
    `faults in the instances' logs: starts ("listening") ${messages('listening')}, drains ("shutting down") ${messages('shutting down')}; ` +
      `store source_failing ${events('source_failing')} / source_recovered ${events('source_recovered')}; ` +
      `batch: chunks put back by the sweep ${counter(metrics.join('\n'), /^enrich_batch_chunks_restored_total /)} in /metrics, ${events('batch_chunks_restored')} batch_chunks_restored and ` +
      `${events('batch_chunk_error')} batch_chunk_error log lines (a chunk retried by BullMQ), ${events('batch_dispatch_deferred')} batch_dispatch_deferred`,
    ...batchResult.lines,
  ];
  const timeline = faults.map(
    (f) => `| ${(f.startedAt / 1000).toFixed(1)} s | ${((f.endedAt - f.startedAt) / 1000).toFixed(1)} s | ${f.name} | ${f.detail.join('; ')} | ${failuresNear(f)} | ${degradedNear(f)} |`,
  );
  process.stdout.write(`\n${lines.join('\n')}\n\n| at | took | fault | what happened | failed requests (during and 5 s after) | partial answers (same window) |\n|---|---|---|---|---|---|\n${timeline.join('\n')}\n`);
  if (failures.length > 0) {
    process.stdout.write(`\nfirst failures:\n${failures.slice(0, 10).map((o) => `  ${(o.at / 1000).toFixed(2)} s ${o.kind} ${o.status || o.error} ${o.ms.toFixed(0)} ms`).join('\n')}\n`);
  }
  if (values.write) {
    writeReport(values.write, lines, timeline);
    log(`results written to ${values.write}`);
  }
  process.exit(availability >= GOAL && batchResult.ok ? 0 : 1);
}

function writeReport(file: string, lines: string[], timeline: string[]): void {
  const target = path.resolve(ROOT, file);
  const text = readFileSync(target, 'utf8');
  const begin = '<!-- soak:begin -->';
  const end = '<!-- soak:end -->';
  const block = `${begin}\nMeasured by \`make soak\` on ${new Date().toISOString().slice(0, 10)} (${os()}):\n\n${lines.map((line) => `- ${line}`).join('\n')}\n\n| at | took | fault | what happened | failed requests (during and 5 s after) | partial answers (same window) |\n|---|---|---|---|---|---|\n${timeline.join('\n')}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  writeFileSync(target, from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text}\n${block}\n`);
}

function os(): string {
  return `Node ${process.version}, ${require('node:os').cpus().length} cores shared with other work`;
}

main().catch((error: Error) => {
  process.stderr.write(`soak: ${error.stack ?? error.message}\n`);
  process.exit(1);
});

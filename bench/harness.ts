// What bench/run.ts starts and how it loads it: servers on 127.0.0.1 (compiled or through tsx), their
// output in log files, and closed-loop runs (closedLoop.ts, autocannon) summarised as rows.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../mocks/prism';
import { closedLoop } from './closedLoop';

export const ROOT = path.resolve(__dirname, '..');
export const KEY = 'enr_test_benchmark-key-with-high-limits-0001';
export const AUTH = { authorization: `Bearer ${KEY}`, 'x-account-id': 'bench' };
// Limits set high on purpose so that they never refuse a benchmark request (they are still checked).
export const SERVER_ENV = {
  NODE_ENV: 'production',
  ENRICH_API_KEYS: `bench:${KEY}`,
  RATE_LIMITS: '1000000000/m',
  TENANT_LIMIT_FACTOR: '1',
  ENRICH_SAMPLE_DATA: 'off',
  WEB_LOOKUPS: 'off',
  LOG_LEVEL: 'info',
};

export interface Row {
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface Started {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const children: ChildProcess[] = [];

/** Seconds since the run began, printed before each result line: where `make bench`'s time goes. */
const began = performance.now();
export function stamp(): string {
  return `[${String(Math.round((performance.now() - began) / 1000)).padStart(3)} s]`;
}

/** Signals a server and what it started: tsx runs the entry in a process of its own, which a signal to tsx alone left running. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Kills whatever is still running (on failure, or when the run is interrupted). */
export function killAll(): void {
  for (const child of children) if (child.exitCode === null) signalGroup(child, 'SIGKILL');
}
// The servers run in process groups of their own, so Ctrl-C on the run does not reach them: it stops them here.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

async function waitFor(url: string, seconds = 60): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} did not start`);
}

/**
 * Starts an entry on a free port and waits for `/health`. `.js` files run on node (the compiled build,
 * as production), `.ts` files through tsx. Output goes to a log file in `work` (a full pipe would stall it).
 */
export async function start(work: string, name: string, entry: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const log = openSync(path.join(work, `${name}.log`), 'w');
  const command = entry.endsWith('.ts') ? path.join(ROOT, 'node_modules/.bin/tsx') : process.execPath;
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the compiled servers (as bench/batchScenario.ts does).
  const nodeArgs = entry.endsWith('.js') ? (process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []) : [];
  const child = spawn(command, [...nodeArgs, entry], { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env }, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/health`);
  process.stdout.write(`${stamp()} ${name} started\n`);
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => signalGroup(child, 'SIGKILL'), 5000).unref();
      }),
  };
}

export interface LoadOptions {
  body: object | null;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Text that marks an answer as not the path measured (the gateway's mock where its real path is measured): counted as non-2xx. */
  wrong?: string | undefined;
  /** Changes each request (autocannon's setupRequest), e.g. to rotate the account id. */
  setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
}

/** From this many connections a run opens them before its clock starts (bench/closedLoop.ts); below it, autocannon. */
export const PRE_OPENED_FROM = 100;

/**
 * One closed-loop run, printed as it ends. At 1000 connections every connection is open before the
 * clock starts (bench/closedLoop.ts: a Node server accepts one connection per turn of its loop, so
 * connections opened into a busy server waited seconds and made the p99); at 10 and 50, autocannon.
 */
export async function load(target: string, url: string, options: LoadOptions): Promise<Row> {
  const { body, connections, seconds, headers = {} } = options;
  if (connections >= PRE_OPENED_FROM) {
    if (options.setupRequest !== undefined) throw new Error(`${target}: a request changed per call (setupRequest) runs below ${PRE_OPENED_FROM} connections, on autocannon`);
    const result = await closedLoop(url, { connections, seconds, method: body === null ? 'GET' : 'POST', body: body === null ? null : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers }, wrong: options.wrong });
    return printed({ target, connections, ...result });
  }
  // autocannon counts a timeout as an error too; a non-2xx answer never holds the mock marker, so the two counts do not overlap.
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: body === null ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== null && { body: JSON.stringify(body) }),
    ...(options.setupRequest && { requests: [{ setupRequest: options.setupRequest as never }] }),
    ...(options.wrong !== undefined && { verifyBody: (answer: string | Buffer | undefined) => !String(answer ?? '').includes(options.wrong!) }),
    timeout: 10,
  });
  return printed({
    target,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx + result.mismatches,
  });
}

function printed(row: Row): Row {
  const { target, connections } = row;
  process.stdout.write(`${stamp()} ${target.padEnd(48)} c=${String(connections).padEnd(5)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} p90 ${row.p90} p99 ${row.p99} ms  errors ${row.errors} timeouts ${row.timeouts} non-2xx ${row.non2xx}\n`);
  return row;
}

/**
 * Waits until the server has worked off what a previous run left queued (the requests of 1000 closed
 * connections are still parsed and answered after a run stops): until the probe — the run's own
 * request, or `/health` — answers within 100 ms twice in a row, for at most 30 s. The run's own
 * request matters: store lookups queue behind Kysely's one SQLite connection, which `/health` skips.
 */
export async function drained(url: string, probe?: { body: object | null; headers: Record<string, string> }): Promise<void> {
  const until = Date.now() + 30_000;
  let quick = 0;
  while (quick < 2 && Date.now() < until) {
    const sent = performance.now();
    const res = await (probe === undefined
      ? fetch(new URL('/health', url), { signal: AbortSignal.timeout(30_000) })
      : fetch(url, {
          method: probe.body === null ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json', ...probe.headers },
          ...(probe.body !== null && { body: JSON.stringify(probe.body) }),
          signal: AbortSignal.timeout(30_000),
        })
    ).catch(() => null);
    await res?.arrayBuffer();
    quick = performance.now() - sent < 100 ? quick + 1 : 0;
    if (quick < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One second at 50 connections, unrecorded: the target's JIT, compiled schemas and pools warmed up. */
async function warmUp(url: string, body: object | null, headers: Record<string, string>): Promise<void> {
  await autocannon({ url, connections: 50, duration: 1, method: body === null ? 'GET' : 'POST', headers: { 'content-type': 'application/json', ...headers }, ...(body !== null && { body: JSON.stringify(body) }) });
}

/** Warms a target up, then loads it at each connection count. */
export async function runAt(rows: Row[], target: string, url: string, counts: number[], seconds: number, body: object | null, headers: Record<string, string> = {}, wrong?: string): Promise<void> {
  await warmUp(url, body, headers);
  for (const connections of counts) {
    await drained(url, { body, headers });
    rows.push(await load(target, url, { body, connections, seconds, headers, wrong }));
  }
  await drained(url, { body, headers });
}

/** Sends one request (to fill the cache before a cache-hit run). */
export async function post(url: string, body: object, headers: Record<string, string> = AUTH): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * A paired target's unrecorded warm-up at the paired connection count: after a second at 50
 * connections the gateway's first paired run was always its slowest (24% against 30%); run after run
 * from its start it measured 579, 783, 962, 979, 970, 982 req/s, steady after ~6 s at 1000 connections.
 */
export const PAIRED_WARM_UP_S = 6;

/** A goal's ratio from alternating runs: each target run against the baseline run just before it. */
export interface PairedRatio {
  target: string;
  /** The connections of every run, the baseline's and the target's. */
  connections: number;
  /** target req/s / baseline req/s, one per pair, in the order run. */
  ratios: number[];
  /** The median of `ratios`: what the goal is judged on. */
  median: number;
  /** The baseline's req/s in each pair. */
  baselines: number[];
  /** Over all of the target's runs: errors, timeouts and non-2xx (or wrong) answers summed, the worst p99. */
  errors: number;
  timeouts: number;
  non2xx: number;
  worstP99: number;
}

/**
 * Runs the baseline and a target alternately, `pairs` times, at `connections`: this machine's speed
 * drifts within one `make bench` (the baseline measured 5,245 req/s at its start and 6,635 at its
 * end, on 2026-11-30), so a ratio of runs a minute apart says as much about the drift as about the
 * target. The target's median run goes into `rows` (the table); the ratios come back for the goal.
 */
export async function pairedRuns(rows: Row[], pair: { baseline: string; target: string; url: string; body: object; headers: Record<string, string>; wrong?: string }, connections: number, seconds: number, pairs = 3): Promise<PairedRatio> {
  const { baseline, target, url, body, headers, wrong } = pair;
  // The baseline has had its own runs before. The target gets a second at 50 connections first: a cold
  // gateway thrown straight into 1000 connections answered 19 callers with its mock (fallbacks that
  // could open its breaker for the runs after).
  await warmUp(url, body, headers);
  await drained(url, { body, headers });
  await load(`${target} (warm-up, not recorded)`, url, { body, connections, seconds: PAIRED_WARM_UP_S, headers, wrong });
  const runs: Array<{ base: Row; row: Row }> = [];
  for (let i = 0; i < pairs; i += 1) {
    await drained(baseline);
    const base = await load('baseline, paired', baseline, { body, connections, seconds });
    await drained(url, { body, headers });
    runs.push({ base, row: await load(target, url, { body, connections, seconds, headers, wrong }) });
  }
  await drained(url, { body, headers });
  const ratios = runs.map(({ base, row }) => row.rps / base.rps);
  const targetRows = runs.map((run) => run.row);
  rows.push([...targetRows].sort((a, b) => a.rps - b.rps)[runs.length >> 1]!);
  return {
    target,
    connections,
    ratios,
    median: [...ratios].sort((a, b) => a - b)[ratios.length >> 1]!,
    baselines: runs.map(({ base }) => base.rps),
    errors: targetRows.reduce((sum, row) => sum + row.errors, 0),
    timeouts: targetRows.reduce((sum, row) => sum + row.timeouts, 0),
    non2xx: targetRows.reduce((sum, row) => sum + row.non2xx, 0),
    worstP99: Math.max(...targetRows.map((row) => (row.rps === 0 ? Infinity : row.p99))),
  };
}

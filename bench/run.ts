/**
 * make bench: starts what it measures on 127.0.0.1, loads it with autocannon at 1000 and at 10
 * connections for a fixed time each, stops everything, and rewrites the results in docs/BENCHMARKS.md.
 * Bounded: ~13 targets x 2 runs x DURATION seconds, all loopback. The load generator runs in this
 * process and shares the 2 cores with the servers: compare ratios from one run, not absolutes.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort, startPrism } from '../mocks/prism';
import { liveLookup, type LiveRow } from './liveLookup';
import { storeScaling, type ScalingRow } from './storeScaling';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const DURATION = Number(process.env['BENCH_DURATION_S'] ?? 5);
const CONNECTIONS = [1000, 10];
const KEY = 'enr_test_benchmark-key-with-high-limits-0001';
const POSTGRES = process.env['DATABASE_URL_TEST'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env['REDIS_URL_TEST'] ?? 'redis://127.0.0.1:6379';
const work = mkdtempSync(path.join(os.tmpdir(), 'enrich-bench-'));
const children: ChildProcess[] = [];

interface Row {
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

async function waitFor(url: string, seconds = 40): Promise<void> {
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

/** Starts a TypeScript entry with tsx; its output goes to a log file (a full pipe would stall it). */
async function start(name: string, entry: string, env: Record<string, string>, port?: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const chosen = port ?? (await freePort());
  const log = openSync(path.join(work, `${name}.log`), 'w');
  const child = spawn(TSX, [entry], { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(chosen), ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  children.push(child);
  const url = `http://127.0.0.1:${chosen}`;
  await waitFor(`${url}/health`);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

async function load(target: string, url: string, body: object | null, connections: number, headers: Record<string, string> = {}): Promise<Row> {
  const result = await autocannon({
    url,
    connections,
    duration: DURATION,
    method: body === null ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== null && { body: JSON.stringify(body) }),
    timeout: 10,
  });
  const row = {
    target,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
  process.stdout.write(`${target.padEnd(44)} c=${String(connections).padEnd(5)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} p90 ${row.p90} p99 ${row.p99} ms  errors ${row.errors} timeouts ${row.timeouts} non-2xx ${row.non2xx}\n`);
  return row;
}

async function both(rows: Row[], target: string, url: string, body: object | null, headers: Record<string, string> = {}): Promise<void> {
  // Warm up first (JIT, the validator's compiled schemas, pools), unrecorded.
  await autocannon({ url, connections: 50, duration: 1, method: body === null ? 'GET' : 'POST', headers: { 'content-type': 'application/json', ...headers }, ...(body !== null && { body: JSON.stringify(body) }) });
  for (const connections of CONNECTIONS) rows.push(await load(target, url, body, connections, headers));
}

const AUTH = { authorization: `Bearer ${KEY}`, 'x-account-id': 'bench' };
// Limits set high on purpose so that they never refuse a benchmark request (they are still checked).
const SERVER_ENV = {
  NODE_ENV: 'production',
  ENRICH_API_KEYS: `bench:${KEY}`,
  RATE_LIMITS: '1000000000/m',
  TENANT_LIMIT_FACTOR: '1',
  ENRICH_SAMPLE_DATA: 'off',
  WEB_LOOKUPS: 'off',
  LOG_LEVEL: 'info',
};
const JANE = { email: 'jane.doe@acme.io' };

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = Date.now();

  // The sample data, imported once into SQLite and into a PostgreSQL database of its own.
  const sqliteUrl = `sqlite:${path.join(work, 'bench.db')}`;
  const pgDatabase = `enrich_bench_${process.pid}`;
  const admin = new Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`create database ${pgDatabase}`);
  const pgUrl = POSTGRES.replace(/\/[^/?]*(\?|$)/, `/${pgDatabase}$1`);
  for (const url of [sqliteUrl, pgUrl]) {
    for (const [file, kind] of [['companies.csv', 'company'], ['people.csv', 'person']]) {
      execFileSync(process.execPath, [path.join(ROOT, 'bin/enrich.js'), 'import', path.join(ROOT, 'data/sample', file!), '--kind', kind!, '--rejects', '/dev/null'], {
        env: { ...process.env, DATABASE_URL: url },
        stdio: 'ignore',
      });
    }
  }

  try {
    const baseline = await start('baseline', 'bench/baseline.ts', {});
    await both(rows, 'baseline: bare Express 5, fixed JSON', `${baseline.url}/enrich`, JANE);
    await baseline.stop();

    const api = await start('api-sqlite', 'server/src/main.ts', { ...SERVER_ENV, DATABASE_URL: sqliteUrl });
    await both(rows, 'GET /health (full middleware stack)', `${api.url}/health`, null);
    await fetch(`${api.url}/enrich`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify(JANE) });
    await both(rows, 'POST /enrich cache hit (in-process)', `${api.url}/enrich`, JANE, AUTH);
    await both(rows, 'POST /enrich no match (cached negative)', `${api.url}/enrich`, { domain: 'unknown-company.example' }, AUTH);
    await both(rows, 'POST /enrich 3 fields (cache hit)', `${api.url}/enrich`, { ...JANE, enrich: ['first_name', 'title', 'industry'] }, AUTH);

    const gatewayUp = await start('gateway-up', 'bench/gateway.ts', { ENRICH_API_URL: api.url, ENRICH_API_KEY: KEY });
    await both(rows, 'gateway, API up (cache hit behind it)', `${gatewayUp.url}/api/enrich`, JANE);
    await gatewayUp.stop();
    await api.stop();

    const nocache = await start('api-sqlite-nocache', 'server/src/main.ts', { ...SERVER_ENV, DATABASE_URL: sqliteUrl, CACHE_TTL_S: '0', CACHE_NEGATIVE_TTL_S: '0' });
    await both(rows, 'POST /enrich store hit, SQLite, cache off', `${nocache.url}/enrich`, JANE, AUTH);
    await both(rows, 'POST /enrich no match, SQLite, cache off', `${nocache.url}/enrich`, { domain: 'unknown-company.example' }, AUTH);
    await nocache.stop();

    const shared = await start('api-pg-redis', 'server/src/main.ts', { ...SERVER_ENV, DATABASE_URL: pgUrl, REDIS_URL: REDIS });
    await fetch(`${shared.url}/enrich`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify(JANE) });
    await both(rows, 'POST /enrich cache hit, Redis (limits + cache)', `${shared.url}/enrich`, JANE, AUTH);
    await shared.stop();
    const sharedNoCache = await start('api-pg-redis-nocache', 'server/src/main.ts', { ...SERVER_ENV, DATABASE_URL: pgUrl, REDIS_URL: REDIS, CACHE_TTL_S: '0' });
    await both(rows, 'POST /enrich store hit, PostgreSQL + Redis limits', `${sharedNoCache.url}/enrich`, JANE, AUTH);
    await sharedNoCache.stop();

    const gatewayDown = await start('gateway-down', 'bench/gateway.ts', { ENRICH_API_URL: `http://127.0.0.1:${await freePort()}`, ENRICH_API_KEY: KEY });
    for (let i = 0; i < 6; i += 1) await fetch(`${gatewayDown.url}/api/enrich`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(JANE) });
    await both(rows, 'gateway, API down (breaker open -> compiled mock)', `${gatewayDown.url}/api/enrich`, JANE);
    await gatewayDown.stop();

    const prism = await startPrism({ mode: 'mock' });
    await both(rows, 'Prism mock of the same spec', `${prism.url}/enrich`, JANE, { authorization: 'Bearer any' });
    await prism.stop();
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await admin.query(`drop database if exists ${pgDatabase} with (force)`).catch(() => undefined);
    await admin.end();
  }

  process.stdout.write('store scaling (10k, 100k, 1M people)...\n');
  const scaling = await storeScaling(POSTGRES);
  for (const row of scaling) process.stdout.write(`${row.dialect} ${row.people}: p50 ${row.p50.toFixed(3)} ms, p99 ${row.p99.toFixed(3)} ms  [${row.plan}]\n`);

  process.stdout.write('live web lookup of a fixture site...\n');
  const live = await liveLookup();
  process.stdout.write(`web source: ${live.lookups} lookups, ${live.concurrency} at a time: p50 ${live.p50} p90 ${live.p90} p99 ${live.p99} ms, ${live.failures} failed\n`);

  writeReport(rows, scaling, live, Math.round((Date.now() - started) / 1000));
  rmSync(work, { recursive: true, force: true });
}

function writeReport(rows: Row[], scaling: ScalingRow[], live: LiveRow, seconds: number): void {
  const file = path.join(ROOT, 'docs/BENCHMARKS.md');
  const baseline = new Map(rows.filter((r) => r.target.startsWith('baseline')).map((r) => [r.connections, r.rps]));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`make bench\` in ${seconds} s: ${DURATION} s per run, autocannon in the same process as the harness.`,
    `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    'Servers run as in production (`NODE_ENV=production`: request validation on, response validation off, one JSON access-log line per request to a file),',
    'with a benchmark key whose limits are set high on purpose (`RATE_LIMITS=1000000000/m`: every request is still counted, none refused) and `WEB_LOOKUPS=off`.',
    '',
    '| target | conns | req/s | × baseline | p50 ms | p90 ms | p99 ms | errors | timeouts | non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.target} | ${r.connections} | ${r.rps} | ${((r.rps / (baseline.get(r.connections) ?? r.rps)) * 100).toFixed(0)}% | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors} | ${r.timeouts} | ${r.non2xx} |`),
    '',
    'Store lookup (`personByEmailKey`, the store source\'s first query) as the store grows; 2,000 random lookups per size, one connection:',
    '',
    '| database | people | p50 ms | p99 ms | plan |',
    '|---|---:|---:|---:|---|',
    ...scaling.map((r) => `| ${r.dialect} | ${r.people.toLocaleString('en')} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.plan.replace(/\|/g, '/')} |`),
    '',
    'A live web lookup (the web source: guarded outbound request, HTML, JSON-LD, fingerprints) of a fixture company site on 127.0.0.1:',
    '',
    '| lookups | in flight | p50 ms | p90 ms | p99 ms | failed |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${live.lookups} | ${live.concurrency} | ${live.p50} | ${live.p90} | ${live.p99} | ${live.failures} |`,
  ];
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = `# Benchmarks\n\nRun: \`make bench\` (after \`make test\`; needs the PostgreSQL and Redis this machine kind starts).\n\n${start}\n${end}\n`;
  }
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  writeFileSync(file, `${before}\n${lines.join('\n')}\n${after}`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);

/**
 * make bench (its first part): builds the server as production runs it, starts what it measures on
 * 127.0.0.1, loads it closed-loop (bench/closedLoop.ts at 1000 connections, autocannon at 10) and
 * open-loop (fixed arrival rates), measures how cost grows, stops everything and rewrites the results
 * in docs/BENCHMARKS.md.
 * Bounded to ~4.5 minutes (BENCH_DURATION_S per paired run, a second less but at least 2 s per other
 * closed-loop run, BENCH_OPEN_S per open-loop rate), all loopback. The load generator runs in this
 * process and shares the 2 cores with the servers: compare ratios from one run, not absolutes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, startPrism } from '../mocks/prism';
import { AUTH, drained, KEY, killAll, pairedRuns, post, ROOT, runAt, SERVER_ENV, stamp, start, type PairedRatio, type Row } from './harness';
import { liveLookup } from './liveLookup';
import { openLoop, type OpenLoopRow } from './openLoop';
import { BASELINE, TARGETS, writeReport } from './report';
import { accountsCurve, fieldsCurve, identifiersCurve, limiterBytesPerAccount } from './scaling';
import { storeScaling } from './storeScaling';

/** Seconds per paired run of the two ratio goals (BENCH_DURATION_S); every other closed-loop run, at 1000 connections or 10, takes OTHER_RUN_S. */
const DURATION = Number(process.env['BENCH_DURATION_S'] ?? 3);
const OTHER_RUN_S = Math.max(2, DURATION - 1);
const OPEN_S = Number(process.env['BENCH_OPEN_S'] ?? 30);
// 2 s a point (at 50 connections, thousands of requests each): the paired runs of the ratio goals took the time saved.
const CURVE_S = 2;
const POSTGRES = process.env['DATABASE_URL_TEST'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env['REDIS_URL_TEST'] ?? 'redis://127.0.0.1:6379';
const COMPILED = 'dist/server/src/main.js';
const JANE = { email: 'jane.doe@acme.io' };
/** In a gateway answer from its fallback (`meta.mock`): where the gateway's real path is measured, such an answer counts as a failure. */
const MOCK_ANSWER = '"mock":true';
const execFileAsync = promisify(execFile);
const work = mkdtempSync(path.join(os.tmpdir(), 'enrich-bench-'));

async function main(): Promise<void> {
  const rows: Row[] = [];
  const paired: PairedRatio[] = [];
  const openRows: OpenLoopRow[] = [];
  const started = Date.now();
  const loadBefore = os.loadavg()[0]!;
  process.stdout.write(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const both = (target: string, url: string, body: object | null, headers: Record<string, string> = {}) => runAt(rows, target, url, [1000, 10], OTHER_RUN_S, body, headers);
  const once = (target: string, url: string, body: object | null, headers: Record<string, string> = {}) => runAt(rows, target, url, [1000], OTHER_RUN_S, body, headers);

  // Prism takes seconds to start: it starts beside the build and the imports (run without blocking this
  // thread), is waited for before anything is measured, and idles until its row. It goes when this process does.
  const prismStarting = startPrism({ mode: 'mock' });
  prismStarting.catch(() => undefined);
  process.stdout.write((await execFileAsync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT })).stdout);
  // The sample data, imported once into SQLite and into a PostgreSQL database of its own.
  const sqliteUrl = `sqlite:${path.join(work, 'bench.db')}`;
  const pgDatabase = `enrich_bench_${process.pid}`;
  const admin = new Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`create database ${pgDatabase}`);
  const pgUrl = POSTGRES.replace(/\/[^/?]*(\?|$)/, `/${pgDatabase}$1`);
  for (const url of [sqliteUrl, pgUrl]) {
    for (const [file, kind] of [['companies.csv', 'company'], ['people.csv', 'person']]) {
      await execFileAsync(process.execPath, [path.join(ROOT, 'bin/enrich.js'), 'import', path.join(ROOT, 'data/sample', file!), '--kind', kind!, '--rejects', '/dev/null'], { env: { ...process.env, DATABASE_URL: url } });
    }
  }
  const prism = await prismStarting;
  process.stdout.write(`${stamp()} built, sample data imported, Prism started\n`);
  let fields, identifiers, accounts;
  try {
    // The baseline stays up (idle between its runs) for the paired runs of the two ratio goals.
    const baseline = await start(work, 'baseline', 'bench/baseline.ts', {});
    await both(BASELINE, `${baseline.url}/enrich`, JANE);

    const api = await start(work, 'api-sqlite', COMPILED, { ...SERVER_ENV, DATABASE_URL: sqliteUrl });
    await post(`${api.url}/enrich`, JANE);
    const pair = (target: string, url: string, headers: Record<string, string>, wrong?: string) => ({ baseline: `${baseline.url}/enrich`, target, url, body: JANE, headers, ...(wrong !== undefined && { wrong }) });
    paired.push(await pairedRuns(rows, pair(TARGETS.hit, `${api.url}/enrich`, AUTH), 1000, DURATION));
    await runAt(rows, TARGETS.hit, `${api.url}/enrich`, [10], OTHER_RUN_S, JANE, AUTH);
    await once('POST /enrich no match (cached negative)', `${api.url}/enrich`, { domain: 'unknown-company.example' }, AUTH);
    const gatewayUp = await start(work, 'gateway-up', 'bench/gateway.ts', { ENRICH_API_URL: api.url, ENRICH_API_KEY: KEY });
    await post(`${gatewayUp.url}/api/enrich`, JANE, {});
    paired.push(await pairedRuns(rows, pair(TARGETS.gatewayUp, `${gatewayUp.url}/api/enrich`, {}, MOCK_ANSWER), 1000, DURATION));
    await runAt(rows, TARGETS.gatewayUp, `${gatewayUp.url}/api/enrich`, [10], OTHER_RUN_S, JANE, {}, MOCK_ANSWER);
    await gatewayUp.stop();
    await baseline.stop();
    fields = await fieldsCurve(api.url, CURVE_S);
    accounts = await accountsCurve(api.url, api.pid, CURVE_S);
    await api.stop();

    // Open loop on a fresh server: its cache holds only what the driver warms.
    const fresh = await start(work, 'api-open-loop', COMPILED, { ...SERVER_ENV, DATABASE_URL: sqliteUrl });
    for (const rate of [500, 1000]) {
      await drained(fresh.url);
      openRows.push(await openLoop(fresh.url, rate, OPEN_S));
    }
    await fresh.stop();

    const nocache = await start(work, 'api-sqlite-nocache', COMPILED, { ...SERVER_ENV, DATABASE_URL: sqliteUrl, CACHE_TTL_S: '0', CACHE_NEGATIVE_TTL_S: '0' });
    await both(TARGETS.storeHit, `${nocache.url}/enrich`, JANE, AUTH);
    identifiers = await identifiersCurve(nocache.url, CURVE_S);
    await nocache.stop();

    const shared = await start(work, 'api-pg-redis', COMPILED, { ...SERVER_ENV, DATABASE_URL: pgUrl, REDIS_URL: REDIS });
    await post(`${shared.url}/enrich`, JANE);
    await both('POST /enrich cache hit, Redis (limits + cache)', `${shared.url}/enrich`, JANE, AUTH);
    await shared.stop();
    const sharedNoCache = await start(work, 'api-pg-redis-nocache', COMPILED, { ...SERVER_ENV, DATABASE_URL: pgUrl, REDIS_URL: REDIS, CACHE_TTL_S: '0' });
    await both('POST /enrich store hit, PostgreSQL + Redis limits', `${sharedNoCache.url}/enrich`, JANE, AUTH);
    await sharedNoCache.stop();

    const gatewayDown = await start(work, 'gateway-down', 'bench/gateway.ts', { ENRICH_API_URL: `http://127.0.0.1:${await freePort()}`, ENRICH_API_KEY: KEY });
    for (let i = 0; i < 6; i += 1) await post(`${gatewayDown.url}/api/enrich`, JANE, {});
    await both('gateway, API down (breaker open -> compiled mock)', `${gatewayDown.url}/api/enrich`, JANE);
    await gatewayDown.stop();

    await once('Prism mock of the same spec', `${prism.url}/enrich`, JANE, { authorization: 'Bearer any' });
    await prism.stop();

    // The same server through tsx, beside the compiled build's figures.
    const viaTsx = await start(work, 'api-tsx', 'server/src/main.ts', { ...SERVER_ENV, DATABASE_URL: sqliteUrl });
    await post(`${viaTsx.url}/enrich`, JANE);
    await once('POST /enrich cache hit (in-process), tsx', `${viaTsx.url}/enrich`, JANE, AUTH);
    await viaTsx.stop();
  } finally {
    killAll();
    await admin.query(`drop database if exists ${pgDatabase} with (force)`).catch(() => undefined);
    await admin.end();
  }

  process.stdout.write(`${stamp()} store scaling (10k, 100k, 1M people)...\n`);
  const store = await storeScaling(POSTGRES);
  for (const row of store) process.stdout.write(`${row.dialect} ${row.people}: p50 ${row.p50.toFixed(3)} ms, p99 ${row.p99.toFixed(3)} ms  [${row.plan}]\n`);
  process.stdout.write(`${stamp()} live web lookup of a fixture site...\n`);
  // A lookup run that fails (its page workers abort under a heavily loaded machine) is reported, not fatal.
  const live = await liveLookup().catch((error: Error) => error.message);
  if (typeof live === 'string') process.stdout.write(`${stamp()} web source: failed: ${live}\n`);
  else process.stdout.write(`${stamp()} web source: ${live.lookups} lookups, ${live.concurrency} at a time: p50 ${live.p50} p90 ${live.p90} p99 ${live.p99} ms, ${live.failures} failed\n`);
  const limiterBytes = await limiterBytesPerAccount();

  writeReport(path.join(ROOT, 'docs/BENCHMARKS.md'), {
    rows,
    paired,
    openLoop: openRows,
    fields,
    identifiers,
    accounts,
    limiterBytes,
    store,
    live,
    seconds: Math.round((Date.now() - started) / 1000),
    loadBefore,
    loadAfter: os.loadavg()[0]!,
    duration: DURATION,
    otherRunSeconds: OTHER_RUN_S,
    curveSeconds: CURVE_S,
  });
  rmSync(work, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    killAll();
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);

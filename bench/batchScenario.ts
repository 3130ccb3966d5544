/**
 * One batch benchmark scenario: a compiled server (and worker processes) on a scratch store filled with
 * generated people, a CSV of leads uploaded as a stream, the job followed to completion, every result
 * row read back and checked. Used by bench/batch.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, createReadStream, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { freePort } from '../mocks/prism';
import { migrateToLatest, openDatabase } from '../server/src/store/db';
import { fill } from './storeScaling';

const ROOT = path.resolve(__dirname, '..');
const KEY = 'enr_test_batch-benchmark-key-000000001';
const CONCURRENCY = process.env['BENCH_BATCH_CONCURRENCY'] ?? '8';

export interface Scenario {
  readonly name: string;
  readonly rows: number;
  /** Share of rows whose email is in the store (the rest are unknown addresses: full misses). */
  readonly hitShare: number;
  /** null: SQLite (embedded queue). Otherwise PostgreSQL at this admin URL and Redis (BullMQ) at redisUrl. */
  readonly postgresUrl: string | null;
  readonly redisUrl: string | null;
  /** Separate `enrich worker` processes; 0 = the worker inside the server process. */
  readonly workerProcesses: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly uploadS: number;
  readonly firstResultS: number;
  readonly totalS: number;
  readonly recordsPerS: number;
  readonly serverPeakMiB: number;
  readonly workerPeakMiB: number | null;
  readonly matched: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const peakMiB = (pid: number | undefined) => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

/** Filled SQLite stores by their number of people, kept by the caller across scenarios (`dropTemplates` at the end). */
export type StoreTemplates = Map<number, string>;

/** Removes the filled SQLite stores kept for the scenarios. */
export function dropTemplates(templates: StoreTemplates): void {
  for (const template of templates.values()) rmSync(path.dirname(template), { recursive: true, force: true });
  templates.clear();
}

/** The scratch store: a SQLite file or a new PostgreSQL database, migrated and filled with `people` generated people. */
async function scratchStore(work: string, scenario: Scenario, people: number, sqliteTemplates: StoreTemplates): Promise<{ url: string; drop: () => Promise<void> }> {
  if (scenario.postgresUrl === null) {
    const file = path.join(work, 'enrich.db');
    // The SQLite scenarios share one filled store: filled once, then copied (the copy is a fresh store).
    let template = sqliteTemplates.get(people);
    if (template === undefined) {
      template = path.join(mkdtempSync(path.join(os.tmpdir(), 'enrich-bench-store-')), 'template.db');
      const store = openDatabase(`sqlite:${template}`);
      await migrateToLatest(store.db);
      await fill(store, 0, people);
      await store.close();
      sqliteTemplates.set(people, template);
    }
    copyFileSync(template, file);
    return { url: `sqlite:${file}`, drop: async () => undefined };
  }
  const name = `enrich_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: scenario.postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(scenario.postgresUrl);
  url.pathname = `/${name}`;
  const store = openDatabase(url.toString(), { poolSize: 2 });
  await migrateToLatest(store.db);
  await fill(store, 0, people);
  await store.close();
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The leads file: `hitShare` of the rows are distinct people of the store, the rest unknown addresses. */
async function leadsCsv(file: string, scenario: Scenario): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,email\n');
  const every = scenario.hitShare > 0 ? Math.round(1 / scenario.hitShare) : Infinity;
  for (let i = 1; i <= scenario.rows; i += 1) {
    const line = every === 1 || i % every === 0 ? `lead-${i},person${i}@company${i % 5000}.com\n` : `lead-${i},unknown${i}@nowhere-${i % 977}.example\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise((resolve) => out.end(resolve));
}

function startNode(work: string, name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(path.join(work, `${name}.log`), 'w');
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server and workers.
  const child = spawn(process.execPath, [...(process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  return child;
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && child.exitCode === null; i += 1) await sleep(100);
      if (child.exitCode === null) child.kill('SIGKILL');
    }),
  );
}

/** Reads every result row back as NDJSON, streamed; checks that each input row is there once, in order. */
async function readBack(base: string, job: string, rows: number): Promise<number> {
  const results = await fetch(`${base}/jobs/${job}/results`, { headers: { Authorization: `Bearer ${KEY}`, Accept: 'application/x-ndjson' } });
  let expected = 1;
  let matched = 0;
  let buffer = '';
  for await (const chunk of results.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += Buffer.from(chunk).toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const row = JSON.parse(buffer.slice(0, newline)) as { row: number; id: string; meta?: { match?: { person?: { found: boolean } } } };
      if (row.row !== expected || row.id !== `lead-${expected}`) throw new Error(`row ${row.row} (${row.id}) where ${expected} was expected`);
      if (row.meta?.match?.person?.found) matched += 1;
      expected += 1;
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  if (expected - 1 !== rows) throw new Error(`${expected - 1} rows came back of ${rows}`);
  return matched;
}

export async function runScenario(scenario: Scenario, templates: StoreTemplates): Promise<ScenarioResult> {
  const began = performance.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'enrich-bench-batch-'));
  const store = await scratchStore(work, scenario, Math.max(scenario.rows + 1, 10_000), templates);
  const redis = scenario.redisUrl === null ? null : new Redis(scenario.redisUrl, { maxRetriesPerRequest: 1 });
  await redis?.flushdb();
  const env = {
    NODE_ENV: 'production',
    ENRICH_SAMPLE_DATA: 'off',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: store.url,
    REDIS_URL: scenario.redisUrl ?? '',
    ENRICH_API_KEYS: `bench:${KEY}`,
    RATE_LIMITS: '100000/m,10000000/h,100000000/d',
    WEB_LOOKUPS: 'off',
  };
  const port = await freePort();
  const children: ChildProcess[] = [];
  try {
    const server = startNode(work, 'server', ['dist/server/src/main.js'], { ...env, PORT: String(port), BATCH_CONCURRENCY: scenario.workerProcesses > 0 ? '0' : CONCURRENCY });
    children.push(server);
    for (let i = 0; i < scenario.workerProcesses; i += 1) children.push(startNode(work, `worker${i + 1}`, ['dist/server/src/cli/main.js', 'worker'], { ...env, BATCH_CONCURRENCY: CONCURRENCY }));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; !(await fetch(`${base}/health`).then((res) => res.ok, () => false)); i += 1) {
      if (i > 300 || server.exitCode !== null) throw new Error(`server did not start: ${readFileSync(path.join(work, 'server.log'), 'utf8').slice(-2000)}`);
      await sleep(100);
    }
    const csv = path.join(work, 'leads.csv');
    await leadsCsv(csv, scenario);

    const started = performance.now();
    process.stdout.write(`  ready to upload after ${((started - began) / 1000).toFixed(1)} s (store filled, server and workers started, CSV written)\n`);
    const res = await fetch(`${base}/enrich/enqueue?enrich=first_name,last_name,title,company_name`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'text/csv' },
      body: Readable.toWeb(createReadStream(csv)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    if (res.status !== 202) throw new Error(`enqueue: ${res.status} ${await res.text()}`);
    const job = (await res.json()) as { id: string };
    const uploadS = (performance.now() - started) / 1000;
    let firstResultS: number | null = null;
    for (let state = 'queued'; state !== 'completed'; ) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) mid-job: ${readFileSync(path.join(work, 'server.log'), 'utf8').slice(-3000)}`);
      const current = await fetch(`${base}/jobs/${job.id}`, { headers: { Authorization: `Bearer ${KEY}` } }).then(
        async (answer) => (await answer.json()) as { state: string; counts: { done: number } },
        (error: Error) => (console.error(`poll: ${error.message} (${(error.cause as Error | undefined)?.message ?? ''})`), null),
      );
      if (current === null) {
        await sleep(500);
        continue;
      }
      state = current.state;
      if (firstResultS === null && current.counts.done > 0) firstResultS = (performance.now() - started) / 1000;
      if (state === 'failed' || state === 'cancelled') throw new Error(`job ${state}`);
      if (state !== 'completed') await sleep(100);
    }
    const totalS = (performance.now() - started) / 1000;
    const serverPeakMiB = peakMiB(server.pid);
    const workerPeaks = children.slice(1).map((child) => peakMiB(child.pid));
    const matched = await readBack(base, job.id, scenario.rows);
    process.stdout.write(`  job done in ${totalS.toFixed(1)} s, every row read back and checked ${((performance.now() - started) / 1000 - totalS).toFixed(1)} s later\n`);
    return { scenario, uploadS, firstResultS: firstResultS ?? totalS, totalS, recordsPerS: Math.round(scenario.rows / totalS), serverPeakMiB, workerPeakMiB: workerPeaks.length > 0 ? Math.max(...workerPeaks) : null, matched };
  } finally {
    await stopAll(children);
    await redis?.flushdb();
    redis?.disconnect();
    await store.drop();
    // BENCH_KEEP=1 keeps the scratch directory (logs of server and workers) and prints where it is.
    if (process.env['BENCH_KEEP']) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

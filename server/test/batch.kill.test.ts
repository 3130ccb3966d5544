import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadSampleData } from '../src/foundations';
import { createBatchService } from '../src/batch/service';
import { createBullDispatcher, createBullWorker } from '../src/batch/bullmq';
import { createBatchWorker } from '../src/batch/worker';
import { createRowEnricher } from '../src/batch/enrichRow';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { testApp } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const pgUrl = process.env['DATABASE_URL_TEST'];
const redisUrl = process.env['REDIS_URL_TEST'];
if (redisUrl === undefined && process.env['CI'] === 'true') throw new Error('CI=true but REDIS_URL_TEST is not set: .ci/run must set it');
if (pgUrl === undefined && process.env['CI'] === 'true') throw new Error('CI=true but DATABASE_URL_TEST is not set: .ci/run must set it');

const EMAILS = readFileSync(path.join(ROOT, 'data/sample/people.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line !== '')
  .map((line) => line.split(',')[0]!);

interface Backend {
  readonly name: string;
  open(): Promise<{ url: string; store: OpenedDatabase; cleanup(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite (embedded queue)',
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'enrich-kill-'));
      const url = `sqlite:${path.join(dir, 'enrich.db')}`;
      return { url, store: openDatabase(url), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
];
if (pgUrl !== undefined) {
  backends.push({
    name: 'PostgreSQL (the same queue table)',
    async open() {
      const schema = `enrich_kill_${randomBytes(6).toString('hex')}`;
      const admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const separator = pgUrl.includes('?') ? '&' : '?';
      const url = `${pgUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      return {
        url,
        store: openDatabase(pgUrl, { schema, poolSize: 4 }),
        cleanup: async () => {
          const drop = new Client({ connectionString: pgUrl });
          await drop.connect();
          await drop.query(`drop schema ${schema} cascade`);
          await drop.end();
        },
      };
    },
  });
}

describe.each(backends)('a worker killed with SIGKILL mid-job on $name', (backend) => {
  let opened: Awaited<ReturnType<Backend['open']>>;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    opened = await backend.open();
    await migrateToLatest(opened.store.db);
    await loadSampleData(opened.store);
  }, 60000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await opened.store.close();
    await opened.cleanup();
  });

  it('loses no row and writes none twice: another worker takes its rows after the lease', async () => {
    const batch = createBatchService({ db: opened.store.db, dialect: opened.store.dialect, now: Date.now });
    const total = 1500;
    async function* rows() {
      for (let i = 0; i < total; i += 1) yield { id: `k-${i + 1}`, email: EMAILS[i % EMAILS.length]! };
    }
    const { job } = await batch.enqueue({ tenant: 'acme', account: 'default', enrich: ['first_name', 'title'], minConfidence: 0, webhookUrl: null, idempotencyKey: null }, rows());

    // 1. `enrich worker` in its own process, on the same store.
    child = spawn(process.execPath, [path.join(ROOT, 'bin/enrich.js'), 'worker'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: opened.url, ENRICH_SAMPLE_DATA: 'off', WEB_LOOKUPS: 'off', LOG_LEVEL: 'warn', BATCH_LEASE_S: '2', BATCH_CONCURRENCY: '2', REDIS_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    // 2. Kill it with SIGKILL once it has done part of the job (it holds leased rows at that moment).
    const deadline = Date.now() + 40000;
    for (;;) {
      const current = await batch.jobs.getById(job.id);
      if (Number(current!.done) > 0) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the worker did no work: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const atKill = await batch.jobs.getById(job.id);
    expect(Number(atKill!.done)).toBeLessThan(total);
    // The rows the dead worker held: leased, not written.
    const held = await opened.store.db.selectFrom('batch_rows').select('row').where('job_id', '=', job.id).where('done', '=', 0).where('lease_until', '>', new Date().toISOString()).execute();

    // 3. Another worker finishes the job; the dead worker's rows come back when their leases expire.
    const t = testApp({ WEB_LOOKUPS: 'off' }, { store: opened.store });
    const worker = createBatchWorker({
      jobs: batch.jobs,
      enrichRow: createRowEnricher(t.deps.enrichment),
      concurrency: 4,
      deadlineMs: 1500,
      leaseMs: 2000,
      pollMs: 20,
      now: Date.now,
    });
    const finishBy = Date.now() + 60000;
    for (;;) {
      const current = await batch.jobs.getById(job.id);
      if (current!.state === 'completed') break;
      if (Date.now() > finishBy) throw new Error(`not completed: ${current!.done}/${total}`);
      if ((await worker.step()) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // 4. Every row once, in order, each with its own record; the counts match the rows.
    const done = await batch.jobs.getById(job.id);
    expect(Number(done!.done)).toBe(total);
    expect(await batch.jobs.countWritten(job.id)).toBe(total);
    const lines: string[] = [];
    const view = (await batch.get('acme', job.id))!;
    for await (const line of batch.results(view, 0, 'ndjson')) lines.push(line);
    const results = lines.map((line) => JSON.parse(line) as { row: number; id: string; input: { email: string }; reason: string | null });
    expect(results).toHaveLength(total);
    results.forEach((r, i) => {
      expect(r.row).toBe(i + 1);
      expect(r.id).toBe(`k-${i + 1}`);
      expect(r.input.email).toBe(EMAILS[i % EMAILS.length]);
    });
    expect(results.filter((r) => r.reason !== null)).toEqual([]);
    // The rows the killed worker held were claimed again after their lease (enriched at least once), yet written once.
    if (held.length > 0) {
      const again = await opened.store.db.selectFrom('batch_rows').select(['row', 'attempts']).where('job_id', '=', job.id).where('row', 'in', held.map((h) => h.row)).execute();
      expect(again.every((r) => Number(r.attempts) >= 2)).toBe(true);
    }
  }, 120000);
});

(redisUrl === undefined ? describe.skip : describe)('a BullMQ worker (REDIS_URL) killed with SIGKILL mid-job', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-kill-bull-'));
  const url = `sqlite:${path.join(dir, 'enrich.db')}`;
  const prefix = `enrich-test-bull-${randomBytes(6).toString('hex')}`;
  let store: OpenedDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    store = openDatabase(url);
    await migrateToLatest(store.db);
    await loadSampleData(store);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('loses no row and writes none twice: BullMQ gives the stalled chunk to another worker', async () => {
    const dispatcher = createBullDispatcher(redisUrl!, prefix);
    const batch = createBatchService({ db: store.db, dialect: store.dialect, now: Date.now, dispatcher });
    const total = 1500;
    async function* rows() {
      for (let i = 0; i < total; i += 1) yield { id: `b-${i + 1}`, email: EMAILS[i % EMAILS.length]! };
    }
    const { job } = await batch.enqueue({ tenant: 'acme', account: 'default', enrich: ['first_name'], minConfidence: 0, webhookUrl: null, idempotencyKey: null }, rows());
    await dispatcher.close();

    child = spawn(process.execPath, [path.join(ROOT, 'bin/enrich.js'), 'worker'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url, REDIS_URL: redisUrl!, BATCH_QUEUE_PREFIX: prefix, ENRICH_SAMPLE_DATA: 'off', WEB_LOOKUPS: 'off', LOG_LEVEL: 'warn', BATCH_LEASE_S: '2', BATCH_CONCURRENCY: '2' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 40000;
    for (;;) {
      const current = await batch.jobs.getById(job.id);
      if (Number(current!.done) > 0) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the worker did no work: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(Number((await batch.jobs.getById(job.id))!.done)).toBeLessThan(total);

    const t = testApp({ WEB_LOOKUPS: 'off' }, { store });
    const worker = createBullWorker({
      url: redisUrl!,
      prefix,
      jobs: batch.jobs,
      enrichRow: createRowEnricher(t.deps.enrichment),
      concurrency: 4,
      deadlineMs: 1500,
      lockMs: 2000,
      now: Date.now,
    });
    try {
      const finishBy = Date.now() + 60000;
      for (;;) {
        const current = await batch.jobs.getById(job.id);
        if (current!.state === 'completed') break;
        if (Date.now() > finishBy) throw new Error(`not completed: ${current!.done}/${total}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await worker.close();
    }
    expect(Number((await batch.jobs.getById(job.id))!.done)).toBe(total);
    expect(await batch.jobs.countWritten(job.id)).toBe(total);
    const lines: string[] = [];
    for await (const line of batch.results((await batch.get('acme', job.id))!, 0, 'ndjson')) lines.push(line);
    const results = lines.map((line) => JSON.parse(line) as { row: number; id: string });
    expect(results.map((r) => r.row)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(results.map((r) => r.id)).toEqual(Array.from({ length: total }, (_, i) => `b-${i + 1}`));
  }, 120000);
});

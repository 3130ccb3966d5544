import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BATCH_QUEUE, CHUNK_ROWS, createBullDispatcher, createBullWorker } from '../src/batch/bullmq';
import { createRowEnricher } from '../src/batch/enrichRow';
import { createBatchService, type BatchService } from '../src/batch/service';
import { loadSampleData } from '../src/foundations';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { freePort } from '../../mocks/prism';
import { testApp } from './helpers';

const redisUrl = process.env['REDIS_URL_TEST'];
if (redisUrl === undefined && process.env['CI'] === 'true') throw new Error('CI=true but REDIS_URL_TEST is not set: .ci/run must set it');

/** Polls the store (the record of every row) until `done` holds for the job. */
async function waitFor(batch: BatchService, jobId: string, done: (record: { state: string; done: number }) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await batch.jobs.getById(jobId);
    const seen = { state: record!.state, done: Number(record!.done) };
    if (done(seen)) return seen;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${seen.state} with ${seen.done} rows done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every row has exactly one result, in order, with its caller id. */
async function expectEveryRowOnce(batch: BatchService, jobId: string, total: number) {
  expect(await batch.jobs.countWritten(jobId)).toBe(total);
  const lines: string[] = [];
  for await (const line of batch.results((await batch.get('acme', jobId))!, 0, 'ndjson')) lines.push(line);
  const results = lines.map((line) => JSON.parse(line) as { row: number; id: string });
  expect(results.map((r) => r.row)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(results.map((r) => r.id)).toEqual(Array.from({ length: total }, (_, i) => `s-${i + 1}`));
}

async function* rows(total: number) {
  for (let i = 0; i < total; i += 1) yield { id: `s-${i + 1}`, domain: `sweep-${i % 50}.example` };
}
const JOB = { tenant: 'acme', account: 'default', enrich: ['company_name'] as const, minConfidence: 0, webhookUrl: null, idempotencyKey: null };

(redisUrl === undefined ? describe.skip : describe)('the BullMQ batch queue with a real Redis: jobs the queue lost or never got', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-sweep-'));
  const prefix = `enrich-test-sweep-${randomBytes(6).toString('hex')}`;
  let store: OpenedDatabase;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const startWorker = (options: { rowsPerSecond?: number; onRestored?: (jobId: string, chunks: number) => void } = {}) => {
    const t = testApp({ WEB_LOOKUPS: 'off' }, { store });
    const worker = createBullWorker({
      url: redisUrl!,
      prefix,
      jobs: createBatchService({ db: store.db, dialect: store.dialect, now: Date.now }).jobs,
      enrichRow: createRowEnricher(t.deps.enrichment),
      concurrency: 4,
      deadlineMs: 1500,
      lockMs: 2000,
      now: Date.now,
      sweepEveryMs: 50,
      ...options,
    });
    closers.push(() => worker.close());
    return worker;
  };

  it('answers an enqueue at once while Redis is unreachable, and the sweep queues the job: every row once', async () => {
    const unreachable = createBullDispatcher(`redis://127.0.0.1:${await freePort()}`, prefix);
    closers.push(() => unreachable.close());
    const deferred: string[] = [];
    const batch = createBatchService({ db: store.db, dialect: store.dialect, now: Date.now, dispatcher: unreachable, onDispatchDeferred: (jobId) => deferred.push(jobId) });
    const total = 300;
    const { job } = await batch.enqueue({ ...JOB, enrich: [...JOB.enrich] }, rows(total));
    expect(job.state).toBe('queued');
    expect(deferred).toEqual([job.id]);

    let restored = 0;
    startWorker({ onRestored: (_jobId, chunks) => (restored += chunks) });
    await waitFor(batch, job.id, (r) => r.state === 'completed');
    expect(restored).toBe(Math.ceil(total / CHUNK_ROWS));
    await expectEveryRowOnce(batch, job.id, total);
  }, 90_000);

  it('puts back the chunks a Redis restart lost mid-job (queue emptied, the running chunk too): every row once, in order', async () => {
    const dispatcher = createBullDispatcher(redisUrl!, prefix);
    closers.push(() => dispatcher.close());
    const batch = createBatchService({ db: store.db, dialect: store.dialect, now: Date.now, dispatcher });
    const total = 1000;
    const { job } = await batch.enqueue({ ...JOB, enrich: [...JOB.enrich] }, rows(total));
    let restored = 0;
    // Paced at 3 chunks a second, so the job is still mid-way when the queue is emptied below
    // (unpaced, two chunks in flight could take the whole job before that).
    startWorker({ rowsPerSecond: 3 * CHUNK_ROWS, onRestored: (_jobId, chunks) => (restored += chunks) });
    await waitFor(batch, job.id, (r) => r.done > 0);

    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const queue = new Queue(BATCH_QUEUE, { connection, prefix });
    await queue.obliterate({ force: true }); // what a Redis that kept no data has after its restart
    await queue.close();
    await connection.quit();

    const finished = await waitFor(batch, job.id, (r) => r.state === 'completed');
    expect(finished.done).toBe(total);
    expect(restored).toBeGreaterThan(0);
    await expectEveryRowOnce(batch, job.id, total);
  }, 90_000);

  it('caps rows per second across the workers: after one chunk the shared limiter holds the next', async () => {
    const dispatcher = createBullDispatcher(redisUrl!, prefix);
    closers.push(() => dispatcher.close());
    const batch = createBatchService({ db: store.db, dialect: store.dialect, now: Date.now, dispatcher });
    const { job } = await batch.enqueue({ ...JOB, enrich: [...JOB.enrich] }, rows(CHUNK_ROWS + 10));
    // One row a second: a chunk of 128 rows opens the limiter for the next chunk after 128 s.
    startWorker({ rowsPerSecond: 1 });
    await waitFor(batch, job.id, (r) => r.done >= CHUNK_ROWS);

    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const queue = new Queue(BATCH_QUEUE, { connection, prefix });
    const heldForMs = await queue.getRateLimitTtl(1);
    await queue.close();
    await connection.quit();
    expect(heldForMs).toBeGreaterThan(0);
    expect(Number((await batch.jobs.getById(job.id))!.done)).toBe(CHUNK_ROWS);
  }, 90_000);
});

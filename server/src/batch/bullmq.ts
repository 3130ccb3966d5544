import { DelayedError, Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { redisReady } from '../cache/redisClient';
import type { FieldName } from '../enrichment/fields';
import type { JobStore } from './jobStore';
import type { DayQuota } from './quota';
import { processRows, type RowEnricher } from './rows';

/** The BullMQ queue of batch work: one BullMQ job per chunk of a batch job's rows. */
export const BATCH_QUEUE = 'enrich-batch';
export const CHUNK_ROWS = 128;
const CHUNKS_IN_FLIGHT = 2;
/**
 * How often each BullMQ worker looks for chunks of active jobs that the queue no longer holds: lost
 * with a Redis restart that kept no data, or never added because Redis was unreachable at enqueue.
 * The store stays the record of what is left to do, so putting a chunk back is always safe.
 */
const SWEEP_EVERY_MS = 10_000;
/** How long an enqueue waits for Redis before leaving the job to the sweep (the caller gets its 202). */
const DISPATCH_WAIT_MS = 2_000;

interface ChunkData {
  readonly jobId: string;
  readonly from: number;
  readonly to: number;
}

function connection(url: string, options: { failFast?: boolean } = {}): Redis {
  // BullMQ's blocking commands need no per-request retry limit. What only adds to the queue fails at
  // once while Redis is away (no offline queue), so an enqueue never hangs on it.
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...(options.failFast && { enableOfflineQueue: false }) });
  redis.on('error', () => undefined);
  return redis;
}

/** The BullMQ job of the chunk of `jobId` that starts at row `from`; its id makes adding it twice add nothing. */
function chunkJob(jobId: string, from: number, total: number): { name: string; data: ChunkData; opts: JobsOptions } {
  return {
    name: 'rows',
    data: { jobId, from, to: Math.min(total, from + CHUNK_ROWS - 1) },
    opts: { jobId: `${jobId}-${from}`, removeOnComplete: true, removeOnFail: 1000, attempts: 8, backoff: { type: 'exponential', delay: 1000 } },
  };
}

/** Puts a job's rows on the BullMQ queue in chunks, and puts back chunks the queue lost. */
export function createBullDispatcher(url: string, prefix: string) {
  let queue: Queue<ChunkData> | null = null;
  let redis: Redis | null = null;
  const open = async (): Promise<Queue<ChunkData>> => {
    redis ??= connection(url, { failFast: true });
    if (queue === null) {
      queue = new Queue<ChunkData>(BATCH_QUEUE, { connection: redis, prefix });
      // Its connection errors surface as the rejected calls below; unheard, BullMQ prints them raw to stderr.
      queue.on('error', () => undefined);
    }
    if (!(await redisReady(redis, DISPATCH_WAIT_MS))) throw new Error('redis not reachable: the job is queued by the next sweep');
    return queue;
  };
  return {
    async dispatch(jobId: string, total: number): Promise<void> {
      const target = await open();
      let batch: Array<ReturnType<typeof chunkJob>> = [];
      for (let from = 1; from <= total; from += CHUNK_ROWS) {
        batch.push(chunkJob(jobId, from, total));
        if (batch.length === 500) {
          await target.addBulk(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await target.addBulk(batch);
    },
    /**
     * Puts back the chunks of `jobId` starting at `starts` (chunks with rows not done) that the queue
     * does not hold, and retries the ones that used up their attempts. Returns how many it put back.
     */
    async restore(jobId: string, starts: readonly number[], total: number): Promise<number> {
      const target = await open();
      let restored = 0;
      // A hundred state look-ups at a time: they share one connection without waiting on each other.
      for (let i = 0; i < starts.length; i += 100) {
        const chunks = starts.slice(i, i + 100).map((from) => chunkJob(jobId, from, total));
        const states = await Promise.all(chunks.map((chunk) => target.getJobState(chunk.opts.jobId!)));
        for (const [index, chunk] of chunks.entries()) {
          if (states[index] === 'unknown') await target.add(chunk.name, chunk.data, chunk.opts);
          else if (states[index] === 'failed') await (await target.getJob(chunk.opts.jobId!))?.retry();
          else continue;
          restored += 1;
        }
      }
      return restored;
    },
    async close(): Promise<void> {
      await queue?.close();
      // BullMQ leaves a connection it was given open.
      await redis?.quit().catch(() => redis?.disconnect());
    },
  };
}

export type BullDispatcher = ReturnType<typeof createBullDispatcher>;

export interface BullWorkerOptions {
  readonly url: string;
  readonly prefix: string;
  readonly jobs: JobStore;
  readonly enrichRow: RowEnricher;
  /** Rows of a chunk enriched at once. */
  readonly concurrency: number;
  readonly deadlineMs: number;
  /** BullMQ's lock: a worker that stops renewing it (killed) has its chunk moved back to the queue. */
  readonly lockMs: number;
  readonly now: () => number;
  readonly quota?: DayQuota;
  /** A cap on rows per second shared by every worker of the queue (BullMQ's limiter, kept in Redis); none when absent. */
  readonly rowsPerSecond?: number;
  /** How often this worker puts back chunks the queue lost (tests shorten it). */
  readonly sweepEveryMs?: number;
  /** Chunks of `jobId` were missing from the queue and were put back. */
  readonly onRestored?: (jobId: string, chunks: number) => void;
  readonly onError?: (error: Error) => void;
}

/**
 * A BullMQ worker for batch chunks. The store stays the record of every row: a chunk enriches the rows
 * of its range that are not done yet and writes each result once, so a chunk retried after a worker
 * died (BullMQ's stalled-job check) doubles nothing.
 */
export function createBullWorker(options: BullWorkerOptions) {
  const { jobs, now } = options;
  const processor = async (job: Job<ChunkData>, token?: string) => {
    const { jobId, from, to } = job.data;
    const record = await jobs.getById(jobId);
    if (!record || !['queued', 'running'].includes(record.state)) return;
    const rows = await jobs.pendingRows(jobId, from, to);
    if (rows.length === 0) return;
    if (options.quota) {
      const { granted, retryAt } = await options.quota.take(record.tenant, record.account, rows.length);
      if (granted < rows.length) {
        await options.quota.giveBack(record.tenant, record.account, granted);
        await jobs.setPaced(jobId, retryAt);
        await job.moveToDelayed(retryAt, token);
        throw new DelayedError();
      }
      if (record.paced_until !== null) await jobs.setPaced(jobId, null);
    }
    const spec = { id: jobId, wanted: JSON.parse(record.enrich) as FieldName[], minConfidence: Number(record.min_confidence), deadlineMs: options.deadlineMs };
    await jobs.finish(jobId, await processRows(rows, spec, options.enrichRow, options.concurrency), now());
  };
  const redis = connection(options.url);
  const worker = new Worker<ChunkData>(BATCH_QUEUE, processor, {
    connection: redis,
    prefix: options.prefix,
    // Two chunks in flight: one chunk's reads and its result write overlap the other's enrichment.
    concurrency: CHUNKS_IN_FLIGHT,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
    maxStalledCount: 100,
    // One chunk per interval across every worker: the cap in rows per second, a chunk at a time.
    ...(options.rowsPerSecond && { limiter: { max: 1, duration: Math.ceil((CHUNK_ROWS * 1000) / options.rowsPerSecond) } }),
  });
  worker.on('error', (error) => options.onError?.(error));
  worker.on('failed', (_job, error) => options.onError?.(error));

  const dispatcher = createBullDispatcher(options.url, options.prefix);
  /** Puts back the chunks of every active job that the queue no longer holds; returns how many. */
  async function sweep(): Promise<number> {
    let restored = 0;
    for (const record of await jobs.active(now(), 100)) {
      const chunks = await dispatcher.restore(record.id, await jobs.pendingChunks(record.id, CHUNK_ROWS), Number(record.total));
      if (chunks > 0) options.onRestored?.(record.id, chunks);
      restored += chunks;
    }
    return restored;
  }
  let sweeping: Promise<void> | null = null;
  const timer = setInterval(() => {
    // One sweep at a time; an unreachable store or Redis is reported and tried again at the next tick.
    sweeping ??= sweep()
      .then(() => undefined, (error: Error) => options.onError?.(error))
      .finally(() => (sweeping = null));
  }, options.sweepEveryMs ?? SWEEP_EVERY_MS);
  timer.unref();
  return {
    worker,
    sweep,
    async close(): Promise<void> {
      clearInterval(timer);
      await sweeping;
      await worker.close();
      await dispatcher.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

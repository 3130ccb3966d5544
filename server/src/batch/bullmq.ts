import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { FieldName } from '../enrichment/fields';
import type { JobStore } from './jobStore';
import type { DayQuota } from './quota';
import { processRows, type RowEnricher } from './rows';

/** The BullMQ queue of batch work: one BullMQ job per chunk of a batch job's rows. */
export const BATCH_QUEUE = 'enrich-batch';
const CHUNK_ROWS = 128;
const CHUNKS_IN_FLIGHT = 2;

interface ChunkData {
  readonly jobId: string;
  readonly from: number;
  readonly to: number;
}

function connection(url: string): Redis {
  // BullMQ's blocking commands need no per-request retry limit.
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  return redis;
}

/** Puts a job's rows on the BullMQ queue in chunks (their ids make a repeated dispatch add nothing). */
export function createBullDispatcher(url: string, prefix: string) {
  let queue: Queue<ChunkData> | null = null;
  let redis: Redis | null = null;
  return {
    async dispatch(jobId: string, total: number): Promise<void> {
      redis ??= connection(url);
      queue ??= new Queue<ChunkData>(BATCH_QUEUE, { connection: redis, prefix });
      let batch: Array<{ name: string; data: ChunkData; opts: { jobId: string; removeOnComplete: boolean; removeOnFail: number; attempts: number; backoff: { type: 'exponential'; delay: number } } }> = [];
      for (let from = 1; from <= total; from += CHUNK_ROWS) {
        const data = { jobId, from, to: Math.min(total, from + CHUNK_ROWS - 1) };
        batch.push({ name: 'rows', data, opts: { jobId: `${jobId}-${from}`, removeOnComplete: true, removeOnFail: 1000, attempts: 8, backoff: { type: 'exponential', delay: 1000 } } });
        if (batch.length === 500) {
          await queue.addBulk(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await queue.addBulk(batch);
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
  });
  worker.on('error', (error) => options.onError?.(error));
  worker.on('failed', (_job, error) => options.onError?.(error));
  return {
    worker,
    async close(): Promise<void> {
      await worker.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

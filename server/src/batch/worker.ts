import type { FieldName } from '../enrichment/fields';
import type { JobStore, RowResult } from './jobStore';
import type { DayQuota } from './quota';
import { processRows, type RowEnricher } from './rows';
import type { WebhookSender } from './webhooks';

export interface BatchWorkerOptions {
  readonly jobs: JobStore;
  readonly enrichRow: RowEnricher;
  /** Rows enriched at once. */
  readonly concurrency: number;
  /** The deadline of each row's enrichment. */
  readonly deadlineMs: number;
  /** How long a claimed row is held before another worker may take it (a worker that died). */
  readonly leaseMs: number;
  /** Pause when there is nothing to do. */
  readonly pollMs: number;
  readonly now: () => number;
  readonly quota?: DayQuota;
  readonly webhooks?: WebhookSender;
  /** False when BullMQ hands out the rows: this loop then only sends webhooks. */
  readonly claimRows?: boolean;
  readonly onError?: (error: Error) => void;
}

/**
 * A worker of the embedded queue: claims rows of the oldest active job with a lease, enriches them
 * (`concurrency` at once, each under `deadlineMs`), writes each result once, and sends due webhooks.
 * Any number of workers, in any number of processes, may share one store.
 */
export function createBatchWorker(options: BatchWorkerOptions) {
  const { jobs, now } = options;
  // Rows claimed per step: enough that the claim and the write transaction cost little per row.
  const chunk = options.concurrency * 32;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  /** One step: a chunk of one job's rows. Returns the rows processed. */
  async function step(): Promise<number> {
    for (const job of await jobs.active(now(), 8)) {
      let wanted = chunk;
      if (options.quota) {
        const { granted, retryAt } = await options.quota.take(job.tenant, job.account, wanted);
        if (granted === 0) {
          await jobs.setPaced(job.id, retryAt);
          continue;
        }
        if (job.paced_until !== null) await jobs.setPaced(job.id, null);
        wanted = granted;
      }
      const claimed = await jobs.claim(job.id, wanted, options.leaseMs, now());
      if (options.quota) await options.quota.giveBack(job.tenant, job.account, wanted - claimed.length);
      if (claimed.length === 0) continue;
      const spec = { id: job.id, wanted: JSON.parse(job.enrich) as FieldName[], minConfidence: Number(job.min_confidence), deadlineMs: options.deadlineMs };
      const results: RowResult[] = await processRows(claimed, spec, options.enrichRow, options.concurrency);
      await jobs.finish(job.id, results, now());
      return claimed.length;
    }
    return 0;
  }

  async function run(): Promise<void> {
    while (running) {
      let processed = 0;
      try {
        if (options.claimRows !== false) processed = await step();
        // SQLite answers synchronously and cached rows resolve at once: without this the loop would
        // run on microtasks alone and the HTTP server in the same process would not answer meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.webhooks) processed += await options.webhooks.deliverDue();
      } catch (error) {
        options.onError?.(error as Error);
      }
      if (processed === 0 && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      loop = run();
    },
    /** Work is waiting (a job was enqueued in this process): stop sleeping. */
    notify(): void {
      wake?.();
    },
    /** Finishes the chunk in hand, then stops. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
    },
    step,
  };
}

export type BatchWorker = ReturnType<typeof createBatchWorker>;

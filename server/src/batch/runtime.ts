import type { AppDeps } from '../app';
import { createOutbound } from '../outbound/guard';
import { createRowEnricher } from './enrichRow';
import { createDayQuota } from './quota';
import type { BatchService } from './service';
import { createWebhookSender } from './webhooks';
import { createBatchWorker, type BatchWorker } from './worker';
import { createBullWorker } from './bullmq';

export interface BatchRuntimeOptions {
  /** Delays of the webhook delivery attempts (tests shorten them). */
  readonly webhookSchedule?: readonly number[];
  readonly pollMs?: number;
}

/**
 * Starts a batch worker on the app's own enrichment dependencies (same sources, cache and write-back
 * as POST /enrich): in the server process, or alone in `npx enrich worker`. Webhooks leave through
 * an outbound guard of their own (public addresses only).
 */
export function startBatchWorker(deps: AppDeps, batch: BatchService, options: BatchRuntimeOptions = {}): { worker: BatchWorker; stop(): Promise<void> } {
  const { config, logger, metrics } = deps;
  const outbound = createOutbound({ testTargets: config.outboundTestTargets, userAgent: 'Enrich-Webhooks/0.1' });
  const day = config.rateLimits.find((w) => w.name === 'day');
  const enrichRow = createRowEnricher(deps.enrichment);
  const quota = day && createDayQuota(day, deps.now, deps.makeLimiter, config.limiterMaxKeys);
  // With REDIS_URL the rows come from BullMQ; the table loop below then only sends webhooks.
  const bull =
    batch.usesBullmq && config.redisUrl !== null
      ? createBullWorker({
          url: config.redisUrl,
          prefix: config.batchQueuePrefix,
          jobs: batch.jobs,
          enrichRow,
          concurrency: Math.max(1, config.batchConcurrency),
          deadlineMs: config.batchRowDeadlineMs,
          lockMs: config.batchLeaseMs,
          now: deps.now,
          ...(quota && { quota }),
          ...(config.batchMaxRowsPerS > 0 && { rowsPerSecond: config.batchMaxRowsPerS }),
          onRestored: (jobId, chunks) => {
            metrics.batchChunksRestored.inc(chunks);
            logger.warn('batch chunks missing from the queue put back', { event: 'batch_chunks_restored', job_id: jobId, chunks });
          },
          onError: (error) => logger.warn('batch chunk failed', { event: 'batch_chunk_error', error: error.message }),
        })
      : null;
  const worker = createBatchWorker({
    jobs: batch.jobs,
    enrichRow,
    claimRows: bull === null,
    concurrency: Math.max(1, config.batchConcurrency),
    deadlineMs: config.batchRowDeadlineMs,
    leaseMs: config.batchLeaseMs,
    pollMs: options.pollMs ?? 250,
    now: deps.now,
    ...(quota && { quota }),
    webhooks: createWebhookSender({
      db: batch.jobs.db,
      jobs: batch.jobs,
      post: async (url, init) => outbound.fetch(url, init),
      now: deps.now,
      ...(options.webhookSchedule && { schedule: options.webhookSchedule }),
      onError: (error) => logger.warn('webhook delivery failed', { event: 'webhook_error', error: error.message }),
    }),
    onError: (error) => logger.error('batch worker step failed', { event: 'batch_worker_error', error: error.message }),
  });
  batch.onEnqueued(() => worker.notify());
  worker.start();
  return {
    worker,
    async stop() {
      await worker.stop();
      await bull?.close();
      await outbound.close();
    },
  };
}

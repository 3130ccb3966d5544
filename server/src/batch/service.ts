import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { createJobStore, type JobRecord, type JobStore, type RowInput } from './jobStore';
import { toJobBody, type JobBody } from './jobView';
import { csvHeader, csvLine } from './rows';
import { signingSecrets } from './webhooks';
import type { BullDispatcher } from './bullmq';
import type { FieldName } from '../enrichment/fields';

const INSERT_BATCH = 500;

export interface EnqueueOptions {
  readonly tenant: string;
  readonly account: string;
  readonly enrich: readonly FieldName[];
  readonly minConfidence: number;
  readonly webhookUrl: string | null;
  readonly idempotencyKey: string | null;
}

/** What the batch operations need: jobs of a tenant, enqueued from a stream of rows. */
export function createBatchService(deps: {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  now: () => number;
  /** With REDIS_URL: rows go to BullMQ in chunks; without, workers claim them from the table. */
  dispatcher?: BullDispatcher;
  /** The job is in the store but could not be put on the queue now; the workers' sweep puts it there. */
  onDispatchDeferred?: (jobId: string, error: Error) => void;
}) {
  const jobs: JobStore = createJobStore(deps.db, deps.dialect);
  const listeners = new Set<() => void>();
  const view = async (job: JobRecord): Promise<JobBody> => toJobBody(job, await jobs.attempts(job.id), deps.now());

  return {
    jobs,
    /** Whether rows go through BullMQ (workers then take them from there, not from the table). */
    usesBullmq: deps.dispatcher !== undefined,
    async close(): Promise<void> {
      await deps.dispatcher?.close();
    },
    /** Called after each enqueue (the in-process worker wakes up). */
    onEnqueued(listener: () => void): void {
      listeners.add(listener);
    },
    /**
     * Makes a job from `rows`, read as they come (never all in memory), or answers the job an earlier
     * enqueue with the same Idempotency-Key made (`replayed`). Rows go in in batches; the job becomes
     * visible only once every row is in, so a failed upload leaves no half job.
     */
    async enqueue(options: EnqueueOptions, rows: AsyncIterable<RowInput>): Promise<{ job: JobBody; replayed: boolean }> {
      if (options.idempotencyKey !== null) {
        const earlier = await jobs.byIdempotencyKey(options.tenant, options.idempotencyKey);
        if (earlier && earlier.state !== 'receiving') return { job: await view(earlier), replayed: true };
        if (earlier) await jobs.discard(earlier.id); // an upload that died part way: start again
      }
      const id = await jobs.create(
        { tenant: options.tenant, account: options.account, enrich: options.enrich, minConfidence: options.minConfidence, webhookUrl: options.webhookUrl, idempotencyKey: options.idempotencyKey },
        deps.now(),
      );
      let total = 0;
      try {
        let batch: RowInput[] = [];
        for await (const row of rows) {
          batch.push(row);
          if (batch.length >= INSERT_BATCH) {
            await jobs.appendRows(id, total + 1, batch);
            total += batch.length;
            batch = [];
          }
        }
        await jobs.appendRows(id, total + 1, batch);
        total += batch.length;
        await jobs.open(id, total);
      } catch (error) {
        await jobs.discard(id).catch(() => undefined);
        throw error;
      }
      // The job is durable from here: a queue that cannot take it now (Redis away) delays it, it does not lose it.
      await deps.dispatcher?.dispatch(id, total).catch((error: Error) => deps.onDispatchDeferred?.(id, error));
      for (const listener of listeners) listener();
      return { job: await view((await jobs.getById(id))!), replayed: false };
    },
    /** Whether the tenant has a webhook signing secret (`npx enrich webhooks secret --tenant T`). */
    async hasSigningSecret(tenant: string): Promise<boolean> {
      return (await signingSecrets(deps.db, tenant, deps.now())).length > 0;
    },
    async get(tenant: string, id: string): Promise<JobBody | undefined> {
      const job = await jobs.get(tenant, id);
      return job && view(job);
    },
    async cancel(tenant: string, id: string): Promise<JobBody | undefined> {
      await jobs.cancel(tenant, id, deps.now());
      return this.get(tenant, id);
    },
    /** Starts a new round of webhook attempts; undefined when there is no such job, null when it has nothing to send. */
    async redeliver(tenant: string, id: string): Promise<JobBody | null | undefined> {
      const job = await jobs.get(tenant, id);
      if (!job) return undefined;
      if (!(await jobs.redeliver(tenant, id, deps.now()))) return null;
      for (const listener of listeners) listener();
      return this.get(tenant, id);
    },
    /** The finished rows after `cursor`, in order, as NDJSON or CSV lines, up to the first row not finished. */
    async *results(job: JobBody, cursor: number, format: 'ndjson' | 'csv'): AsyncGenerator<string> {
      if (format === 'csv') yield csvHeader(job.enrich);
      let after = cursor;
      for (;;) {
        const page = await jobs.results(job.id, after, 1000);
        for (const r of page.rows) yield format === 'csv' ? csvLine(r.result, job.enrich) : `${r.result}\n`;
        if (page.gap || page.rows.length < 1000) return;
        after = page.rows[page.rows.length - 1]!.row;
      }
    },
  };
}

export type BatchService = ReturnType<typeof createBatchService>;

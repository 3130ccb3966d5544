import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { BatchJobsTable } from '../store/batchSchema';
import type { Database } from '../store/schema';

export type JobRecord = Selectable<BatchJobsTable>;

/** What a row holds before it is enriched. */
export interface RowInput {
  readonly id?: string;
  readonly email?: string;
  readonly domain?: string;
  readonly company_name?: string;
  /** Set when the parser could not read the row: it is answered with `invalid_row`. */
  readonly error?: string;
}

export interface ClaimedRow {
  readonly row: number;
  readonly input: RowInput;
}

/** A finished row: its JSON result and how it counts. */
export interface RowResult {
  readonly row: number;
  readonly result: string;
  readonly matched: boolean;
  readonly failed: boolean;
}

export interface NewJob {
  readonly tenant: string;
  readonly account: string;
  readonly enrich: readonly string[];
  readonly minConfidence: number;
  readonly webhookUrl: string | null;
  readonly idempotencyKey: string | null;
}

const ACTIVE = ['queued', 'running'];
const FINISHED = ['completed', 'failed', 'cancelled'];
const iso = (ms: number) => new Date(ms).toISOString();

export function newJobId(): string {
  return `job_${randomBytes(8).toString('hex')}`;
}

/**
 * The jobs and the embedded queue, in the store (SQLite or PostgreSQL, one Kysely code path). A row is
 * claimed with a lease; a worker that dies loses its leases when they expire and the rows are claimed
 * again. A result is written only while the row is not done, so a row enriched twice is written once.
 */
export function createJobStore(db: Kysely<Database>, dialect: 'sqlite' | 'postgres') {
  return {
    db,
    /** A job in state `receiving`: rows can be appended; no worker and no caller sees it yet. */
    async create(job: NewJob, now: number): Promise<string> {
      const id = newJobId();
      await db
        .insertInto('batch_jobs')
        .values({
          id,
          tenant: job.tenant,
          account: job.account,
          state: 'receiving',
          enrich: JSON.stringify(job.enrich),
          min_confidence: job.minConfidence,
          webhook_url: job.webhookUrl,
          idempotency_key: job.idempotencyKey,
          created_at: iso(now),
          webhook_state: job.webhookUrl === null ? null : 'waiting',
        })
        .execute();
      return id;
    },

    async appendRows(jobId: string, firstRow: number, inputs: readonly RowInput[]): Promise<void> {
      if (inputs.length === 0) return;
      await db
        .insertInto('batch_rows')
        .values(inputs.map((input, i) => ({ job_id: jobId, row: firstRow + i, input: JSON.stringify(input) })))
        .execute();
    },

    /** Every row is in: the job becomes visible and claimable. */
    async open(jobId: string, total: number): Promise<void> {
      await db.updateTable('batch_jobs').set({ state: 'queued', total }).where('id', '=', jobId).execute();
    },

    /** Drops a job that never opened (an upload that failed part way). */
    async discard(jobId: string): Promise<void> {
      await db.deleteFrom('batch_rows').where('job_id', '=', jobId).execute();
      await db.deleteFrom('batch_jobs').where('id', '=', jobId).where('state', '=', 'receiving').execute();
    },

    async byIdempotencyKey(tenant: string, key: string): Promise<JobRecord | undefined> {
      return db.selectFrom('batch_jobs').selectAll().where('tenant', '=', tenant).where('idempotency_key', '=', key).executeTakeFirst();
    },

    /** The tenant's job; another tenant's job, or one still receiving, is not found. */
    async get(tenant: string, id: string): Promise<JobRecord | undefined> {
      return db.selectFrom('batch_jobs').selectAll().where('id', '=', id).where('tenant', '=', tenant).where('state', '!=', 'receiving').executeTakeFirst();
    },

    async getById(id: string): Promise<JobRecord | undefined> {
      return db.selectFrom('batch_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Cancels a queued or running job; a finished one stays as it is. */
    async cancel(tenant: string, id: string, now: number): Promise<void> {
      await db
        .updateTable('batch_jobs')
        .set({ state: 'cancelled', finished_at: iso(now) })
        .where('id', '=', id)
        .where('tenant', '=', tenant)
        .where('state', 'in', ACTIVE)
        .execute();
    },

    /** Jobs with work a worker may take now, oldest first (a paced job waits for its window). */
    async active(now: number, limit: number): Promise<JobRecord[]> {
      return db
        .selectFrom('batch_jobs')
        .selectAll()
        .where('state', 'in', ACTIVE)
        .where((eb) => eb.or([eb('paced_until', 'is', null), eb('paced_until', '<=', iso(now))]))
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },

    async setPaced(jobId: string, until: number | null): Promise<void> {
      await db.updateTable('batch_jobs').set({ paced_until: until === null ? null : iso(until) }).where('id', '=', jobId).execute();
    },

    /**
     * Leases up to `limit` rows of a job that are not done and not leased (or whose lease expired), in
     * row order. PostgreSQL skips rows another worker is claiming; the lease condition is checked again
     * on update, so two workers never hold one row at once.
     */
    // `row` is quoted: PostgreSQL reads a bare `row` as a row constructor.
    async claim(jobId: string, limit: number, leaseMs: number, now: number): Promise<ClaimedRow[]> {
      const nowIso = iso(now);
      const until = iso(now + leaseMs);
      // PostgreSQL: pick the rows first (skipping rows another worker is claiming), then lease them;
      // the lease condition is checked again on update. SQLite has one writer at a time.
      const result =
        dialect === 'postgres'
          ? await sql<{ row: number; input: string }>`
              with picked as (
                select "row" from batch_rows where job_id = ${jobId} and done = 0 and lease_until < ${nowIso}
                order by "row" limit ${limit} for update skip locked
              )
              update batch_rows as b set lease_until = ${until}, attempts = b.attempts + 1
              from picked where b.job_id = ${jobId} and b."row" = picked."row" and b.done = 0 and b.lease_until < ${nowIso}
              returning b."row", b.input`.execute(db)
          : await sql<{ row: number; input: string }>`
              update batch_rows set lease_until = ${until}, attempts = attempts + 1
              where job_id = ${jobId} and done = 0 and lease_until < ${nowIso} and "row" in (
                select "row" from batch_rows where job_id = ${jobId} and done = 0 and lease_until < ${nowIso}
                order by "row" limit ${limit}
              )
              returning "row", input`.execute(db);
      return result.rows
        .map((r) => ({ row: Number(r.row), input: JSON.parse(r.input) as RowInput }))
        .sort((a, b) => a.row - b.row);
    },

    /** The rows of a range that are not done yet (a BullMQ chunk), in order. */
    async pendingRows(jobId: string, from: number, to: number): Promise<ClaimedRow[]> {
      const rows = await db
        .selectFrom('batch_rows')
        .select(['row', 'input'])
        .where('job_id', '=', jobId)
        .where('row', '>=', from)
        .where('row', '<=', to)
        .where('done', '=', 0)
        .orderBy('row')
        .execute();
      return rows.map((r) => ({ row: Number(r.row), input: JSON.parse(r.input) as RowInput }));
    },

    /** The first row of each `chunkRows`-row chunk that still has rows not done, in order (the BullMQ sweep). */
    async pendingChunks(jobId: string, chunkRows: number): Promise<number[]> {
      // A literal, not a parameter: SQLite binds a JS number as a real, and the division must be an integer one.
      if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError('chunkRows must be a positive integer');
      const size = sql.lit(chunkRows);
      const result = await sql<{ start: number }>`
        select distinct (("row" - 1) / ${size}) * ${size} + 1 as start from batch_rows
        where job_id = ${jobId} and done = 0 order by start`.execute(db);
      return result.rows.map((r) => Number(r.start));
    },

    /** Gives claimed rows back (the job was paced or the worker is stopping). */
    async release(jobId: string, rows: readonly number[]): Promise<void> {
      if (rows.length === 0) return;
      await db.updateTable('batch_rows').set({ lease_until: '' }).where('job_id', '=', jobId).where('row', 'in', rows).where('done', '=', 0).execute();
    },

    /**
     * Writes results (each only if its row is not done yet) and counts the ones written, in one
     * transaction; completes the job when its last row is done. Returns true when this call completed it.
     */
    async finish(jobId: string, results: readonly RowResult[], now: number): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        // One statement for the chunk (a round trip per row made PostgreSQL the bottleneck of a job).
        const written = results.length === 0 ? [] : await trx
          .updateTable('batch_rows')
          .set({ done: 1, lease_until: '', result: sql<string>`case ${sql.ref('row')} ${sql.join(results.map((r) => sql`when ${r.row} then ${r.result}`), sql` `)} end` })
          .where('job_id', '=', jobId)
          .where('row', 'in', results.map((r) => r.row))
          .where('done', '=', 0)
          .returning('row')
          .execute();
        const byRow = new Map(results.map((r) => [r.row, r]));
        const done = written.length;
        const matched = written.filter((w) => byRow.get(Number(w.row))?.matched).length;
        const failed = written.filter((w) => byRow.get(Number(w.row))?.failed).length;
        // The job's counts, queued -> running and running -> completed in one statement: every chunk
        // of a job updates this row, so the less time its lock is held, the less the chunks wait.
        const at = iso(now);
        const completes = sql<boolean>`${sql.ref('state')} in ('queued', 'running') and ${sql.ref('done')} + ${done} >= ${sql.ref('total')}`;
        const job = await trx
          .updateTable('batch_jobs')
          .set((eb) => ({
            done: eb('done', '+', done),
            matched: eb('matched', '+', matched),
            failed: eb('failed', '+', failed),
            state: sql<string>`case when ${completes} then 'completed' when ${sql.ref('state')} = 'queued' then 'running' else ${sql.ref('state')} end`,
            started_at: sql<string>`case when ${sql.ref('state')} = 'queued' then ${at} else ${sql.ref('started_at')} end`,
            finished_at: sql<string>`case when ${completes} then ${at} else ${sql.ref('finished_at')} end`,
            paced_until: sql<string | null>`case when ${completes} then null else ${sql.ref('paced_until')} end`,
            webhook_state: sql<string | null>`case when ${completes} and ${sql.ref('webhook_url')} is not null then 'pending' else ${sql.ref('webhook_state')} end`,
            webhook_next_at: sql<string | null>`case when ${completes} and ${sql.ref('webhook_url')} is not null then ${at} else ${sql.ref('webhook_next_at')} end`,
          }))
          .where('id', '=', jobId)
          .returning(['state', 'done', 'total'])
          .executeTakeFirst();
        // Only the call whose rows carried the count past the total completed the job.
        return job !== undefined && job.state === 'completed' && done > 0 && Number(job.done) - done < Number(job.total);
      });
    },

    /** Finished rows after `afterRow`, in order, up to the first row not done yet. */
    async results(jobId: string, afterRow: number, limit: number): Promise<{ rows: Array<{ row: number; result: string }>; gap: boolean }> {
      const rows = await db
        .selectFrom('batch_rows')
        .select(['row', 'done', 'result'])
        .where('job_id', '=', jobId)
        .where('row', '>', afterRow)
        .orderBy('row')
        .limit(limit)
        .execute();
      const out: Array<{ row: number; result: string }> = [];
      for (const r of rows) {
        if (Number(r.done) !== 1 || r.result === null) return { rows: out, gap: true };
        out.push({ row: Number(r.row), result: r.result });
      }
      return { rows: out, gap: false };
    },

    /** The number of rows with a result (tests: a row is never written twice). */
    async countWritten(jobId: string): Promise<number> {
      const r = await db.selectFrom('batch_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', jobId).where('done', '=', 1).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async attempts(jobId: string) {
      return db.selectFrom('batch_webhook_attempts').selectAll().where('job_id', '=', jobId).orderBy('attempt').execute();
    },

    /** Jobs whose webhook is due, leased for `leaseMs` so one worker delivers each attempt. */
    async claimDueWebhooks(now: number, leaseMs: number, limit: number): Promise<JobRecord[]> {
      const due = await db
        .selectFrom('batch_jobs')
        .selectAll()
        .where('webhook_state', '=', 'pending')
        .where('webhook_next_at', '<=', iso(now))
        .limit(limit)
        .execute();
      const claimed: JobRecord[] = [];
      for (const job of due) {
        const r = await db
          .updateTable('batch_jobs')
          .set({ webhook_next_at: iso(now + leaseMs) })
          .where('id', '=', job.id)
          .where('webhook_state', '=', 'pending')
          .where('webhook_next_at', '=', job.webhook_next_at)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 1) claimed.push(job);
      }
      return claimed;
    },

    /** Records one delivery attempt and what comes next: delivered, failed for good, or another try at `nextAt`. */
    async recordAttempt(jobId: string, attempt: { number: number; total: number; at: number; status: number | null; error: string | null }, outcome: { state: 'delivered' | 'failed' | 'pending'; nextAt: number | null }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const previous = await trx.selectFrom('batch_webhook_attempts').select((eb) => eb.fn.max<number>('attempt').as('n')).where('job_id', '=', jobId).executeTakeFirst();
        await trx
          .insertInto('batch_webhook_attempts')
          .values({ job_id: jobId, attempt: Number(previous?.n ?? 0) + 1, at: iso(attempt.at), status: attempt.status, error: attempt.error })
          .execute();
        await trx
          .updateTable('batch_jobs')
          .set({ webhook_state: outcome.state, webhook_next_at: outcome.nextAt === null ? null : iso(outcome.nextAt), webhook_attempts: attempt.number })
          .where('id', '=', jobId)
          .execute();
      });
    },

    /** Starts a new delivery round for a finished job with a webhook. False when there is none to send. */
    async redeliver(tenant: string, id: string, now: number): Promise<boolean> {
      const r = await db
        .updateTable('batch_jobs')
        .set({ webhook_state: 'pending', webhook_next_at: iso(now), webhook_attempts: 0 })
        .where('id', '=', id)
        .where('tenant', '=', tenant)
        .where('webhook_url', 'is not', null)
        .where('state', 'in', FINISHED)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;

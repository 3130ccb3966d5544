import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- a migration describes tables the current types may no longer match */

/**
 * `004_batch_jobs`: batch jobs, their rows (the embedded queue: one row per input record, leased by
 * workers, the result written once per (job, row)), webhook delivery attempts and per-tenant webhook
 * signing secrets. Independent of every other migration; portable between SQLite and PostgreSQL.
 */
export const batchJobsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('batch_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('enrich', 'text', (c) => c.notNull())
      .addColumn('min_confidence', 'double precision', (c) => c.notNull())
      .addColumn('webhook_url', 'text')
      .addColumn('idempotency_key', 'text')
      .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('matched', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('paced_until', 'text')
      .addColumn('webhook_state', 'text')
      .addColumn('webhook_next_at', 'text')
      .addColumn('webhook_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('batch_jobs_idempotency').unique().on('batch_jobs').columns(['tenant', 'idempotency_key']).execute();
    await db.schema.createIndex('batch_jobs_state').on('batch_jobs').columns(['state', 'created_at']).execute();
    await db.schema.createIndex('batch_jobs_webhook').on('batch_jobs').columns(['webhook_state', 'webhook_next_at']).execute();

    await db.schema
      .createTable('batch_rows')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('row', 'integer', (c) => c.notNull())
      .addColumn('input', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('result', 'text')
      .addPrimaryKeyConstraint('batch_rows_pk', ['job_id', 'row'])
      .execute();
    await db.schema.createIndex('batch_rows_pending').on('batch_rows').columns(['job_id', 'done', 'row']).execute();

    await db.schema
      .createTable('batch_webhook_attempts')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('batch_webhook_attempts_pk', ['job_id', 'attempt'])
      .execute();

    await db.schema
      .createTable('webhook_secrets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .execute();
    await db.schema.createIndex('webhook_secrets_tenant').on('webhook_secrets').column('tenant').execute();
  },
  async down(db: Kysely<any>) {
    for (const table of ['webhook_secrets', 'batch_webhook_attempts', 'batch_rows', 'batch_jobs']) await db.schema.dropTable(table).execute();
  },
};

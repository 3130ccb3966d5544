import type { Generated } from 'kysely';

/** Tables of migration 004_batch_jobs. Timestamps are ISO 8601 text (they compare as strings). */

export interface BatchJobsTable {
  /** `job_` + 16 hex. */
  id: string;
  tenant: string;
  account: string;
  /** `receiving` while an upload is read (invisible to callers), then queued, running, completed, failed, cancelled. */
  state: string;
  /** JSON array of field names. */
  enrich: string;
  min_confidence: number;
  webhook_url: string | null;
  idempotency_key: string | null;
  total: Generated<number>;
  done: Generated<number>;
  matched: Generated<number>;
  failed: Generated<number>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Set while the account's day window is used up: no rows are claimed before it. */
  paced_until: string | null;
  /** null without webhook_url; waiting, pending, delivered, failed. */
  webhook_state: string | null;
  webhook_next_at: string | null;
  /** Attempts made in the current delivery round. */
  webhook_attempts: Generated<number>;
}

/** One input record of a job: the embedded queue's unit of work and, once done, its result. */
export interface BatchRowsTable {
  job_id: string;
  /** 1-based input order. */
  row: number;
  /** JSON: id, email, domain, company_name, or `error` for a row the parser could not read. */
  input: string;
  /** A worker holds the row until then; '' when free. */
  lease_until: Generated<string>;
  attempts: Generated<number>;
  /** 0 or 1. */
  done: Generated<number>;
  /** JSON of the result row, written once. */
  result: string | null;
}

export interface BatchWebhookAttemptsTable {
  job_id: string;
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
}

export interface WebhookSecretsTable {
  id: string;
  tenant: string;
  /** `whsec_` + base64: kept in clear because it signs (it is the receiver's verification key). */
  secret: string;
  created_at: string;
  /** Set when a newer secret replaced it: it still signs until then (rotation overlap). */
  expires_at: string | null;
}

export interface BatchTables {
  batch_jobs: BatchJobsTable;
  batch_rows: BatchRowsTable;
  batch_webhook_attempts: BatchWebhookAttemptsTable;
  webhook_secrets: WebhookSecretsTable;
}

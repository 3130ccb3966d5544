import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { isPublicAddress } from '../outbound/guard';
import type { Database } from '../store/schema';
import type { JobStore } from './jobStore';
import { toJobBody } from './jobView';

/**
 * Delay before each attempt of one delivery round (Standard Webhooks' suggested schedule): 8 attempts,
 * the last about 27.5 hours after the first.
 */
export const DELIVERY_SCHEDULE_MS: readonly number[] = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** How long a rotated-out secret keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const ATTEMPT_TIMEOUT_MS = 15_000;

/** A new signing secret for the tenant; the ones it replaces keep signing for `overlapMs`. Shown once. */
export async function createWebhookSecret(db: Kysely<Database>, tenant: string, now: number, overlapMs = ROTATION_OVERLAP_MS): Promise<string> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('webhook_secrets').set({ expires_at: new Date(now + overlapMs).toISOString() }).where('tenant', '=', tenant).where('expires_at', 'is', null).execute();
    await trx
      .insertInto('webhook_secrets')
      .values({ id: `whk_${randomBytes(8).toString('hex')}`, tenant, secret, created_at: new Date(now).toISOString(), expires_at: null })
      .execute();
  });
  return secret;
}

/** The tenant's secrets that sign now, newest first. */
export async function signingSecrets(db: Kysely<Database>, tenant: string, now: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_secrets')
    .select(['secret', 'expires_at'])
    .where('tenant', '=', tenant)
    .orderBy('created_at', 'desc')
    .execute();
  const at = new Date(now).toISOString();
  return rows.filter((r) => r.expires_at === null || r.expires_at > at).map((r) => r.secret);
}

/** Standard Webhooks v1: base64 HMAC-SHA256 over `id.timestamp.body` with each secret, space-separated. */
export function signatureHeader(secrets: readonly string[], id: string, timestampS: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(`${id}.${timestampS}.${body}`).digest('base64')}`;
    })
    .join(' ');
}

/**
 * Why a webhook_url is refused before any job is made, or null: http(s) only, no credentials, ports 80
 * and 443, no loopback/private/link-local literal or `localhost`. Names that resolve to such addresses
 * are refused by the outbound guard at delivery (and the attempt says so). Test targets pass.
 */
export function webhookUrlProblem(raw: string, testTargets: ReadonlyMap<string, string>): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'webhook_url is not a URL';
  }
  if (testTargets.has(url.hostname)) return null;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'webhook_url must be http or https';
  if (url.username || url.password) return 'webhook_url must not hold credentials';
  if (url.port !== '' && url.port !== '80' && url.port !== '443') return 'webhook_url must use port 80 or 443';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return 'webhook_url must be a public address';
  if (isIP(host) && !isPublicAddress(host)) return 'webhook_url must be a public address';
  return null;
}

export interface WebhookPost {
  (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }): Promise<{ status: number }>;
}

export interface WebhookSenderDeps {
  readonly db: Kysely<Database>;
  readonly jobs: JobStore;
  /** The outbound guard's fetch: refuses internal addresses after resolution. */
  readonly post: WebhookPost;
  readonly now: () => number;
  readonly schedule?: readonly number[];
  readonly onError?: (error: Error) => void;
}

/** Delivers due completion webhooks, one attempt per due job, recording every attempt on the job. */
export function createWebhookSender(deps: WebhookSenderDeps) {
  const schedule = deps.schedule ?? DELIVERY_SCHEDULE_MS;
  async function attempt(jobId: string): Promise<void> {
    const job = await deps.jobs.getById(jobId);
    if (!job || job.webhook_url === null) return;
    const number = Number(job.webhook_attempts) + 1;
    const at = deps.now();
    const secrets = await signingSecrets(deps.db, job.tenant, at);
    let status: number | null = null;
    let error: string | null = null;
    if (secrets.length === 0) {
      error = `no webhook secret for tenant ${job.tenant}: run npx enrich webhooks secret --tenant ${job.tenant}`;
    } else {
      const body = JSON.stringify({ type: `job.${job.state}`, timestamp: new Date(at).toISOString(), data: toJobBody(job, await deps.jobs.attempts(job.id), at) });
      const messageId = `msg_${job.id.slice(4)}`;
      const timestampS = Math.floor(at / 1000);
      try {
        const response = await deps.post(job.webhook_url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': messageId,
            'webhook-timestamp': String(timestampS),
            'webhook-signature': signatureHeader(secrets, messageId, timestampS, body),
          },
          body,
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        });
        status = response.status;
        if (status < 200 || status > 299) error = `receiver answered ${status}`;
      } catch (cause) {
        error = (cause as Error).message;
      }
    }
    const delivered = error === null;
    const next = delivered || number >= schedule.length ? null : at + (schedule[number] ?? 0);
    await deps.jobs.recordAttempt(job.id, { number, total: schedule.length, at, status, error }, { state: delivered ? 'delivered' : next === null ? 'failed' : 'pending', nextAt: next });
  }
  return {
    /** Sends every webhook due now; returns how many attempts were made. */
    async deliverDue(): Promise<number> {
      const due = await deps.jobs.claimDueWebhooks(deps.now(), ATTEMPT_TIMEOUT_MS * 2, 10);
      await Promise.all(due.map((job) => attempt(job.id).catch((error: Error) => deps.onError?.(error))));
      return due.length;
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;

import type { components } from '../../../openapi/generated/enrich';
import type { FieldName } from '../enrichment/fields';
import type { BatchWebhookAttemptsTable } from '../store/batchSchema';
import type { JobRecord } from './jobStore';

export type JobBody = components['schemas']['Job'];

/** A job as the contract shows it: counts, progress, an estimate of the time left, pacing, webhook attempts. */
export function toJobBody(job: JobRecord, attempts: readonly BatchWebhookAttemptsTable[], now: number): JobBody {
  const total = Number(job.total);
  const done = Number(job.done);
  const finished = job.finished_at !== null;
  let eta: number | null = null;
  if (!finished && job.started_at !== null && done > 0) {
    const elapsed = Math.max(1, now - Date.parse(job.started_at));
    eta = Math.ceil(((total - done) * (elapsed / done)) / 1000);
    if (job.paced_until !== null) eta = Math.max(eta, Math.ceil((Date.parse(job.paced_until) - now) / 1000));
    eta = Math.max(0, eta);
  }
  const paced = !finished && job.paced_until !== null && Date.parse(job.paced_until) > now;
  return {
    id: job.id,
    state: job.state as JobBody['state'],
    created_at: job.created_at,
    started_at: job.started_at,
    finished_at: job.finished_at,
    counts: { total, done, matched: Number(job.matched), failed: Number(job.failed) },
    progress: total === 0 ? 1 : Math.min(1, done / total),
    eta_s: eta,
    enrich: JSON.parse(job.enrich) as FieldName[],
    min_confidence: Number(job.min_confidence),
    pacing: { paced, resumes_at: paced ? job.paced_until : null },
    webhook:
      job.webhook_url === null
        ? null
        : {
            url: job.webhook_url,
            state: (job.webhook_state ?? 'waiting') as NonNullable<JobBody['webhook']>['state'],
            next_attempt_at: job.webhook_state === 'pending' ? job.webhook_next_at : null,
            attempts: attempts.map((a) => ({ attempt: Number(a.attempt), at: a.at, status: a.status === null ? null : Number(a.status), error: a.error })),
          },
    links: { self: `/jobs/${job.id}`, results: `/jobs/${job.id}/results` },
  };
}

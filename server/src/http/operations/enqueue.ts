import { FIELD_NAMES, type FieldName } from '../../enrichment/fields';
import { csvRows, ndjsonRows, toRowInput, UnreadableUpload } from '../../batch/ingest';
import type { RowInput } from '../../batch/jobStore';
import { webhookUrlProblem } from '../../batch/webhooks';
import { HttpProblem, PROBLEMS } from '../problem';
import { requireBatch, tenantOf, type BatchHandlerDeps } from './batchCommon';
import type { Handler } from './types';

async function* fromArray(records: readonly unknown[]): AsyncGenerator<RowInput> {
  for (const record of records) yield toRowInput(record);
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(FIELD_NAMES);

function invalid(pointer: string, detail: string): HttpProblem {
  return new HttpProblem(PROBLEMS.invalidRequest, detail, { errors: [{ pointer, detail }] });
}

/** POST /enrich/enqueue: a job from a JSON list or a streamed CSV/NDJSON upload; 202 with the job. */
export function enqueueHandler(deps: BatchHandlerDeps): Handler<'enqueue'> {
  return async (req, res) => {
    const batch = requireBatch(deps.batch);
    const tenant = tenantOf(res);
    const isJson = req.is('application/json') !== false;
    let enrich: readonly FieldName[] = FIELD_NAMES;
    let minConfidence = 0;
    let webhookUrl: string | null = null;
    let rows: AsyncIterable<RowInput>;
    if (isJson) {
      const body = req.body;
      enrich = body.enrich ?? FIELD_NAMES;
      minConfidence = body.min_confidence ?? 0;
      webhookUrl = body.webhook_url ?? null;
      rows = fromArray(body.records);
    } else {
      const query = req.query as { enrich?: string | string[]; min_confidence?: string; webhook_url?: string };
      if (query.enrich !== undefined) {
        const names = [...new Set(Array.isArray(query.enrich) ? query.enrich : query.enrich.split(','))];
        const unknown = names.filter((name) => !KNOWN_FIELDS.has(name));
        if (unknown.length > 0) throw invalid('/query/enrich', `unknown field names: ${unknown.join(', ')}`);
        enrich = names as FieldName[];
      }
      if (query.min_confidence !== undefined) minConfidence = Number(query.min_confidence);
      webhookUrl = query.webhook_url ?? null;
      rows = req.is('text/csv') ? csvRows(req) : ndjsonRows(req);
    }
    if (webhookUrl !== null) {
      const pointer = isJson ? '/body/webhook_url' : '/query/webhook_url';
      const problem = webhookUrlProblem(webhookUrl, deps.outboundTestTargets);
      if (problem !== null) throw invalid(pointer, problem);
      if (!(await batch.hasSigningSecret(tenant))) {
        throw invalid(pointer, `this tenant has no webhook signing secret yet: the operator makes one with "npx enrich webhooks secret --tenant ${tenant}"`);
      }
    }
    const idempotencyKey = req.get('idempotency-key') ?? null;
    const { job, replayed } = await batch
      .enqueue({ tenant, account: String(res.locals['account'] ?? 'default'), enrich, minConfidence, webhookUrl, idempotencyKey }, rows)
      .catch((error: Error) => {
        if (error instanceof UnreadableUpload) throw invalid('/body', `${error.message}. No job was made.`);
        throw error;
      });
    res.setHeader('Location', job.links.self);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(202).json(job as never);
  };
}

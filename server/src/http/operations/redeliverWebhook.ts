import { HttpProblem, PROBLEMS } from '../problem';
import { jobNotFound, requireBatch, tenantOf, type BatchHandlerDeps } from './batchCommon';
import type { Handler } from './types';

/** POST /jobs/{id}/webhook/redeliver: a new round of delivery attempts for a finished job's webhook. */
export function redeliverWebhookHandler(deps: BatchHandlerDeps): Handler<'redeliverWebhook'> {
  return async (req, res) => {
    const id = String(req.params['id']);
    const job = await requireBatch(deps.batch).redeliver(tenantOf(res), id);
    if (job === undefined) throw jobNotFound(id);
    if (job === null) throw new HttpProblem(PROBLEMS.conflict, 'The job has no webhook_url, or it has not finished yet.');
    res.status(202).json(job as never);
  };
}

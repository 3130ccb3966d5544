import { jobNotFound, requireBatch, tenantOf, type BatchHandlerDeps } from './batchCommon';
import type { Handler } from './types';

/** DELETE /jobs/{id}: cancels; rows already finished stay readable. */
export function cancelJobHandler(deps: BatchHandlerDeps): Handler<'cancelJob'> {
  return async (req, res) => {
    const id = String(req.params['id']);
    const job = await requireBatch(deps.batch).cancel(tenantOf(res), id);
    if (!job) throw jobNotFound(id);
    res.json(job);
  };
}

import { jobNotFound, requireBatch, tenantOf, type BatchHandlerDeps } from './batchCommon';
import type { Handler } from './types';

/** GET /jobs/{id}: the tenant's job; another tenant's is a 404. */
export function getJobHandler(deps: BatchHandlerDeps): Handler<'getJob'> {
  return async (req, res) => {
    const id = String(req.params['id']);
    const job = await requireBatch(deps.batch).get(tenantOf(res), id);
    if (!job) throw jobNotFound(id);
    res.json(job);
  };
}

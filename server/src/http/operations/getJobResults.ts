import { HttpProblem, PROBLEMS } from '../problem';
import { jobNotFound, requireBatch, tenantOf, type BatchHandlerDeps } from './batchCommon';
import type { Handler } from './types';

/** Waits for the response to take more, or to be gone; leaves no listener behind. */
function drainedOrClosed(res: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** GET /jobs/{id}/results: the finished rows after `cursor`, streamed as NDJSON or CSV (by Accept). */
export function getJobResultsHandler(deps: BatchHandlerDeps): Handler<'getJobResults'> {
  return async (req, res) => {
    const batch = requireBatch(deps.batch);
    const id = String(req.params['id']);
    const job = await batch.get(tenantOf(res), id);
    if (!job) throw jobNotFound(id);
    const type = req.accepts(['application/x-ndjson', 'text/csv']);
    if (type === false) throw new HttpProblem(PROBLEMS.notAcceptable, 'Results are available as application/x-ndjson or text/csv.');
    const cursor = Number((req.query as { cursor?: string }).cursor ?? 0);
    res.status(200).type(type === 'text/csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    // Streamed with backpressure; a client that goes away stops the reading.
    for await (const line of batch.results(job, cursor, type === 'text/csv' ? 'csv' : 'ndjson')) {
      if (res.destroyed) break;
      if (!res.write(line)) await drainedOrClosed(res);
    }
    res.end();
  };
}

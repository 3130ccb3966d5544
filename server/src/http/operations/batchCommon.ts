import type { RequestHandler } from 'express';
import type { BatchService } from '../../batch/service';
import { HttpProblem, PROBLEMS } from '../problem';

export interface BatchHandlerDeps {
  /** Absent when the server runs without a store: batch operations answer 503. */
  readonly batch?: BatchService;
  /** TEST ONLY hosts the outbound guard sends to loopback (webhook receivers in tests). */
  readonly outboundTestTargets: ReadonlyMap<string, string>;
}

export const UPLOAD_TYPES = ['text/csv', 'application/x-ndjson'];

export function requireBatch(batch: BatchService | undefined): BatchService {
  if (!batch) throw new HttpProblem(PROBLEMS.unavailable, 'Batch jobs need the store; this server runs without one.', {}, { 'Retry-After': '60' });
  return batch;
}

export function tenantOf(res: { locals: Record<string, unknown> }): string {
  return String(res.locals['tenant']);
}

export function jobNotFound(id: string): HttpProblem {
  return new HttpProblem(PROBLEMS.notFound, `No job ${id} for this key.`);
}

/**
 * Before the validator: an upload (CSV, NDJSON) is left unread, to be streamed by the handler, and
 * stands as an empty string body so the contract still checks its query, headers and media type.
 */
export const deferUploadBody: RequestHandler = (req, _res, next) => {
  if (req.is(UPLOAD_TYPES)) req.body = '';
  next();
};

import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response, type Router } from 'express';
import type { Counter } from 'prom-client';
import { PROBLEMS, type ProblemTemplate } from '../../common/problems';
import type { GatewayLogger } from './logger';

/** The contract's job id pattern: checked here so nothing but a job id is ever put into the API's path. */
const JOB_ID = /^job_[0-9a-f]{16}$/;
/** Request headers a browser may send on to the API; never Authorization (the gateway's key is used). */
const FORWARDED_REQUEST = ['content-type', 'accept', 'idempotency-key', 'x-account-id', 'x-request-id'];
/** Response headers the browser needs; Location is rewritten to the gateway's own address. */
const FORWARDED_RESPONSE = ['content-type', 'retry-after', 'ratelimit', 'ratelimit-policy', 'idempotent-replayed', 'x-request-id'];

export interface BatchProxyOptions {
  readonly apiUrl: string;
  readonly apiKey: string;
  /** The largest upload passed on, in bytes; a longer body is cut off with a 413. */
  readonly uploadLimitBytes: number;
  /** How long to wait for the API's response headers (an upload's whole body is read before them). */
  readonly headersTimeoutMs: { readonly upload: number; readonly read: number };
  readonly logger: GatewayLogger;
  readonly forwarded: Counter<'operation' | 'status'>;
  readonly sendProblem: (res: Response, template: ProblemTemplate, detail: string) => void;
}

class UploadTooLarge extends Error {}

/** Counts the bytes going through and fails the stream past the limit. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      callback(seen > limit ? new UploadTooLarge() : null, chunk);
    },
  });
}

/**
 * The batch operations behind the gateway (`/api/enrich/enqueue`, `/api/jobs/{id}`, its results and
 * cancel), forwarded to the API as streams with the gateway's key: a CSV upload of any size up to the
 * limit goes through without being held in memory, and results stream back as the API writes them.
 * A batch operation is never answered by a mock: when the API cannot be reached the answer is a 503
 * problem saying so. `GET /api/jobs/{id}/results.csv` is the same results as CSV for a plain link
 * (a link cannot set Accept), offered as a download.
 */
export function batchProxy(options: BatchProxyOptions): Router {
  const base = options.apiUrl.replace(/\/$/, '');
  const router = express.Router();

  async function forward(req: Request, res: Response, operation: string, path: string, extra: { accept?: string; download?: string } = {}): Promise<void> {
    const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}` };
    for (const name of FORWARDED_REQUEST) {
      const value = req.get(name);
      if (value !== undefined) headers[name] = value;
    }
    headers['x-request-id'] = String(res.getHeader('X-Request-ID'));
    if (extra.accept !== undefined) headers['accept'] = extra.accept;
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const hasBody = req.method === 'POST';
    const upstream = new AbortController();
    // The browser went away: stop the API call (and the upload) too.
    res.once('close', () => upstream.abort());
    const headersTimer = setTimeout(() => upstream.abort(), hasBody ? options.headersTimeoutMs.upload : options.headersTimeoutMs.read);
    let limited: Transform | undefined;
    let answer: globalThis.Response;
    try {
      if (hasBody) {
        limited = byteLimit(options.uploadLimitBytes);
        // An over-long upload fails the transform; the fetch then fails and is mapped below.
        req.pipe(limited).once('error', () => upstream.abort());
      }
      answer = await fetch(`${base}${path}${query}`, {
        method: req.method,
        headers,
        signal: upstream.signal,
        ...(limited && { body: Readable.toWeb(limited) as ReadableStream, duplex: 'half' }),
      } as RequestInit);
    } catch (error) {
      clearTimeout(headersTimer);
      if (res.headersSent || res.destroyed) return;
      options.forwarded.inc({ operation, status: 'unavailable' });
      if (limited?.errored instanceof UploadTooLarge) {
        req.unpipe(limited);
        res.setHeader('Connection', 'close');
        return options.sendProblem(res, PROBLEMS.payloadTooLarge, `The upload is larger than the gateway passes on (${options.uploadLimitBytes} bytes).`);
      }
      options.logger.warn('batch operation not forwarded: the Enrich API cannot be reached', { event: 'batch_unavailable', operation, error: (error as Error).name });
      return options.sendProblem(res, PROBLEMS.unavailable, 'The Enrich API cannot be reached, and batch jobs are never answered with mock data. Try again when it is back.');
    }
    clearTimeout(headersTimer);
    options.forwarded.inc({ operation, status: String(answer.status) });
    res.status(answer.status);
    for (const name of FORWARDED_RESPONSE) {
      const value = answer.headers.get(name);
      if (value !== null && name !== 'x-request-id') res.setHeader(name, value);
    }
    const location = answer.headers.get('location');
    if (location !== null && location.startsWith('/jobs/')) res.setHeader('Location', `/api${location}`);
    if (extra.download !== undefined && answer.ok) res.setHeader('Content-Disposition', `attachment; filename="${extra.download}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (answer.body === null) return void res.end();
    try {
      await pipeline(Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream), res);
    } catch (error) {
      // The browser left or the API broke off mid-stream: the response is already started, so it is cut.
      if (!upstream.signal.aborted) options.logger.warn('batch response cut off', { event: 'batch_stream_error', operation, error: (error as Error).name });
    }
  }

  const jobPath = (req: Request, res: Response): string | null => {
    const id = String(req.params['id']);
    if (JOB_ID.test(id)) return `/jobs/${id}`;
    options.sendProblem(res, PROBLEMS.notFound, 'A job id looks like job_ followed by 16 hexadecimal digits.');
    return null;
  };

  router.post('/api/enrich/enqueue', (req, res) => forward(req, res, 'enqueue', '/enrich/enqueue'));
  router.get('/api/jobs/:id', (req, res) => {
    const path = jobPath(req, res);
    if (path !== null) return forward(req, res, 'job', path);
  });
  router.delete('/api/jobs/:id', (req, res) => {
    const path = jobPath(req, res);
    if (path !== null) return forward(req, res, 'cancel', path);
  });
  router.get('/api/jobs/:id/results', (req, res) => {
    const path = jobPath(req, res);
    if (path !== null) return forward(req, res, 'results', `${path}/results`);
  });
  router.get('/api/jobs/:id/results.csv', (req, res) => {
    const path = jobPath(req, res);
    if (path !== null) return forward(req, res, 'results', `${path}/results`, { accept: 'text/csv', download: `${String(req.params['id'])}.csv` });
  });
  return router;
}

import type { components } from '../../openapi/generated/enrich';
import type { FieldName, ProblemError } from './types';

export type Job = components['schemas']['Job'];
export type EnqueueRequest = components['schemas']['EnqueueRequest'];
export type JobResultRow = components['schemas']['JobResultRow'];
export type Problem = components['schemas']['Problem'];

/** What a batch call resolves to: the answer, the API's own `invalid` problems (as `enrich()` gives them), or another problem. */
export type BatchOutcome<T> =
  | { readonly kind: 'ok'; readonly data: T }
  | { readonly kind: 'invalid'; readonly errors: ProblemError[]; readonly source: 'api' }
  | { readonly kind: 'problem'; readonly status: number; readonly problem: Problem | null };

export interface BatchClientOptions {
  readonly baseUrl: string;
  /** The API key; leave it out in a browser calling through the gateway, which holds the key. */
  readonly apiKey?: string;
  readonly accountId?: string;
  /** Injected fetch; globalThis.fetch by default. */
  readonly fetch?: typeof fetch;
}

const FINISHED: ReadonlySet<Job['state']> = new Set(['completed', 'failed', 'cancelled']);

async function outcome<T>(response: Response): Promise<BatchOutcome<T>> {
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok && body !== null) return { kind: 'ok', data: body as T };
  const problem = body as Problem | null;
  if (response.status === 400 && problem) return { kind: 'invalid', errors: problem.errors ?? [], source: 'api' };
  return { kind: 'problem', status: response.status, problem };
}

/**
 * The batch operations (POST /enrich/enqueue, /jobs/{id}), typed from the contract: `enqueue()`,
 * `job()`, `results()` (an async iterator over the rows, in order, resumable) and `waitForJob()`.
 */
export function createBatchClient(options: BatchClientOptions) {
  const fetcher = options.fetch ?? globalThis.fetch;
  const headers = { ...(options.apiKey && { Authorization: `Bearer ${options.apiKey}` }), ...(options.accountId && { 'X-Account-ID': options.accountId }) };
  const base = options.baseUrl.replace(/\/$/, '');
  // Plain fetch over the generated types (the job id is checked by the API against its pattern).
  const call = (method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) =>
    fetcher(`${base}${path}`, {
      method,
      headers: { ...headers, ...(init.body !== undefined && { 'Content-Type': 'application/json' }), ...init.headers },
      ...(init.body !== undefined && { body: typeof init.body === 'string' || init.body instanceof Blob ? init.body : JSON.stringify(init.body) }),
    });

  async function job(id: string): Promise<BatchOutcome<Job>> {
    return outcome(await call('GET', `/jobs/${encodeURIComponent(id)}`));
  }

  return {
    /** Queues records (up to 10,000 a call); `idempotencyKey` makes a retry answer the same job. */
    async enqueue(request: EnqueueRequest, options_: { idempotencyKey?: string } = {}): Promise<BatchOutcome<Job>> {
      return outcome(await call('POST', '/enrich/enqueue', { body: request, headers: options_.idempotencyKey ? { 'Idempotency-Key': options_.idempotencyKey } : {} }));
    },
    /**
     * Uploads a list as CSV (header `id,email,domain,company_name`) or NDJSON, of any size; the
     * options travel as query parameters, as the contract says for uploads.
     */
    async upload(
      body: Blob | string,
      upload: { contentType: 'text/csv' | 'application/x-ndjson'; enrich?: readonly FieldName[]; minConfidence?: number; idempotencyKey?: string },
    ): Promise<BatchOutcome<Job>> {
      const query = new URLSearchParams();
      if (upload.enrich !== undefined) query.set('enrich', upload.enrich.join(','));
      if (upload.minConfidence !== undefined) query.set('min_confidence', String(upload.minConfidence));
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return outcome(
        await call('POST', `/enrich/enqueue${search}`, {
          body,
          headers: { 'Content-Type': upload.contentType, ...(upload.idempotencyKey && { 'Idempotency-Key': upload.idempotencyKey }) },
        }),
      );
    },
    job,
    async cancel(id: string): Promise<BatchOutcome<Job>> {
      return outcome(await call('DELETE', `/jobs/${encodeURIComponent(id)}`));
    },
    /** The finished rows after `cursor`, in input order (up to the first unfinished row). */
    async *results(id: string, cursor = 0): AsyncGenerator<JobResultRow> {
      const res = await call('GET', `/jobs/${encodeURIComponent(id)}/results?cursor=${cursor}`, { headers: { Accept: 'application/x-ndjson' } });
      if (!res.ok || res.body === null) throw new Error(`results of ${id}: ${res.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line !== '') yield JSON.parse(line) as JobResultRow;
          newline = buffer.indexOf('\n');
        }
      }
      if (buffer.trim() !== '') yield JSON.parse(buffer) as JobResultRow;
    },
    /** Polls until the job is completed, failed or cancelled (or `timeoutMs` passes: then the last state). */
    async waitForJob(id: string, wait: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<BatchOutcome<Job>> {
      const started = Date.now();
      for (;;) {
        const current = await job(id);
        if (current.kind !== 'ok' || FINISHED.has(current.data.state)) return current;
        if (wait.signal?.aborted || Date.now() - started > (wait.timeoutMs ?? 3_600_000)) return current;
        await new Promise((resolve) => setTimeout(resolve, wait.intervalMs ?? 1000));
      }
    },
  };
}

export type BatchClient = ReturnType<typeof createBatchClient>;

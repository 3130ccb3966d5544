import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import createClient from 'openapi-fetch';
import type { paths } from '../../openapi/generated/enrich';
import { personas } from '../../openapi/generated/contract';
import { choosePersona, normaliseForMock, overlay } from './mock';
import type { EnrichClientOptions, EnrichOutcome, EnrichRequest, EnrichResponse, FieldName, MockReason, ProblemError, RetryEvent } from './types';
import { validateRequest } from './validate';

export type * from './types';
export { validateRequest } from './validate';
export { createBatchClient, type BatchClient, type BatchClientOptions, type BatchOutcome, type Job, type JobResultRow } from './batch';

/** An API failure worth retrying or counting against the breaker, with what the fallback should say. */
class ApiFailure extends Error {
  constructor(
    readonly reason: MockReason,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** Failures that say the API is unhealthy (not the caller's own 4xx): they open the breaker. */
const UNHEALTHY: ReadonlySet<MockReason> = new Set(['api_5xx', 'network', 'timeout']);

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CallOptions {
  /** The end account for this call (X-Account-ID), instead of the client's `accountId`. */
  readonly accountId?: string;
}

export interface EnrichClient {
  /**
   * Enriches in real time; never throws for API trouble. Resolves to `real` data, `mock` data (marked,
   * with the reason) when the API cannot answer, or `invalid` when the request breaks the contract.
   */
  enrich<F extends FieldName = FieldName>(request: EnrichRequest & { enrich?: F[] }, call?: CallOptions): Promise<EnrichOutcome<F>>;
  /** The breaker's state, for health pages: `closed` (calling the API) or `open` (straight to the fallback). */
  readonly circuit: 'closed' | 'open' | 'half-open';
}

/**
 * The typed Enrich client (openapi-fetch over the generated types), with the fallback order the
 * product needs: local validation -> the API (timeout per attempt, retries with exponential backoff
 * and full jitter on network errors, timeouts, 429, 502, 503 and 504, honouring Retry-After) -> on any
 * other failure, or while the circuit breaker is open, the Prism mock at `mockUrl` -> the personas
 * compiled in from the spec. Mock answers are marked `meta.mock: true` with `meta.mock_reason`.
 * Browser-safe: no Node-only imports.
 */
export function createEnrichClient(options: EnrichClientOptions): EnrichClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: fetchImpl });
  const timeoutMs = options.timeoutMs ?? 2000;
  const retries = options.retries ?? 2;
  const maxDelay = options.maxRetryDelayMs ?? 2000;
  const random = options.random ?? Math.random;
  const breaker = circuitBreaker(
    handleWhen((error) => error instanceof ApiFailure && UNHEALTHY.has(error.reason)),
    { halfOpenAfter: options.breaker?.openMs ?? 10_000, breaker: new ConsecutiveBreaker(options.breaker?.failures ?? 5) },
  );
  const headersFor = (accountId: string | undefined) => ({
    Authorization: `Bearer ${options.apiKey}`,
    ...(accountId !== undefined && { 'X-Account-ID': accountId }),
  });

  /** One attempt: the API's answer, the caller's own 400, or an ApiFailure. */
  async function attempt(body: EnrichRequest, headers: Record<string, string>): Promise<{ ok: EnrichResponse } | { invalid: ProblemError[] }> {
    let result;
    try {
      result = await api.POST('/enrich', { body, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = (error as Error)?.name;
      throw new ApiFailure(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
    }
    const { response } = result;
    if (result.data !== undefined && response.status === 200) return { ok: result.data };
    if (response.status === 400) {
      const problem = result.error as { errors?: ProblemError[] } | undefined;
      return { invalid: problem?.errors ?? [{ pointer: '/body', detail: 'the API refused the request' }] };
    }
    const reason: MockReason = response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'api_5xx' : 'api_4xx';
    throw new ApiFailure(reason, response.status, retryAfterMs(response.headers.get('retry-after')));
  }

  async function withRetries(body: EnrichRequest, headers: Record<string, string>) {
    for (let tries = 0; ; tries += 1) {
      try {
        return await attempt(body, headers);
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        const transient = error.reason === 'network' || error.reason === 'timeout' || (error.status !== undefined && RETRYABLE_STATUS.has(error.status));
        if (!transient || tries >= retries) throw error;
        // Full jitter: a random wait up to the exponential step, or the server's Retry-After when it says.
        const delayMs = error.retryAfterMs ?? Math.floor(random() * Math.min(maxDelay, 100 * 2 ** tries));
        if (delayMs > maxDelay) throw error; // the API asked for a longer wait than a live caller can afford
        options.onRetry?.({
          attempt: tries + 1,
          delayMs,
          // Only these four are transient (see `transient` above).
          reason: error.reason as RetryEvent['reason'],
          ...(error.status !== undefined && { status: error.status }),
        });
        await sleep(delayMs);
      }
    }
  }

  async function fromPrism(persona: string, body: EnrichRequest): Promise<EnrichResponse | null> {
    if (options.mockUrl === undefined) return null;
    try {
      const response = await fetchImpl(`${options.mockUrl.replace(/\/$/, '')}/enrich`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Prefer: `example=${persona}`, Authorization: 'Bearer mock' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(Math.min(timeoutMs, 1000)),
      });
      if (response.status !== 200) return null;
      return (await response.json()) as EnrichResponse;
    } catch {
      return null;
    }
  }

  async function fallback<F extends FieldName>(body: EnrichRequest, reason: MockReason, status?: number): Promise<EnrichOutcome<F>> {
    const persona = choosePersona(normaliseForMock(body));
    const served = await fromPrism(persona, body);
    const base = served ?? personas[persona]!;
    options.onFallback?.({ reason, persona, from: served ? 'prism' : 'compiled', ...(status !== undefined && { status }) });
    const { data, meta } = overlay(base, body, reason);
    return { kind: 'mock', data: data as never, meta };
  }

  return {
    get circuit() {
      const state = breaker.state;
      return state === 0 ? 'closed' : state === 2 ? 'half-open' : 'open';
    },
    async enrich<F extends FieldName = FieldName>(request: EnrichRequest & { enrich?: F[] }, call: CallOptions = {}): Promise<EnrichOutcome<F>> {
      // 1. The caller's own mistake: a typed error, no network call.
      const errors = validateRequest(request);
      if (errors !== null) return { kind: 'invalid', errors, source: 'client' };
      try {
        // 2. The API, through the breaker, with retries of transient failures.
        const headers = headersFor(call.accountId ?? options.accountId);
        const answer = await breaker.execute(() => withRetries(request, headers));
        if ('invalid' in answer) return { kind: 'invalid', errors: answer.invalid, source: 'api' };
        const { meta, ...data } = answer.ok;
        return { kind: 'real', data: data as never, meta };
      } catch (error) {
        // 3. Anything else: the mock, marked with why.
        if (error instanceof BrokenCircuitError) return fallback(request, 'circuit_open');
        if (error instanceof ApiFailure) return fallback(request, error.reason, error.status);
        return fallback(request, 'network');
      }
    },
  };
}

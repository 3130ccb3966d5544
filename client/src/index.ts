import createClient from 'openapi-fetch';
import { isAbortError, startDeadline, timer, whenAborted } from '../../common/abort';
import { createResiliencePolicy, isBrokenCircuit, parseRetryAfter, retryDelayMs, type RetryHint } from '../../common/resilience';
import { validateEnrichResponse } from '../../common/validators';
import { personas } from '../../openapi/generated/contract';
import type { paths } from '../../openapi/generated/enrich';
import { choosePersona, identifiersOf, overlay } from './mock';
import type {
  CallOptions,
  EnrichClientOptions,
  EnrichInput,
  EnrichOutcome,
  EnrichRequest,
  EnrichResponse,
  FailureReason,
  FallbackPolicy,
  FieldName,
  MockReason,
  ProblemError,
  RetryEvent,
  UpstreamProblem,
} from './types';
import { validateRequest } from './validate';

export type * from './types';
export { validateRequest } from './validate';
export { createBatchClient, type BatchClient, type BatchClientOptions, type BatchOutcome, type Job, type JobResultRow } from './batch';

/** An API failure: why, and the API's problem when it answered. `retryInMs` asks the policy for another attempt. */
class ApiFailure extends Error implements RetryHint {
  retryInMs?: number | undefined;
  constructor(
    readonly reason: FailureReason,
    readonly problem?: UpstreamProblem,
  ) {
    super(reason);
  }
}

/** The caller's signal aborted an attempt: the call rejects with the signal's reason; the breaker and the retries ignore this. */
class CallerAborted extends Error {}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
/** Failures that say the API is unhealthy (not a key or quota problem): they open the breaker. */
const UNHEALTHY: ReadonlySet<FailureReason> = new Set<FailureReason>(['api_5xx', 'network', 'timeout', 'invalid_response']);
/** The least time worth starting another attempt with. */
const MIN_ATTEMPT_MS = 50;

/** The problem the API answered with: the RFC 9457 members it sent, its request id, its Retry-After. */
function upstreamProblem(response: Response, body: unknown): UpstreamProblem {
  const members = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (name: string) => (typeof members[name] === 'string' ? (members[name] as string) : undefined);
  const requestId = text('request_id') ?? response.headers.get('x-request-id') ?? undefined;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const type = text('type');
  const title = text('title');
  const detail = text('detail');
  return {
    status: response.status,
    ...(type !== undefined && { type }),
    ...(title !== undefined && { title }),
    ...(detail !== undefined && { detail }),
    ...(requestId !== undefined && { request_id: requestId }),
    ...(retryAfterMs !== undefined && { retry_after: Math.ceil(retryAfterMs / 1000) }),
  };
}

/** The request as sent: members left `undefined` dropped. */
function cleanRequest(input: EnrichInput<FieldName>): EnrichRequest {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as EnrichRequest;
}

function mocks(policy: FallbackPolicy, reason: FailureReason): boolean {
  return policy === 'auto' ? true : policy === 'never' ? false : policy.includes(reason);
}

type Settled = { ok: EnrichResponse; serverTiming: string | null } | { invalid: ProblemError[]; problem: UpstreamProblem } | { failure: ApiFailure };

export interface EnrichClient {
  /**
   * Enriches in real time within the call's budget; never rejects for API trouble. Resolves to `real`
   * data, `mock` data (marked, with the reason and the API's problem) when the API cannot answer in
   * time or at all, `invalid` when the request breaks the contract, or `error` when the fallback policy
   * refuses the mock. Rejects only when `call.signal` aborts (with its reason).
   */
  enrich<const F extends FieldName = FieldName>(request: EnrichInput<F>, call?: CallOptions): Promise<EnrichOutcome<F>>;
  /** A person by email (all fields unless `enrich` names some). */
  person<const F extends FieldName = FieldName>(request: { readonly email: string; readonly enrich?: readonly F[] | undefined }, call?: CallOptions): Promise<EnrichOutcome<F>>;
  /** A company by domain or name (all fields unless `enrich` names some). */
  company<const F extends FieldName = FieldName>(
    request: ({ readonly domain: string; readonly company_name?: string | undefined } | { readonly company_name: string; readonly domain?: string | undefined }) & { readonly enrich?: readonly F[] | undefined },
    call?: CallOptions,
  ): Promise<EnrichOutcome<F>>;
  /** The mock answer for this request, without calling the API (a gradual rollout's share not yet on the API). */
  mock<const F extends FieldName = FieldName>(request: EnrichInput<F>, reason: MockReason, call?: CallOptions): Promise<EnrichOutcome<F>>;
  /** The breaker's state, for health pages: `closed` (calling the API), `open` (straight to the fallback), `half-open` (one trial call). */
  readonly circuit: 'closed' | 'open' | 'half-open';
}

/**
 * The typed Enrich client (openapi-fetch over the generated types), with the fallback order the
 * product needs: local validation -> the API, within one budget per call (retries of network errors,
 * timeouts, 429, 502, 503 and 504 with backoff and full jitter, honouring Retry-After, only while the
 * budget allows; answers checked against the contract) -> on failure, when the API has not answered
 * by `fallbackAfterMs`, or while the breaker is open, the Prism mock at `mockUrl`, then the personas
 * compiled in from the spec. Browser- and edge-safe: no Node-only imports, no code compiled at run time.
 */
export function createEnrichClient(options: EnrichClientOptions): EnrichClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: fetchImpl, Request: options.Request ?? globalThis.Request });
  const budgetMs = options.budgetMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? budgetMs;
  const maxDelay = options.maxRetryDelayMs ?? 1000;
  const random = options.random ?? Math.random;
  const policy = createResiliencePolicy({
    retries: options.retries ?? 2,
    breaker: { failures: options.breaker?.failures ?? 5, openMs: options.breaker?.openMs ?? 10_000 },
    opensBreaker: (error) => error instanceof ApiFailure && UNHEALTHY.has(error.reason),
  });

  /** Marks a failure for another attempt when it is transient and the wait fits in what is left of the budget. */
  function planRetry(failure: ApiFailure, attempt: number, deadline: number): ApiFailure {
    const status = failure.problem?.status;
    const transient = failure.reason === 'network' || failure.reason === 'timeout' || (status !== undefined && TRANSIENT_STATUS.has(status));
    if (!transient) return failure;
    const retryAfterMs = failure.problem?.retry_after !== undefined ? failure.problem.retry_after * 1000 : undefined;
    const delayMs = retryDelayMs({ attempt, retryAfterMs, random, maxDelayMs: maxDelay, remainingMs: deadline - Date.now(), minAttemptMs: MIN_ATTEMPT_MS });
    if (delayMs === undefined || attempt >= (options.retries ?? 2)) return failure;
    failure.retryInMs = delayMs;
    options.onRetry?.({ attempt: attempt + 1, delayMs, reason: failure.reason as RetryEvent['reason'], ...(status !== undefined && { status }) });
    return failure;
  }

  /**
   * One attempt within what is left of the budget: the API's answer, the caller's own 400, or an
   * ApiFailure. It stops with the policy's signal and with the call's budget (which has the caller's
   * signal in it): the breaker runs a call that waited on a half-open trial again without its signal.
   */
  async function attempt(body: EnrichRequest, headers: Record<string, string>, attemptNo: number, signals: { policy: AbortSignal; budget: AbortSignal; caller: AbortSignal | undefined }, deadline: number): Promise<Settled> {
    // An attempt while the breaker is not closed is its trial call: one the caller gave up on proves
    // nothing, so it fails the trial (no answer seen) instead of passing it.
    const trial = policy.state !== 'closed';
    const callerGaveUp = () => (trial ? new ApiFailure('timeout') : new CallerAborted());
    if (signals.caller?.aborted) throw callerGaveUp();
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new ApiFailure('timeout');
    const attemptDeadline = startDeadline(Math.min(timeoutMs, remaining), signals.policy, signals.budget);
    let result;
    try {
      // The answer's text is read inside POST (parseAs: 'text'): the deadline covers it, and is cleared after.
      result = await api.POST('/enrich', { body, headers, signal: attemptDeadline.signal, parseAs: 'text' });
    } catch (error) {
      // The caller gave up: nothing the API did, so neither another attempt nor a mark against the breaker.
      if (signals.caller?.aborted) throw callerGaveUp();
      throw planRetry(new ApiFailure(attemptDeadline.signal.aborted || isAbortError(error) ? 'timeout' : 'network'), attemptNo, deadline);
    } finally {
      attemptDeadline.clear();
    }
    const { response } = result;
    if (response.status === 200) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof result.data === 'string' ? result.data : '');
      } catch {
        parsed = undefined;
      }
      if (validateEnrichResponse(parsed)) return { ok: parsed, serverTiming: response.headers.get('server-timing') };
      throw new ApiFailure('invalid_response', upstreamProblem(response, undefined));
    }
    const problem = upstreamProblem(response, result.error);
    if (response.status === 400) {
      const errors = (result.error as { errors?: ProblemError[] } | undefined)?.errors;
      return { invalid: Array.isArray(errors) ? errors : [{ pointer: '/body', detail: problem.detail ?? 'the API refused the request' }], problem };
    }
    const reason: FailureReason =
      response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'api_5xx' : response.status >= 400 ? 'api_4xx' : 'invalid_response';
    throw planRetry(new ApiFailure(reason, problem), attemptNo, deadline);
  }

  // Prism's answer for a persona is its example, the same every time: fetched once, then reused, so a
  // fallback while the breaker is open costs no round trip.
  const servedPersonas = new Map<string, EnrichResponse>();
  async function fromPrism(persona: string, body: EnrichRequest, deadline: number, signal: AbortSignal | undefined): Promise<EnrichResponse | null> {
    const known = servedPersonas.get(persona);
    if (known !== undefined) return known;
    const remaining = deadline - Date.now();
    if (options.mockUrl === undefined || remaining < 20) return null;
    const prismDeadline = startDeadline(Math.min(remaining - 10, 1000), signal);
    try {
      const response = await fetchImpl(`${options.mockUrl.replace(/\/$/, '')}/enrich`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Prefer: `example=${persona}`, Authorization: 'Bearer mock' },
        body: JSON.stringify(body),
        signal: prismDeadline.signal,
      });
      if (response.status !== 200) {
        // Read and dropped: an unread body keeps its connection (a pooled fetch's socket) taken.
        await response.arrayBuffer().catch(() => undefined);
        return null;
      }
      const served: unknown = await response.json();
      if (!validateEnrichResponse(served)) return null;
      servedPersonas.set(persona, served);
      return served;
    } catch {
      return null;
    } finally {
      prismDeadline.clear();
    }
  }

  async function fallback<F extends FieldName>(body: EnrichRequest, reason: MockReason, problem: UpstreamProblem | undefined, deadline: number, signal: AbortSignal | undefined): Promise<EnrichOutcome<F>> {
    const persona = choosePersona(identifiersOf(body));
    const served = await fromPrism(persona, body, deadline, signal);
    options.onFallback?.({
      reason,
      persona,
      from: served ? 'prism' : 'compiled',
      ...(problem !== undefined && { status: problem.status, problem }),
    });
    const { data, meta } = overlay(served ?? personas[persona]!, body, reason);
    return { kind: 'mock', data: data as never, meta, reason, ...(problem !== undefined && { problem }) };
  }

  async function enrich<F extends FieldName>(input: EnrichInput<F>, call: CallOptions = {}): Promise<EnrichOutcome<F>> {
    // 1. The caller's own mistake: a typed error, no network call.
    const body = cleanRequest(input);
    const errors = validateRequest(body);
    if (errors !== null) return { kind: 'invalid', errors, source: 'client' };
    if (call.signal?.aborted) throw call.signal.reason;

    const budget = call.budgetMs ?? budgetMs;
    const fallbackAfter = Math.min(budget, call.fallbackAfterMs ?? options.fallbackAfterMs ?? Math.max(budget - 250, budget * 0.8));
    const deadline = Date.now() + budget;
    const accountId = call.accountId ?? options.accountId;
    const headers = {
      ...(options.apiKey !== undefined && { Authorization: `Bearer ${options.apiKey}` }),
      ...(accountId !== undefined && { 'X-Account-ID': accountId }),
      ...(call.requestId !== undefined && { 'X-Request-ID': call.requestId }),
    };

    // 2. The API, through the breaker, with retries inside the budget. It may go on after the
    // fallback has answered (so a late success closes the breaker); its outcome is always handled.
    let lastProblem: UpstreamProblem | undefined;
    const budgetDeadline = startDeadline(budget, call.signal);
    const real: Promise<Settled> = policy
      .execute(async ({ attempt: n, signal }) => {
        try {
          return await attempt(body, headers, n, { policy: signal, budget: budgetDeadline.signal, caller: call.signal }, deadline);
        } catch (error) {
          if (error instanceof ApiFailure && error.problem) lastProblem = error.problem;
          throw error;
        }
      }, budgetDeadline.signal)
      .catch((error: unknown) => ({ failure: error instanceof ApiFailure ? error : new ApiFailure(isBrokenCircuit(error) ? 'circuit_open' : 'network') }))
      .finally(budgetDeadline.clear);
    const late = timer(fallbackAfter, 'late' as const);
    const aborted = whenAborted(call.signal);
    let settled: Settled | 'late';
    try {
      settled = await Promise.race([real, late.promise, aborted.promise]);
    } finally {
      late.cancel();
      aborted.dispose();
    }

    if (settled !== 'late' && 'ok' in settled) {
      const { meta, ...data } = settled.ok;
      return { kind: 'real', data: data as never, meta, ...(settled.serverTiming !== null && { serverTiming: settled.serverTiming }) };
    }
    if (settled !== 'late' && 'invalid' in settled) return { kind: 'invalid', errors: settled.invalid, source: 'api', problem: settled.problem };
    // 3. Anything else: the mock, marked with why and with the API's problem, when the policy allows.
    const failure = settled === 'late' ? new ApiFailure('timeout', lastProblem) : settled.failure;
    const problem = failure.problem ?? lastProblem;
    if (!mocks(call.fallback ?? options.fallback ?? 'auto', failure.reason)) {
      return { kind: 'error', reason: failure.reason, ...(problem !== undefined && { problem }) };
    }
    return fallback(body, failure.reason, problem, deadline, call.signal);
  }

  return {
    get circuit() {
      return policy.state;
    },
    enrich,
    person: (request, call) => enrich(request, call),
    company: (request, call) => enrich(request as EnrichInput<FieldName>, call) as never,
    async mock(input, reason, call = {}) {
      const body = cleanRequest(input);
      const errors = validateRequest(body);
      if (errors !== null) return { kind: 'invalid', errors, source: 'client' };
      return fallback(body, reason, undefined, Date.now() + (call.budgetMs ?? budgetMs), call.signal);
    },
  };
}

import type { components } from '../../openapi/generated/enrich';

export type EnrichRequest = components['schemas']['EnrichRequest'];
export type EnrichResponse = components['schemas']['EnrichResponse'];
export type EnrichMeta = components['schemas']['EnrichMeta'];
export type FieldName = components['schemas']['FieldName'];
export type ProblemError = components['schemas']['ProblemError'];
/** Why an answer is mock data. */
export type MockReason = NonNullable<EnrichMeta['mock_reason']>;
/** Why the API's answer could not be used (every mock reason but `rollout`). */
export type FailureReason = Exclude<MockReason, 'rollout'>;

/**
 * What `enrich()` accepts: the contract's request (at least one identifier), with a readonly field
 * list (`as const` works), and optional members that may be `undefined` (for `exactOptionalPropertyTypes`).
 */
export type EnrichInput<F extends FieldName = FieldName> = {
  readonly email?: string | undefined;
  readonly domain?: string | undefined;
  readonly company_name?: string | undefined;
  readonly enrich?: readonly F[] | undefined;
  readonly min_confidence?: number | undefined;
  readonly deadline_ms?: number | undefined;
} & ({ readonly email: string } | { readonly domain: string } | { readonly company_name: string });

/** The answer narrowed to the requested fields: every requested field present (value or null), others absent. */
export type EnrichData<F extends FieldName> = { readonly [K in F]: string | null };

/** The API's problem (RFC 9457) as the client saw it: on every outcome that had one, and to `onFallback`. */
export interface UpstreamProblem {
  /** The HTTP status (200 for an answer that broke the contract). */
  readonly status: number;
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly request_id?: string;
  /** Retry-After, in seconds, when the API sent one. */
  readonly retry_after?: number;
}

export type MockMeta = EnrichMeta & { mock: true; mock_reason: MockReason };

/** What `enrich()` resolves to. Callers switch on `kind`; nobody parses an error body. */
export type EnrichOutcome<F extends FieldName = FieldName> =
  /** `serverTiming`: the API's Server-Timing header (the time each source took), when it sent one. */
  | { readonly kind: 'real'; readonly data: EnrichData<F>; readonly meta: EnrichMeta; readonly serverTiming?: string }
  | { readonly kind: 'mock'; readonly data: EnrichData<F>; readonly meta: MockMeta; readonly reason: MockReason; readonly problem?: UpstreamProblem }
  | { readonly kind: 'invalid'; readonly errors: ProblemError[]; readonly source: 'client' | 'api'; readonly problem?: UpstreamProblem }
  /** The API failed and the fallback policy says not to mock this failure. */
  | { readonly kind: 'error'; readonly reason: FailureReason; readonly problem?: UpstreamProblem };

/**
 * Which failures are answered with mock data: `'auto'` (all of them: the API's 4xx other than the
 * caller's own 400, 5xx, network, timeout, 429, an open breaker, an invalid answer), `'never'`
 * (production code that must see errors: an `error` outcome instead), or the list of reasons to mock.
 */
export type FallbackPolicy = 'auto' | 'never' | readonly FailureReason[];

export interface FallbackEvent {
  readonly reason: MockReason;
  /** The API's status when it answered. */
  readonly status?: number;
  /** The API's problem when it answered with one (or an answer that broke the contract). */
  readonly problem?: UpstreamProblem;
  /** Where the mock came from: the Prism mock server, or the personas compiled into the client. */
  readonly from: 'prism' | 'compiled';
  readonly persona: string;
}

export interface RetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: 'network' | 'timeout' | 'rate_limited' | 'api_5xx';
  readonly status?: number;
}

export interface EnrichClientOptions {
  /** The Enrich API, e.g. https://enrich.example.com */
  readonly baseUrl: string;
  /** The API key, sent as a bearer token. Leave it out in a browser calling through the gateway, which holds the key. */
  readonly apiKey?: string | undefined;
  /** Sent as X-Account-ID: the end account, for per-account limits. */
  readonly accountId?: string | undefined;
  /** A Prism mock of the same contract, used before the compiled personas. */
  readonly mockUrl?: string | undefined;
  /** The whole call's budget, retries and fallback included; default 2000 ms. */
  readonly budgetMs?: number | undefined;
  /** When the API has not answered by then, the mock is returned at once (the call goes on in the background); default budget - 250 ms. */
  readonly fallbackAfterMs?: number | undefined;
  /** Per attempt; default the budget. */
  readonly timeoutMs?: number | undefined;
  /** Retries of transient failures (network, timeout, 429, 502, 503, 504), inside the budget; default 2. */
  readonly retries?: number | undefined;
  /** Longest wait between attempts, including a Retry-After; longer waits fall back at once. Default 1000. */
  readonly maxRetryDelayMs?: number | undefined;
  /** Consecutive API failures that open the circuit breaker (default 5), and how long it stays open (default 10000 ms). */
  readonly breaker?: { readonly failures?: number | undefined; readonly openMs?: number | undefined } | undefined;
  /** Which failures mock; default 'auto'. */
  readonly fallback?: FallbackPolicy | undefined;
  /** Injected fetch (tests, custom agents); globalThis.fetch by default. */
  readonly fetch?: typeof fetch | undefined;
  /** The Request class the typed client builds each call with, handed to `fetch` (openapi-fetch's `Request` option); globalThis.Request by default. */
  readonly Request?: typeof Request | undefined;
  readonly onFallback?: ((event: FallbackEvent) => void) | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Randomness for jitter; Math.random by default (tests make it fixed). */
  readonly random?: (() => number) | undefined;
}

export interface CallOptions {
  /** The end account for this call (X-Account-ID), instead of the client's `accountId`. */
  readonly accountId?: string | undefined;
  /** Sent as X-Request-ID, so the API's answer and logs carry the caller's id. */
  readonly requestId?: string | undefined;
  /** Cancels the call: `enrich()` rejects with the signal's reason and the API call is aborted. */
  readonly signal?: AbortSignal | undefined;
  readonly budgetMs?: number | undefined;
  readonly fallbackAfterMs?: number | undefined;
  readonly fallback?: FallbackPolicy | undefined;
}

import type { components } from '../../openapi/generated/enrich';

export type EnrichRequest = components['schemas']['EnrichRequest'];
export type EnrichResponse = components['schemas']['EnrichResponse'];
export type EnrichMeta = components['schemas']['EnrichMeta'];
export type FieldName = components['schemas']['FieldName'];
export type ProblemError = components['schemas']['ProblemError'];
export type MockReason = NonNullable<EnrichMeta['mock_reason']>;

/** The answer narrowed to the requested fields: every requested field present (value or null), others absent. */
export type EnrichData<F extends FieldName> = { [K in F]: string | null };

/** What `enrich()` resolves to. Callers switch on `kind`; nobody parses an error body. */
export type EnrichOutcome<F extends FieldName = FieldName> =
  | { readonly kind: 'real'; readonly data: EnrichData<F>; readonly meta: EnrichMeta }
  | { readonly kind: 'mock'; readonly data: EnrichData<F>; readonly meta: EnrichMeta & { mock: true; mock_reason: MockReason } }
  | { readonly kind: 'invalid'; readonly errors: ProblemError[]; readonly source: 'client' | 'api' };

export interface FallbackEvent {
  readonly reason: MockReason;
  /** The API's status when it answered. */
  readonly status?: number;
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
  readonly apiKey: string;
  /** Sent as X-Account-ID: the end account, for per-account limits. */
  readonly accountId?: string;
  /** A Prism mock of the same contract, used before the compiled personas. */
  readonly mockUrl?: string;
  /** Per attempt; default 2000. */
  readonly timeoutMs?: number;
  /** Retries of transient failures (network, timeout, 429, 502, 503, 504); default 2. */
  readonly retries?: number;
  /** Longest wait between attempts, including a Retry-After; longer waits fall back at once. Default 2000. */
  readonly maxRetryDelayMs?: number;
  /** Consecutive API failures that open the circuit breaker (default 5), and how long it stays open (default 10000 ms). */
  readonly breaker?: { readonly failures?: number; readonly openMs?: number };
  /** Injected fetch (tests, custom agents); globalThis.fetch by default. */
  readonly fetch?: typeof fetch;
  readonly onFallback?: (event: FallbackEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  /** Randomness for jitter; Math.random by default (tests make it fixed). */
  readonly random?: () => number;
}

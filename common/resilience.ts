import { BrokenCircuitError, ConsecutiveBreaker, CircuitState, circuitBreaker, handleWhen, retry, wrap } from 'cockatiel';

/**
 * The one retry-and-breaker policy (cockatiel), used by the client and by the server's provider adapter.
 * The call itself decides whether a failure is worth another attempt and how long to wait first (it
 * knows the status, the Retry-After header and the time left in its budget) by setting `retryInMs` on
 * the error it throws; the policy retries exactly those errors after exactly that wait, and the
 * breaker counts the errors `opensBreaker` names as signs that the upstream is down.
 */
export interface RetryHint {
  /** Set on an error worth retrying: the wait before the next attempt, in ms. */
  retryInMs?: number | undefined;
}

export interface ResilienceOptions {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Consecutive failures that open the breaker, and how long it stays open before one trial call. */
  readonly breaker: { readonly failures: number; readonly openMs: number };
  /** Failures that count against the breaker (the upstream's fault, not the caller's). */
  readonly opensBreaker: (error: Error) => boolean;
}

export interface ResiliencePolicy {
  /** Runs `call` through the breaker and the retries; `attempt` counts from 0. Throws what the last attempt threw, or a broken-circuit error. */
  execute<T>(call: (context: { readonly attempt: number; readonly signal: AbortSignal }) => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly state: 'closed' | 'open' | 'half-open';
}

const hintOf = (error: Error): number | undefined => (error as RetryHint).retryInMs;

/** The wait the failed call asked for; cockatiel calls `next` once per retry with the failure. */
function nextBackoff(context: { readonly result: unknown }): { readonly duration: number; next: typeof nextBackoff } {
  const error = (context.result as { error?: Error }).error;
  return { duration: (error && hintOf(error)) ?? 0, next: nextBackoff };
}

export function createResiliencePolicy(options: ResilienceOptions): ResiliencePolicy {
  const backoff = { next: nextBackoff };
  const retries = retry(handleWhen((error) => typeof hintOf(error) === 'number'), { maxAttempts: options.retries, backoff });
  const breaker = circuitBreaker(handleWhen(options.opensBreaker), {
    halfOpenAfter: options.breaker.openMs,
    breaker: new ConsecutiveBreaker(options.breaker.failures),
  });
  const policy = wrap(breaker, retries);
  return {
    execute: (call, signal) => policy.execute((context) => call({ attempt: context.attempt, signal: context.signal }), signal),
    get state() {
      const state = breaker.state;
      return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
    },
  };
}

/** True when the breaker refused the call without trying it. */
export function isBrokenCircuit(error: unknown): boolean {
  return error instanceof BrokenCircuitError;
}

/**
 * The wait before retry number `attempt + 1`: the server's Retry-After when it gave one, else
 * exponential backoff with full jitter (a random wait up to `baseMs * 2^attempt`, capped). Undefined
 * when the wait is longer than `maxDelayMs` or would leave less than `minAttemptMs` of `remainingMs`:
 * then retrying cannot help the caller, who is better served by failing (or falling back) now.
 */
export function retryDelayMs(options: {
  readonly attempt: number;
  readonly retryAfterMs?: number | undefined;
  readonly random: () => number;
  readonly baseMs?: number;
  readonly maxDelayMs: number;
  readonly remainingMs?: number;
  readonly minAttemptMs?: number;
}): number | undefined {
  const base = options.baseMs ?? 100;
  const delay = options.retryAfterMs ?? Math.floor(options.random() * Math.min(options.maxDelayMs, base * 2 ** options.attempt));
  if (delay > options.maxDelayMs) return undefined;
  if (options.remainingMs !== undefined && delay + (options.minAttemptMs ?? 0) > options.remainingMs) return undefined;
  return delay;
}

/** Retry-After (seconds or an HTTP date) in ms; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

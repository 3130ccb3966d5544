/**
 * The one abort helper: every deadline and cancellation in the client, the gateway and the provider
 * adapter goes through these, so a caller's AbortSignal and a budget combine the same way everywhere.
 * Browser- and edge-safe (AbortSignal.any / AbortSignal.timeout only).
 */

/** A signal that aborts after `ms` (reason: a TimeoutError) or when any of `parents` aborts (their reason). */
export function deadlineSignal(ms: number, ...parents: ReadonlyArray<AbortSignal | undefined>): AbortSignal {
  const signals = [AbortSignal.timeout(Math.max(0, ms)), ...parents.filter((s): s is AbortSignal => s !== undefined)];
  return signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
}

/** True for what fetch throws when its signal aborts (AbortError, or TimeoutError from AbortSignal.timeout). */
export function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves with `value` after `ms` (for Promise.race); `cancel` clears the timer once the race is decided. */
export function timer<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve) => {
    handle = setTimeout(() => resolve(value), Math.max(0, ms));
  });
  return { promise, cancel: () => clearTimeout(handle) };
}

/** A promise that rejects with the signal's reason when it aborts (never settles otherwise). */
export function whenAborted(signal: AbortSignal | undefined): Promise<never> {
  const promise = new Promise<never>((_resolve, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  promise.catch(() => undefined); // an abort after the race was decided is nobody's unhandled rejection
  return promise;
}

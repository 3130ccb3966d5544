/**
 * The one abort helper: every deadline and cancellation in the typed client (and so in the gateway)
 * goes through these, so a caller's AbortSignal and a budget combine the same way everywhere.
 * Browser- and edge-safe (AbortController, DOMException and timers only).
 */

/** A deadline for one piece of work; `clear()` once the work is done. */
export interface Deadline {
  /** Aborts after the time given (reason: a TimeoutError) or when a parent aborts (its reason). */
  readonly signal: AbortSignal;
  /** Stops the timer and drops the listeners on the parents: nothing of the work stays alive, or fires, after it. */
  clear(): void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A signal that aborts after `ms` or when any of `parents` aborts, cleared by its owner when the work
 * ends. `AbortSignal.timeout` cannot be cleared: each call's timers fired seconds after its answer,
 * each one a TimeoutError and an abort event through every signal made from it.
 */
export function startDeadline(ms: number, ...parents: ReadonlyArray<AbortSignal | undefined>): Deadline {
  const controller = new AbortController();
  const linked = parents.filter((parent): parent is AbortSignal => parent !== undefined);
  const onParentAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  // Timers take at most 2^31 - 1 ms (~24.8 days); a longer one would fire at once.
  const timeout = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), Math.min(Math.max(0, ms), MAX_TIMER_MS));
  // Like AbortSignal.timeout, the deadline alone does not keep a Node process running (unref is Node's; browsers have none).
  (timeout as { unref?: () => void }).unref?.();
  const clear = () => {
    clearTimeout(timeout);
    for (const parent of linked) parent.removeEventListener('abort', onParentAbort);
  };
  controller.signal.addEventListener('abort', clear, { once: true });
  for (const parent of linked) {
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    parent.addEventListener('abort', onParentAbort, { once: true });
  }
  return { signal: controller.signal, clear };
}

/** True for what fetch throws when its signal aborts (AbortError, or the TimeoutError of a deadline). */
export function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** Resolves with `value` after `ms` (for Promise.race); `cancel` clears the timer once the race is decided. */
export function timer<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve) => {
    handle = setTimeout(() => resolve(value), Math.min(Math.max(0, ms), MAX_TIMER_MS));
  });
  return { promise, cancel: () => clearTimeout(handle) };
}

/**
 * A promise that rejects with the signal's reason when it aborts (never settles otherwise), for
 * Promise.race; `dispose()` once the race is decided drops its listener, so a long-lived caller's
 * signal does not collect one per call.
 */
export function whenAborted(signal: AbortSignal | undefined): { promise: Promise<never>; dispose: () => void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) return reject(signal.reason);
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined); // an abort after the race was decided is nobody's unhandled rejection
  return { promise, dispose: () => onAbort !== undefined && signal?.removeEventListener('abort', onAbort) };
}

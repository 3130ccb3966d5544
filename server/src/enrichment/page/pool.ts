import path from 'node:path';
import { Piscina } from 'piscina';
import type { FetchedPage, PageAnalysis } from './analyze';
import { newTaskFlags, TASK_FLAG, type PageTask } from './task';

export interface PagePoolOptions {
  /** Worker threads analysing pages (PAGE_WORKERS). */
  readonly threads: number;
  /** Pages waiting for a worker beyond this are refused at once (the web source reports an error). */
  readonly maxQueue: number;
}

export interface PagePool {
  /**
   * Analyses a page in a worker thread; the page's bytes move there (transferred, not copied). When
   * `signal` aborts (the request's deadline) the promise rejects at once: a page still queued is
   * dropped, and a running one is told to stop at its next step (the markup is bounded, so that comes
   * within milliseconds). Only a worker still busy RUNAWAY_GRACE_MS later is terminated, which costs
   * the event loop a new thread; the event loop never runs the parsing or the fingerprint patterns.
   */
  analyze(page: FetchedPage, signal: AbortSignal): Promise<PageAnalysis>;
  /** Resolves once a worker has loaded (parser and fingerprints): the server listens after this. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** How long a told-to-stop page may keep its worker before the worker is terminated and replaced. */
const RUNAWAY_GRACE_MS = 1000;

/** A piscina pool of page workers (./worker.ts). Under tsx or jest it loads the TypeScript worker through tsx. */
export function createPagePool(options: PagePoolOptions): PagePool {
  const filename = __filename.endsWith('.ts') ? path.join(__dirname, 'worker.dev.cjs') : path.join(__dirname, 'worker.js');
  const pool = new Piscina<PageTask, PageAnalysis>({
    filename,
    minThreads: options.threads,
    maxThreads: options.threads,
    // Pages wait in `waiting` below, not in piscina's queue: piscina hands a worker that has just
    // become free to a newly submitted task ahead of one that is queued (its `run` checks one of its
    // two queues), so under steady load with one worker some pages waited behind hundreds of later
    // ones: 1 in 100 web lookups at 10 in flight ran out of its 1.5 s, each page taking ~4 ms.
    // Not a bound (`waiting` is): piscina's own queue holds at most a page whose worker is being
    // replaced after a runaway page, and its maxQueue counts only pages without a signal. Above 0, so
    // such a page waits for the new worker instead of being refused.
    maxQueue: options.threads,
    idleTimeout: 60_000,
    // Below the event loop in the scheduler (Linux thread niceness, via piscina's optional @napi-rs/nice):
    // on a busy machine the requests and /health keep their CPU while pages are parsed.
    niceIncrement: 10,
    // Not the parent's loader flags (tsx's): worker.dev.cjs registers what the worker needs, so a
    // replacement worker (after a runaway page) starts light.
    execArgv: [],
    // A page of 1 MiB and the compiled fingerprints fit well within this; a worker that needs more is killed.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });

  // At most one page per worker is in piscina; the rest wait here, first come, first served.
  const waiting: Array<() => void> = [];
  let running = 0;
  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next !== undefined) next();
  };
  /** Resolves when a worker is free for this page; rejects when the queue is full or `signal` aborts first. */
  const turn = (signal: AbortSignal): Promise<void> => {
    if (running < options.threads) {
      running += 1;
      return Promise.resolve();
    }
    if (waiting.length >= options.maxQueue) return Promise.reject(new Error(`page queue full (${options.maxQueue} waiting)`));
    return new Promise((resolve, reject) => {
      const go = () => {
        signal.removeEventListener('abort', leave);
        running += 1;
        resolve();
      };
      const leave = () => {
        const at = waiting.indexOf(go);
        if (at >= 0) waiting.splice(at, 1);
        reject(signal.reason);
      };
      waiting.push(go);
      signal.addEventListener('abort', leave, { once: true });
    });
  };

  async function analyze(page: FetchedPage, signal: AbortSignal): Promise<PageAnalysis> {
    if (signal.aborted) throw signal.reason;
    await turn(signal);
    let dispatched;
    try {
      dispatched = dispatch(page, signal);
    } catch (error) {
      release();
      throw error;
    }
    // The worker is this page's until its task ends, which may be after the caller has given up.
    void dispatched.settled.then(release);
    return dispatched.answer;
  }

  /** Runs a page on the worker this call holds: its answer (or the caller's reason, at once), and when the worker is done with it. */
  function dispatch(page: FetchedPage, signal: AbortSignal): { answer: Promise<PageAnalysis>; settled: Promise<void> } {
    if (signal.aborted) return { answer: Promise.reject(signal.reason), settled: Promise.resolve() };
    const flags = newTaskFlags();
    const stop = new AbortController();
    let runaway: NodeJS.Timeout | undefined;
    let giveUp!: (reason: unknown) => void;
    const givenUp = new Promise<never>((_resolve, reject) => (giveUp = reject));
    // The page has been handed to a free worker: the worker drops it at its next step (at once when it
    // has not started it) and is terminated only when still busy RUNAWAY_GRACE_MS later. Aborting the
    // piscina task at once would terminate a healthy worker that had the page but not yet begun it.
    const onAbort = () => {
      Atomics.store(flags, TASK_FLAG.cancelled, 1);
      runaway = setTimeout(() => stop.abort(signal.reason), RUNAWAY_GRACE_MS).unref();
      giveUp(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const task = pool
      .run({ bytes: page.bytes, headers: page.headers, flags }, { signal: stop.signal, transferList: [page.bytes.buffer as ArrayBuffer] })
      .finally(() => {
        clearTimeout(runaway);
        signal.removeEventListener('abort', onAbort);
      });
    // Settled by whichever comes first; the other's rejection is expected and handled here.
    const settled = task.then(
      () => undefined,
      () => undefined,
    );
    givenUp.catch(() => undefined);
    return { answer: Promise.race([task, givenUp]), settled };
  }

  return {
    analyze,
    ready: async () => void (await pool.run({ bytes: new Uint8Array(0), headers: {}, flags: newTaskFlags() })),
    close: () => pool.destroy(),
  };
}

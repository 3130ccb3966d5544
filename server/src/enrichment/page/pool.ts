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
    maxQueue: options.maxQueue,
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

  function analyze(page: FetchedPage, signal: AbortSignal): Promise<PageAnalysis> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const flags = newTaskFlags();
    const stop = new AbortController();
    let runaway: NodeJS.Timeout | undefined;
    let giveUp!: (reason: unknown) => void;
    const givenUp = new Promise<never>((_resolve, reject) => (giveUp = reject));
    const onAbort = () => {
      Atomics.store(flags, TASK_FLAG.cancelled, 1);
      if (Atomics.load(flags, TASK_FLAG.started) === 0) stop.abort(signal.reason);
      else runaway = setTimeout(() => stop.abort(signal.reason), RUNAWAY_GRACE_MS).unref();
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
    task.catch(() => undefined);
    givenUp.catch(() => undefined);
    return Promise.race([task, givenUp]);
  }

  return {
    analyze,
    ready: async () => void (await pool.run({ bytes: new Uint8Array(0), headers: {}, flags: newTaskFlags() })),
    close: () => pool.destroy(),
  };
}

import path from 'node:path';
import { Piscina } from 'piscina';
import type { FetchedPage, PageAnalysis } from './analyze';

export interface PagePoolOptions {
  /** Worker threads analysing pages (PAGE_WORKERS). */
  readonly threads: number;
  /** Pages waiting for a worker beyond this are refused at once (the web source reports an error). */
  readonly maxQueue: number;
}

export interface PagePool {
  /**
   * Analyses a page in a worker thread. When `signal` aborts (the request's deadline) a queued page
   * is dropped and a running one has its worker terminated: a hostile page costs at most the deadline,
   * and the event loop never runs the parsing or the fingerprint patterns.
   */
  analyze(page: FetchedPage, signal: AbortSignal): Promise<PageAnalysis>;
  /** Resolves once a worker has loaded (parser and fingerprints): the server listens after this. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** A piscina pool of page workers (./worker.ts). Under tsx or jest it loads the TypeScript worker through tsx. */
export function createPagePool(options: PagePoolOptions): PagePool {
  const filename = __filename.endsWith('.ts') ? path.join(__dirname, 'worker.dev.cjs') : path.join(__dirname, 'worker.js');
  const pool = new Piscina<FetchedPage, PageAnalysis>({
    filename,
    minThreads: options.threads,
    maxThreads: options.threads,
    maxQueue: options.maxQueue,
    idleTimeout: 60_000,
    // Below the event loop in the scheduler (Linux thread niceness, via piscina's optional @napi-rs/nice):
    // on a busy machine the requests and /health keep their CPU while pages are parsed.
    niceIncrement: 10,
    // Not the parent's loader flags (tsx's): worker.dev.cjs registers what the worker needs, so a
    // replacement worker (after a page was stopped) starts light.
    execArgv: [],
    // A page of 1 MiB and the compiled fingerprints fit well within this; a worker that needs more is killed.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  return {
    analyze: (page, signal) => pool.run({ body: page.body, headers: page.headers }, { signal }),
    ready: async () => void (await pool.run({ body: '<html></html>', headers: {} })),
    close: () => pool.destroy(),
  };
}

import type { FetchedPage } from './analyze';

/** A page as the pool (./pool.ts) hands it to a worker (./worker.ts), with the flags they share. */
export interface PageTask extends FetchedPage {
  /** Int32 flags on shared memory, indexed by TASK_FLAG. */
  readonly flags: Int32Array;
}

/** The worker sets `started` when it takes the page; the pool sets `cancelled` when the request gives up. */
export const TASK_FLAG = { started: 0, cancelled: 1 } as const;

export const newTaskFlags = () => new Int32Array(new SharedArrayBuffer(4 * Object.keys(TASK_FLAG).length));

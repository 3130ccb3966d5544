import { detectTechnologies } from '../fingerprints';
import { analyzePage, PageAnalysisCancelled, type PageAnalysis } from './analyze';
import { TASK_FLAG, type PageTask } from './task';

// Index the fingerprints while the worker starts (piscina reports it ready after this module loads),
// so a page's deadline is not spent on it; a worker replacing a terminated one starts the same way.
detectTechnologies({});

/** The page worker's task (piscina calls the default export in a worker thread). */
export default function analyze(task: PageTask): PageAnalysis {
  Atomics.store(task.flags, TASK_FLAG.started, 1);
  const cancelled = () => Atomics.load(task.flags, TASK_FLAG.cancelled) === 1;
  if (cancelled()) throw new PageAnalysisCancelled();
  return analyzePage(task, cancelled);
}

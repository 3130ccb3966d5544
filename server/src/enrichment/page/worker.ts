import { detectTechnologies } from '../fingerprints';
import { analyzePage, type FetchedPage, type PageAnalysis } from './analyze';

// Index the fingerprints while the worker starts (piscina reports it ready after this module loads),
// so a page's deadline is not spent on it; a worker replacing a terminated one starts the same way.
detectTechnologies({});

/** The page worker's task (piscina calls the default export in a worker thread). */
export default function analyze(page: FetchedPage): PageAnalysis {
  return analyzePage(page);
}

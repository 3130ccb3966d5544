import { analyzePage, type FetchedPage, type PageAnalysis } from './analyze';

/** The page worker's task (piscina calls the default export in a worker thread). */
export default function analyze(page: FetchedPage): PageAnalysis {
  return analyzePage(page);
}

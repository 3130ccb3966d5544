import { cached, type AnswerCache, type CachePolicy } from '../enrichment/cache';
import { enrich, type EnrichResult, type Source } from '../enrichment/engine';
import { LIVE_SOURCES } from '../enrichment/fields';
import type { Identifiers } from '../enrichment/identifiers';
import type { RowEnricher } from './rows';

export interface RowEnricherDeps {
  readonly sources: readonly Source[];
  readonly cache: AnswerCache;
  readonly cachePolicy: CachePolicy;
  readonly writeBack?: (identifiers: Identifiers, result: EnrichResult, now: Date) => Promise<void>;
  readonly now: () => number;
}

/**
 * THE adapter between the batch path and the enrichment core: a row is enriched by the very calls the
 * POST /enrich handler makes (cache -> engine -> write-back of live findings). When the handler's work
 * moves into an enrichment service, re-point this one function at it.
 */
export function createRowEnricher(deps: RowEnricherDeps): RowEnricher {
  return async (query) => {
    const answer = await cached(query, deps.cache, deps.cachePolicy, () => enrich(query, deps.sources));
    if (!answer.cached && deps.writeBack && answer.result.consulted.some((source) => LIVE_SOURCES.has(source))) {
      void deps.writeBack(query.identifiers, answer.result, new Date(deps.now()));
    }
    return answer;
  };
}

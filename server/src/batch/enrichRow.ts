import type { EnrichmentService } from '../enrichment/service';
import type { RowEnricher } from './rows';

/**
 * The adapter between the batch path and the enrichment core: a row is answered by the same
 * enrichment service as POST /enrich (cache -> engine -> tracked write-back of live findings).
 */
export function createRowEnricher(enrichment: EnrichmentService): RowEnricher {
  return async (request) => {
    const answer = await enrichment.enrich(request);
    return { result: answer.result, cached: answer.cached };
  };
}

import type { EnrichResult } from '../../enrichment/engine';
import type { OkBodyOf } from './types';

type EnrichBody = OkBodyOf<'enrich'>;

/** Shapes an engine result as the contract's 200 body: requested fields flat at top level, then `meta`. */
export function toResponseBody(result: EnrichResult, requestId: string, cached: boolean): EnrichBody {
  const fields: EnrichBody['meta']['fields'] = {};
  for (const [field, provenance] of Object.entries(result.provenance)) {
    fields[field as keyof typeof fields] = {
      source: provenance.source,
      confidence: provenance.confidence,
      fetched_at: provenance.fetchedAt.toISOString(),
      ...(provenance.alternatives && { alternatives: provenance.alternatives.map((alt) => ({ ...alt })) }),
    };
  }
  return {
    ...result.values,
    meta: {
      request_id: requestId,
      match: {
        status: result.match.status,
        matched_on: result.match.matchedOn,
        person: { found: result.match.person.found, matched_on: result.match.person.matchedOn, confidence: result.match.person.confidence },
        company: { found: result.match.company.found, matched_on: result.match.company.matchedOn, confidence: result.match.company.confidence },
      },
      fields,
      missing: result.missing,
      warnings: result.warnings,
      cached,
      mock: false,
    },
  };
}

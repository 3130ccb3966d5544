import type { components } from '../../../openapi/generated/enrich';
import type { EnrichResult } from './engine';

/** The contract's 200 body of POST /enrich, which is also the body of each batch result row. */
export type AnswerBody = components['schemas']['EnrichResponse'];

/**
 * Shapes an engine result as the contract's answer: requested fields flat at top level, then `meta`.
 * POST /enrich sends it as is; a batch row carries it with the row's number, id and input.
 */
export function toAnswerBody(result: EnrichResult, requestId: string, cached: boolean): AnswerBody {
  const fields: AnswerBody['meta']['fields'] = {};
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

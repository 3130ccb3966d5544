import type { EnrichResult } from '../../enrichment/engine';
import type { EnrichmentService } from '../../enrichment/service';
import type { Handler, OkBodyOf } from './types';

export interface EnrichHandlerDeps {
  readonly enrichment: EnrichmentService;
}

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

/** `Server-Timing`: the time each source took, or the cache hit, and the whole enrichment. */
function serverTiming(cached: boolean, result: EnrichResult, totalMs: number): string {
  const parts = cached
    ? ['cache;desc="hit"']
    : Object.entries(result.timings).map(([source, ms]) => `${source};dur=${ms}`);
  parts.push(`total;dur=${Math.round(totalMs * 100) / 100}`);
  return parts.join(', ');
}

/** POST /enrich: the enrichment service answers; this shapes it as HTTP. Its errors map to problems in the one error handler. */
export function enrichHandler(deps: EnrichHandlerDeps): Handler<'enrich'> {
  return async (req, res) => {
    const started = performance.now();
    const answer = await deps.enrichment.enrich(req.body);
    res.setHeader('Server-Timing', serverTiming(answer.cached, answer.result, performance.now() - started));
    res.locals.matchStatus = answer.result.match.status;
    res.locals.cached = answer.cached;
    res.locals.sources = answer.sources;
    res.json(toResponseBody(answer.result, res.locals.requestId, answer.cached));
  };
}

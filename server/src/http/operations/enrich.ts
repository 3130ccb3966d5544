import { FIELD_NAMES, LIVE_SOURCES } from '../../enrichment/fields';
import { cached, type AnswerCache, type CachePolicy } from '../../enrichment/cache';
import { enrich, NoSourceAvailableError, type EnrichResult, type Source } from '../../enrichment/engine';
import { normaliseIdentifiers, type Identifiers } from '../../enrichment/identifiers';
import type { Metrics } from '../../observability/metrics';
import { HttpProblem, PROBLEMS } from '../problem';
import type { Handler, OkBodyOf } from './types';

export interface EnrichHandlerDeps {
  readonly sources: readonly Source[];
  readonly cache: AnswerCache;
  readonly cachePolicy: CachePolicy;
  readonly writeBack?: (identifiers: Identifiers, result: EnrichResult, now: Date) => Promise<void>;
  readonly now: () => number;
  readonly defaultDeadlineMs: number;
  readonly metrics: Metrics;
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
    };
  }
  return {
    ...result.values,
    meta: {
      request_id: requestId,
      match: { status: result.match.status, matched_on: result.match.matchedOn },
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

/** POST /enrich: normalise the identifiers, run the engine under the deadline, answer field by field. */
export function enrichHandler(deps: EnrichHandlerDeps): Handler<'enrich'> {
  return async (req, res) => {
    const started = performance.now();
    const body = req.body;
    const query = {
      identifiers: normaliseIdentifiers(body),
      wanted: body.enrich ?? FIELD_NAMES,
      minConfidence: body.min_confidence ?? 0,
      deadlineMs: body.deadline_ms ?? deps.defaultDeadlineMs,
    };
    let answer: { result: EnrichResult; cached: boolean };
    try {
      answer = await cached(query, deps.cache, deps.cachePolicy, () => enrich(query, deps.sources));
    } catch (error) {
      if (error instanceof NoSourceAvailableError) {
        throw new HttpProblem(PROBLEMS.unavailable, 'No enrichment source could be consulted.', {}, { 'Retry-After': '5' });
      }
      throw error;
    }
    const { result } = answer;
    res.setHeader('Server-Timing', serverTiming(answer.cached, result, performance.now() - started));
    if (!answer.cached) {
      if (deps.writeBack && result.consulted.some((source) => LIVE_SOURCES.has(source))) {
        void deps.writeBack(query.identifiers, result, new Date(deps.now()));
      }
      for (const [source, ms] of Object.entries(result.timings)) {
        const outcome = result.warnings.find((w) => w.source === source)?.code ?? 'ok';
        deps.metrics.sourceDuration.observe({ source, outcome }, ms / 1000);
      }
    }
    deps.metrics.enrichOutcomes.inc({ match: result.match.status });
    deps.metrics.cacheLookups.inc({ outcome: answer.cached ? 'hit' : 'miss' });
    res.locals.matchStatus = result.match.status;
    res.locals.cached = answer.cached;
    res.locals.sources = answer.cached ? ['cache'] : result.consulted;
    res.json(toResponseBody(result, res.locals.requestId, answer.cached));
  };
}

import { toAnswerBody } from '../../enrichment/answerBody';
import type { EnrichResult } from '../../enrichment/engine';
import type { EnrichmentService } from '../../enrichment/service';
import { createBodySerialiser } from './enrichBody';
import type { Handler } from './types';

export interface EnrichHandlerDeps {
  readonly enrichment: EnrichmentService;
  /**
   * Send bodies serialised once per cached result (enrichBody.ts) instead of `res.json` per request.
   * Off while responses are validated: the validator checks what goes through `res.json`.
   */
  readonly serialisedBodies?: boolean;
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
  const serialise = createBodySerialiser();
  return async (req, res) => {
    const started = performance.now();
    const answer = await deps.enrichment.enrich(req.body);
    res.setHeader('Server-Timing', serverTiming(answer.cached, answer.result, performance.now() - started));
    res.locals.matchStatus = answer.result.match.status;
    res.locals.cached = answer.cached;
    res.locals.sources = answer.sources;
    if (deps.serialisedBodies === true) {
      // What res.json would send, bytes and Content-Type, written as one string: the head and the body
      // leave in one write (res.send would make a Buffer of it, and an ETag no client can use, since
      // every answer carries its own request id). A result fresh from the sources is sent once (a later
      // cache hit gets it serialised then), so only cached ones go through the splicing serialiser.
      const body = answer.cached
        ? serialise(answer.result)(res.locals.requestId, true)
        : JSON.stringify(toAnswerBody(answer.result, res.locals.requestId, false));
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end(body);
      return;
    }
    res.json(toAnswerBody(answer.result, res.locals.requestId, answer.cached));
  };
}

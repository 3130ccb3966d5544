import type { EnrichResult } from '../../enrichment/engine';
import { toAnswerBody as toResponseBody } from '../../enrichment/answerBody';

/** The 200 body of one result as bytes, with the request id and `cached` spliced in. */
export type SerialisedBody = (requestId: string, cached: boolean) => string;

// `meta` is the body's last key, `request_id` its first and `cached`, `mock` its last two (toResponseBody's
// order): the JSON is fixed around those three places. A JSON string never holds an unescaped `"`, so
// these markers cannot occur inside a value.
const ID_MARKER = '"meta":{"request_id":""';
const TAIL = ',"cached":false,"mock":false}}';

function split(result: EnrichResult): { head: string; middle: string } {
  const full = JSON.stringify(toResponseBody(result, '', false));
  const at = full.lastIndexOf(ID_MARKER);
  if (at < 0 || !full.endsWith(TAIL)) throw new Error('the response body no longer has the shape enrichBody.ts splices');
  return { head: full.slice(0, at + ID_MARKER.length - 2), middle: full.slice(at + ID_MARKER.length, full.length - TAIL.length) };
}

/**
 * Serialises results once: a cached result is the same (frozen) object on every hit of the in-process
 * cache, so its body is built and stringified once and each hit only splices in its request id and
 * `cached` — the same bytes `JSON.stringify(toResponseBody(result, requestId, cached))` gives (tested).
 * Keyed weakly: an entry leaves with its result.
 */
export function createBodySerialiser(): (result: EnrichResult) => SerialisedBody {
  const known = new WeakMap<EnrichResult, SerialisedBody>();
  return (result) => {
    let body = known.get(result);
    if (body === undefined) {
      const { head, middle } = split(result);
      body = (requestId, cached) => `${head}${JSON.stringify(requestId)}${middle},"cached":${cached},"mock":false}}`;
      known.set(result, body);
    }
    return body;
  };
}

import { BLANK_IDENTIFIER_DETAIL, blankIdentifiers, IDENTIFIER_NAMES, PATTERN_DETAILS } from '../../common/fields';
import { validateEnrichRequest, type SchemaError } from '../../common/validators';
import type { EnrichRequest, ProblemError } from './types';

const IDENTIFIERS: readonly string[] = IDENTIFIER_NAMES;

function pointer(error: SchemaError): string {
  const base = `/body${error.instancePath}`;
  if (error.keyword === 'additionalProperties') return `${base}/${String(error.params['additionalProperty'])}`;
  return base;
}

/**
 * Checks a request with the contract's own schema (a validator generated ahead of time from
 * openapi/enrich.yaml, so no code is compiled at run time), with the same pointers and the same
 * "at least one identifier" message as the API. Null when it is valid.
 */
export function validateRequest(request: unknown): ProblemError[] | null {
  if (validateEnrichRequest(request)) {
    // The API's one rule the schema cannot say: identifiers sent blank count as absent, and one must be left.
    const blank = blankIdentifiers(request);
    return blank.length === 0 ? null : blank.map((name) => ({ pointer: `/body/${name}`, detail: BLANK_IDENTIFIER_DETAIL }));
  }
  const errors = validateEnrichRequest.errors ?? [];
  const hasIdentifier = request !== null && typeof request === 'object' && IDENTIFIERS.some((id) => id in request);
  const out: ProblemError[] = [];
  const anyOfFailed = errors.some((e) => e.keyword === 'anyOf');
  if (anyOfFailed && !hasIdentifier) out.push({ pointer: '/body', detail: 'must have at least one of email, domain, company_name' });
  const seen = new Set<string>();
  for (const error of errors) {
    if (anyOfFailed && (error.keyword === 'anyOf' || (error.keyword === 'required' && IDENTIFIERS.includes(String(error.params['missingProperty']))))) continue;
    const at = pointer(error);
    const entry = { pointer: at, detail: (error.keyword === 'pattern' && PATTERN_DETAILS[at]) || (error.message ?? 'is not valid') };
    const key = `${entry.pointer} ${entry.detail}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(entry);
    }
  }
  return out;
}

export function isValidRequest(request: unknown): request is EnrichRequest {
  return validateRequest(request) === null;
}

import { IDENTIFIER_NAMES } from '../../common/fields';
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
  if (validateEnrichRequest(request)) return null;
  const errors = validateEnrichRequest.errors ?? [];
  const hasIdentifier = request !== null && typeof request === 'object' && IDENTIFIERS.some((id) => id in request);
  const out: ProblemError[] = [];
  const anyOfFailed = errors.some((e) => e.keyword === 'anyOf');
  if (anyOfFailed && !hasIdentifier) out.push({ pointer: '/body', detail: 'must have at least one of email, domain, company_name' });
  const seen = new Set<string>();
  for (const error of errors) {
    if (anyOfFailed && (error.keyword === 'anyOf' || (error.keyword === 'required' && IDENTIFIERS.includes(String(error.params['missingProperty']))))) continue;
    const entry = { pointer: pointer(error), detail: error.message ?? 'is not valid' };
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

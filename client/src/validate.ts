import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { enrichRequestSchema } from '../../openapi/generated/contract';
import type { EnrichRequest, ProblemError } from './types';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv, ['email']);
const check = ajv.compile(enrichRequestSchema);

const IDENTIFIERS = ['email', 'domain', 'company_name'];

function pointer(error: ErrorObject): string {
  const base = `/body${error.instancePath}`;
  if (error.keyword === 'additionalProperties') return `${base}/${(error.params as { additionalProperty: string }).additionalProperty}`;
  return base;
}

/**
 * Checks a request with the contract's own schema (generated from openapi/enrich.yaml), with the same
 * pointers and the same "at least one identifier" message as the API. Null when it is valid.
 */
export function validateRequest(request: unknown): ProblemError[] | null {
  if (check(request)) return null;
  const errors = check.errors ?? [];
  const hasIdentifier = request !== null && typeof request === 'object' && IDENTIFIERS.some((id) => id in request);
  const out: ProblemError[] = [];
  const anyOfFailed = errors.some((e) => e.keyword === 'anyOf');
  if (anyOfFailed && !hasIdentifier) out.push({ pointer: '/body', detail: 'must have at least one of email, domain, company_name' });
  const seen = new Set<string>();
  for (const error of errors) {
    if (anyOfFailed && (error.keyword === 'anyOf' || (error.keyword === 'required' && IDENTIFIERS.includes((error.params as { missingProperty: string }).missingProperty)))) continue;
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

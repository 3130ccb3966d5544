import type { Request, RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types';
import { validateEnrichRequest } from '../../../common/validators';

export interface ContractValidationOptions {
  /** Check every response against the contract (development and tests; a bad one becomes a 500). */
  readonly validateResponses: boolean;
  /**
   * Check `POST /enrich` requests with the contract's precompiled request validator (Ajv standalone,
   * `make generate`) and skip express-openapi-validator for those that pass it. On unless responses
   * are validated (the response check lives in the skipped middleware). Anything else, and every
   * request the fast check does not pass, goes through express-openapi-validator, so refusals and
   * their problem bodies are exactly the validator's.
   */
  readonly fastEnrich?: boolean;
}

const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

interface HeaderSchema {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/** A header parameter's schema as a check (length and pattern: what the contract's header schemas use). */
function headerCheck(document: OpenAPIV3.DocumentV3, name: string): (value: string | undefined) => boolean {
  const parameter = document.components?.parameters?.[name] as OpenAPIV3.ParameterObject | undefined;
  const schema = (parameter?.schema ?? {}) as HeaderSchema;
  const keys = Object.keys(schema).filter((key) => !['type', 'minLength', 'maxLength', 'pattern', 'example', 'description'].includes(key));
  if (parameter === undefined || keys.length > 0) throw new Error(`validation.ts cannot check header parameter ${name}: ${keys.join(', ')}`);
  const pattern = schema.pattern === undefined ? null : new RegExp(schema.pattern, 'u');
  return (value) =>
    value === undefined ||
    (value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity) && (pattern === null || pattern.test(value)));
}

/** express-openapi-validator with our settings, written out once, with the fast check of POST /enrich in front. */
export function contractValidation(document: OpenAPIV3.DocumentV3, options: ContractValidationOptions): RequestHandler[] {
  const full = OpenApiValidator.middleware({
    apiSpec: structuredClone(document),
    validateRequests: { allErrors: true, allowUnknownQueryParameters: false, coerceTypes: false },
    validateResponses: options.validateResponses ? { allErrors: true } : false,
    validateSecurity: false, // app.ts authenticates; the spec's `security` decides which operations it guards
    validateFormats: true,
    ignoreUndocumented: false,
  });
  if (options.validateResponses || options.fastEnrich === false) return full;
  const accountId = headerCheck(document, 'AccountId');
  const requestId = headerCheck(document, 'RequestIdIn');
  const passed = new WeakSet<Request>();
  const fast: RequestHandler = (req, _res, next) => {
    if (
      req.method === 'POST' &&
      req.url === '/enrich' && // no query string: the contract allows none here
      JSON_TYPES.has((req.headers['content-type'] ?? '').toLowerCase()) &&
      accountId(req.get('x-account-id')) &&
      requestId(req.get('x-request-id')) &&
      validateEnrichRequest(req.body)
    ) {
      passed.add(req);
    }
    next();
  };
  return [fast, ...full.map((middleware): RequestHandler => (req, res, next) => (passed.has(req) ? next() : middleware(req, res, next)))];
}

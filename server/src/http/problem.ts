import type { ErrorRequestHandler, Response } from 'express';
import type { components } from '../../../openapi/generated/enrich';
import { BLANK_IDENTIFIER_DETAIL, PATTERN_DETAILS } from '../../../common/fields';
import { NoSourceAvailableError } from '../enrichment/engine';
import { NoUsableIdentifierError } from '../enrichment/service';
import type { Logger } from '../observability/logger';
import { IDENTIFIER_NAMES } from '../../../common/fields';
import { PROBLEMS, type ProblemTemplate } from '../../../common/problems';

// The templates live in common/ so the gateway answers with the same problems.
export { PROBLEMS, type ProblemTemplate };

export type ProblemBody = components['schemas']['Problem'];
export type ProblemDetailError = components['schemas']['ProblemError'];

/** A problem to answer with. Throw it (or pass it to `next`) anywhere; the error handler writes it. */
export class HttpProblem extends Error {
  constructor(
    readonly template: ProblemTemplate,
    readonly detail: string,
    readonly extra: { errors?: ProblemDetailError[]; violated_policies?: string[] } = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** Writes a problem+json response. The only place that writes error bodies. */
export function sendProblem(res: Response, problem: HttpProblem, instance: string): void {
  const body: ProblemBody = {
    ...problem.template,
    detail: problem.detail,
    instance,
    request_id: res.locals.requestId ?? '',
    ...problem.extra,
  };
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.status(problem.template.status).type('application/problem+json').json(body);
}

interface ValidatorErrorItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

interface StatusError {
  status?: number;
  statusCode?: number;
  type?: string;
  errors?: ValidatorErrorItem[];
  headers?: Record<string, string>;
  limit?: number;
  message?: string;
}

const IDENTIFIERS: readonly string[] = IDENTIFIER_NAMES;


/** Turns express-openapi-validator's error list into our `errors[]`: JSON pointers, one entry per problem. */
export function validationErrors(items: ValidatorErrorItem[], body: unknown): ProblemDetailError[] {
  const toPointer = (path: string | undefined) => (path ?? '/body').replace(/^\.?/, '/').replace(/\./g, '/').replace(/^\/\//, '/');
  const anyOfFailed = items.some((item) => item.errorCode?.startsWith('anyOf'));
  const hasIdentifier = body !== null && typeof body === 'object' && IDENTIFIERS.some((id) => id in body);
  const out: ProblemDetailError[] = [];
  if (anyOfFailed && !hasIdentifier) {
    out.push({ pointer: '/body', detail: 'must have at least one of email, domain, company_name' });
  }
  const seen = new Set<string>();
  for (const item of items) {
    // The "at least one identifier" rule reports through its anyOf branches; keep only the field errors.
    if (anyOfFailed && (item.errorCode?.startsWith('anyOf') || (item.errorCode?.startsWith('required') && IDENTIFIERS.some((id) => item.message?.includes(`'${id}'`))))) continue;
    const pointer = toPointer(item.path);
    const entry = { pointer, detail: (item.errorCode?.startsWith('pattern') && PATTERN_DETAILS[pointer]) || (item.message ?? 'is not valid') };
    const key = `${entry.pointer} ${entry.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}

function summarise(errors: ProblemDetailError[]): string {
  const first = errors[0];
  if (first === undefined) return 'The request does not match the API contract.';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return first.pointer === '/body' && first.detail.startsWith('must have at least one of')
    ? `Send at least one of email, domain or company_name${more}.`
    : `${first.pointer} ${first.detail}${more}.`;
}

/** Maps any error that reaches it to an HttpProblem. Unknown errors become a 500 without internals. */
export function toProblem(error: unknown, body: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof NoUsableIdentifierError) {
    return new HttpProblem(PROBLEMS.invalidRequest, 'Every identifier sent is blank: send a non-empty email, domain or company_name.', {
      errors: error.blank.map((name) => ({ pointer: `/body/${name}`, detail: BLANK_IDENTIFIER_DETAIL })),
    });
  }
  if (error instanceof NoSourceAvailableError) {
    return new HttpProblem(PROBLEMS.unavailable, 'No enrichment source could be consulted.', {}, { 'Retry-After': '5' });
  }
  const e = (error ?? {}) as StatusError;
  const status = e.status ?? e.statusCode;
  // body-parser errors carry a `type`.
  if (e.type === 'entity.too.large') return new HttpProblem(PROBLEMS.payloadTooLarge, `Bodies are limited to ${e.limit ?? 'a few thousand'} bytes.`);
  if (e.type === 'entity.parse.failed') {
    return new HttpProblem(PROBLEMS.invalidRequest, 'The body is not valid JSON.', { errors: [{ pointer: '/body', detail: 'is not valid JSON' }] });
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new HttpProblem(PROBLEMS.unsupportedMediaType, 'Send the body as UTF-8 JSON with "Content-Type: application/json".');
  }
  switch (status) {
    case 400: {
      const errors = validationErrors(e.errors ?? [], body);
      return new HttpProblem(PROBLEMS.invalidRequest, summarise(errors), { errors });
    }
    case 404:
      return new HttpProblem(PROBLEMS.notFound, 'No operation of this API has this path. See /docs.');
    case 405:
      return new HttpProblem(PROBLEMS.methodNotAllowed, 'This path does not answer this method. See /docs.', {}, e.headers?.['Allow'] ? { Allow: e.headers['Allow'] } : {});
    case 413:
      return new HttpProblem(PROBLEMS.payloadTooLarge, 'The request body is too large.');
    case 415:
      return new HttpProblem(PROBLEMS.unsupportedMediaType, 'Send the body with "Content-Type: application/json".');
    default:
      return new HttpProblem(PROBLEMS.internal, 'The error has been logged with this request id.');
  }
}

/** The terminal error middleware: every error becomes problem+json; every 5xx is logged with its stack. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = toProblem(error, req.body);
    if (problem.template.status >= 500) {
      const e = error as Error;
      logger.error('request failed', {
        request_id: res.locals.requestId,
        error: e?.name,
        message: e?.message,
        stack: e?.stack,
      });
    }
    sendProblem(res, problem, req.path);
  };
}

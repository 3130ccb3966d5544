import type { components } from '../openapi/generated/enrich';

export type ProblemBody = components['schemas']['Problem'];
export type ProblemDetailError = components['schemas']['ProblemError'];

const BASE = 'https://enrich.example.com/problems/';

/**
 * The constant part of each kind of problem (RFC 9457); `detail`, `instance`, `request_id` and
 * `errors` vary per request. Shared by the API's error handler and the gateway, so a problem means
 * the same thing from either.
 */
export const PROBLEMS = {
  invalidRequest: { type: `${BASE}invalid-request`, title: 'Your request is not valid.', status: 400 },
  unauthorized: { type: `${BASE}unauthorized`, title: 'Authentication is required.', status: 401 },
  forbidden: { type: `${BASE}forbidden`, title: 'This key may not do that.', status: 403 },
  notFound: { type: `${BASE}not-found`, title: 'There is nothing at this address.', status: 404 },
  methodNotAllowed: { type: `${BASE}method-not-allowed`, title: 'This address does not answer that method.', status: 405 },
  notAcceptable: { type: `${BASE}not-acceptable`, title: 'This format is not available.', status: 406 },
  conflict: { type: `${BASE}conflict`, title: 'This does not fit the current state.', status: 409 },
  payloadTooLarge: { type: `${BASE}payload-too-large`, title: 'The request body is too large.', status: 413 },
  unsupportedMediaType: { type: `${BASE}unsupported-media-type`, title: 'The request body must be JSON.', status: 415 },
  // The problem type draft-ietf-httpapi-ratelimit-headers registers for exceeded quotas.
  quotaExceeded: {
    type: 'https://iana.org/assignments/http-problem-types#quota-exceeded',
    title: 'Request cannot be satisfied as assigned quota has been exceeded.',
    status: 429,
  },
  internal: { type: `${BASE}internal-error`, title: 'Something went wrong on our side.', status: 500 },
  badGateway: { type: `${BASE}bad-gateway`, title: 'The Enrich API could not be used.', status: 502 },
  unavailable: { type: `${BASE}unavailable`, title: 'Enrich cannot answer right now.', status: 503 },
} as const;

export type ProblemTemplate = (typeof PROBLEMS)[keyof typeof PROBLEMS];

/** A whole problem body from a template and what varies. */
export function problemBody(
  template: ProblemTemplate,
  detail: string,
  context: { readonly instance: string; readonly request_id: string },
  extra: { readonly errors?: ProblemDetailError[]; readonly violated_policies?: string[] } = {},
): ProblemBody {
  return { ...template, detail, instance: context.instance, request_id: context.request_id, ...extra };
}

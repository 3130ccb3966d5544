// Type-level guarantees of the generated contract types; checked by `npm run lint:ts` (tsc), not run by jest.
import type { components } from '../../openapi/generated/enrich';
import type { HandlerMap } from '../src/http/operations/types';

type EnrichRequest = components['schemas']['EnrichRequest'];

// The request type must stay precise (TOOLCHAIN "anyOf"): if it turns into `unknown`, this fails.
type IsUnknown<T> = unknown extends T ? true : false;
const requestIsPrecise: IsUnknown<EnrichRequest> = false;
void requestIsPrecise;

export const byEmail: EnrichRequest = { email: 'jane.doe@acme.io' };
export const byDomainWithFields: EnrichRequest = { domain: 'acme.io', enrich: ['first_name', 'industry'] };

// @ts-expect-error at least one identifier is required
export const noIdentifier: EnrichRequest = { enrich: ['first_name'] };

// @ts-expect-error field names come from the enum
export const unknownField: EnrichRequest = { email: 'a@b.io', enrich: ['shoe_size'] };

// @ts-expect-error extra properties are not part of the request
export const extraProperty: EnrichRequest = { email: 'a@b.io', phone_number: '1' };

// Every operation in the spec needs a handler: a map without `enrich` is a compile error.
// @ts-expect-error missing handler for an operation
export const missingHandler: HandlerMap = { health: () => undefined, ready: () => undefined, metrics: () => undefined, openapiDocument: () => undefined, docs: () => undefined };

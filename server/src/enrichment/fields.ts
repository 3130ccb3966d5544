import type { components } from '../../../openapi/generated/enrich';

export type FieldName = components['schemas']['FieldName'];
export type SourceName = components['schemas']['Provenance']['source'];
export type IdentifierName = components['schemas']['Match']['matched_on'][number];
export type MatchStatus = components['schemas']['Match']['status'];
export type Warning = components['schemas']['Warning'];

/** The 19 fields in the order the contract lists them (generated, shared with the client); answers keep this order. */
export { FIELD_NAMES } from '../../../common/fields';

/** The sources that look things up outside the store; what they find is written back and ages. */
export const LIVE_SOURCES: ReadonlySet<string> = new Set<SourceName>(['web', 'dns', 'provider']);

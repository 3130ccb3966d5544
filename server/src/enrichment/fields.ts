import type { components } from '../../../openapi/generated/enrich';

export type FieldName = components['schemas']['FieldName'];
export type SourceName = components['schemas']['Provenance']['source'];
export type IdentifierName = components['schemas']['Match']['matched_on'][number];
export type MatchStatus = components['schemas']['Match']['status'];
export type Warning = components['schemas']['Warning'];

/** The 19 fields in the order the contract lists them (generated, shared with the client); answers keep this order. */
import { FIELD_NAMES } from '../../../common/fields';

export { FIELD_NAMES };

/** The sources that look things up outside the store; what they find is written back and ages. */
export const LIVE_SOURCES: ReadonlySet<string> = new Set<SourceName>(['web', 'dns', 'provider']);

/**
 * What the derive stage builds a field from: asking for the field looks these up too (the answer
 * still holds only what was asked for).
 */
export const FIELD_INPUTS: Partial<Record<FieldName, readonly FieldName[]>> = {
  seniority: ['title'],
  department: ['title'],
  location: ['city', 'state', 'country'],
  city: ['location'],
  state: ['location'],
  country: ['location'],
};

/** The wanted fields and their inputs, in catalogue order. */
export function withInputs(wanted: readonly FieldName[]): FieldName[] {
  const all = new Set<FieldName>(wanted);
  for (const field of wanted) for (const input of FIELD_INPUTS[field] ?? []) all.add(input);
  return FIELD_NAMES.filter((field) => all.has(field));
}

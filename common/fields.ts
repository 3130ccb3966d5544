import { ACCOUNT_ID, FIELD_NAMES, IDENTIFIER_NAMES } from '../openapi/generated/contract';
import type { components } from '../openapi/generated/enrich';

/** Generated from the contract (openapi/generated/contract.ts); shared by the client and the server. */
export { FIELD_NAMES, IDENTIFIER_NAMES };

export type FieldName = components['schemas']['FieldName'];
export type IdentifierName = (typeof IDENTIFIER_NAMES)[number];

// A field added to the spec's FieldName enum but missing from the list fails to compile here.
type Unlisted = Exclude<FieldName, (typeof FIELD_NAMES)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : never = true;
void everyFieldListed;

const ACCOUNT_ID_PATTERN = new RegExp(ACCOUNT_ID.pattern);

/** True when `value` is a valid X-Account-ID (the contract's pattern and length). */
export function isAccountId(value: string): boolean {
  return value.length >= ACCOUNT_ID.minLength && value.length <= ACCOUNT_ID.maxLength && ACCOUNT_ID_PATTERN.test(value);
}

/** What an invalid X-Account-ID is told, by the API and by the gateway alike. */
export const ACCOUNT_ID_DETAIL = `must match pattern "${ACCOUNT_ID.pattern}" and have ${ACCOUNT_ID.minLength} to ${ACCOUNT_ID.maxLength} characters`;

/** True when a value carries nothing: empty or only white space. Such an identifier counts as absent. */
export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** The identifiers a request sent, when every one of them is blank (nothing to look up); empty otherwise. */
export function blankIdentifiers(request: Partial<Record<IdentifierName, string>>): IdentifierName[] {
  const sent = IDENTIFIER_NAMES.filter((name) => request[name] !== undefined);
  return sent.length > 0 && sent.every((name) => isBlank(request[name])) ? sent : [];
}

/** What the API and the client say of a blank identifier when no usable one is left. */
export const BLANK_IDENTIFIER_DETAIL = 'is blank (empty or only spaces), so it counts as absent';

/** What a failed pattern means, for people (the regular expression itself helps nobody). */
export const PATTERN_DETAILS: Readonly<Record<string, string>> = {
  '/body/email': 'must be an email address (name@company.com)',
  '/body/domain': 'must be a domain or a URL (acme.io, https://www.acme.io/about)',
};

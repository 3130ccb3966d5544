import commonMailboxes from 'email-providers/common.json';
import { bareHost, companyNameFromDomain, countryOfDomain, isReservedDomain } from '../../common/domains';
import { FIELD_NAMES } from '../../common/fields';
import { stableHash } from '../../common/hash';
import { isRoleMailbox, namesFromLocalPart } from '../../common/names';
import { personas } from '../../openapi/generated/contract';
import type { EnrichMeta, EnrichRequest, EnrichResponse, FieldName, MockReason } from './types';

const FREE_MAILBOXES = new Set((commonMailboxes as string[]).map((domain) => domain.toLowerCase()));

/**
 * The personas a fallback draws on: the spec's examples of a person at a company. A persona only
 * supplies what the identifiers cannot say (title and its seniority and department, industry, size,
 * revenue, technologies, and the place when it is in the domain's country).
 */
export const FALLBACK_PERSONAS = Object.keys(personas).filter((name) => {
  const persona = personas[name]!;
  return persona.title != null && persona.industry != null && persona.country != null;
});

/** The identifiers as the mock reads them. */
export interface MockIdentifiers {
  readonly email?: { readonly address: string; readonly local: string; readonly host: string; readonly free: boolean };
  readonly domain?: string;
  readonly companyName?: string;
}

/** Lower-cased email (its `+tag` dropped for names), bare domain, company name with spaces tidied. */
export function identifiersOf(request: Pick<EnrichRequest, 'email' | 'domain' | 'company_name'>): MockIdentifiers {
  const address = request.email?.trim().toLowerCase();
  const [local = '', host = ''] = address?.split('@') ?? [];
  const domain = request.domain === undefined ? '' : bareHost(request.domain);
  const companyName = request.company_name?.trim().replace(/\s+/g, ' ');
  return {
    ...(address !== undefined && { email: { address, local: local.split('+')[0] ?? '', host, free: FREE_MAILBOXES.has(host) } }),
    ...(domain !== '' && { domain }),
    ...(companyName && { companyName }),
  };
}

/** The domain that names the company: the one given, else a work email's. */
function companyDomainOf(ids: MockIdentifiers): string | undefined {
  return ids.domain ?? (ids.email && !ids.email.free ? ids.email.host : undefined);
}

/** The persona for these identifiers: stable (a hash of them), and from the domain's country when a persona is. */
export function choosePersona(ids: MockIdentifiers): string {
  const country = countryOfDomain(companyDomainOf(ids) ?? ids.email?.host ?? '');
  const local = FALLBACK_PERSONAS.filter((name) => personas[name]!.country === country);
  const candidates = local.length > 0 ? local : FALLBACK_PERSONAS;
  const key = JSON.stringify([ids.email?.address ?? '', ids.domain ?? '', (ids.companyName ?? '').toLowerCase()]);
  return candidates[stableHash(key) % candidates.length]!;
}

type Values = Record<FieldName, string | null>;
type IdentifierName = 'email' | 'domain' | 'company_name';
const NOT_FOUND = { found: false, matched_on: null, confidence: null } as const;
export type MockMeta = EnrichMeta & { mock: true; mock_reason: MockReason };

/**
 * A mock answer that agrees with the input: the company name from the company name or the domain,
 * the country from a country-code TLD, names from the email's local part (none for role mailboxes
 * such as info@), the email given filed as personal (free mail) or business, and never an email
 * that was not given. The persona supplies only the rest, so seniority and department always match
 * its title. A pure function of (persona, request, reason): byte-identical for identical input,
 * whether the persona came from Prism or from the compiled examples.
 */
export function overlay(persona: EnrichResponse, request: EnrichRequest, reason: MockReason): { data: Partial<Values>; meta: MockMeta } {
  const ids = identifiersOf(request);
  const values = Object.fromEntries(FIELD_NAMES.map((field) => [field, null])) as Values;
  const companyDomain = companyDomainOf(ids);
  const reserved = [companyDomain, ids.email?.host].some((host) => host !== undefined && isReservedDomain(host));
  const from = new Set<IdentifierName>();
  let personOn: IdentifierName | null = null;
  let companyOn: IdentifierName | null = null;

  if (!reserved) {
    // 1. The person: only behind an email, and only a named one behind a personal mailbox.
    if (ids.email !== undefined) {
      from.add('email');
      values[ids.email.free ? 'personal_email' : 'business_email'] = ids.email.address;
      if (!isRoleMailbox(ids.email.local)) {
        const names = namesFromLocalPart(ids.email.local);
        values.first_name = names?.first ?? null;
        values.last_name = names?.last ?? null;
      }
    }
    // 2. The company: named by the caller, or by its domain.
    const companyName = ids.companyName ?? (companyDomain !== undefined ? companyNameFromDomain(companyDomain) : null);
    if (companyName !== null) {
      companyOn = ids.companyName !== undefined ? 'company_name' : ids.domain !== undefined ? 'domain' : 'email';
      from.add(companyOn);
      values.company_name = companyName;
      for (const field of ['industry', 'company_size', 'company_revenue', 'technologies'] as const) values[field] = persona[field] ?? null;
      // A work address of a person (not a role mailbox): the persona's role, consistent with itself.
      if (ids.email !== undefined && !ids.email.free && !isRoleMailbox(ids.email.local)) {
        for (const field of ['title', 'seniority', 'department'] as const) values[field] = persona[field] ?? null;
        personOn = 'email';
      }
      // 3. The place: the domain's country; the persona's city only when it is in that country.
      const country = countryOfDomain(companyDomain ?? '') ?? persona.country ?? null;
      values.country = country;
      if (country !== null && country === persona.country) {
        for (const field of ['location', 'city', 'state', 'zip_code'] as const) values[field] = persona[field] ?? null;
      } else {
        values.location = country;
      }
    }
  }

  const wanted: readonly FieldName[] = request.enrich ?? FIELD_NAMES;
  const data: Partial<Values> = {};
  const fields: EnrichMeta['fields'] = {};
  const missing: FieldName[] = [];
  const fetchedAt = Object.values(persona.meta.fields)[0]?.fetched_at ?? '2026-11-01T09:00:00Z';
  for (const field of FIELD_NAMES) {
    if (!wanted.includes(field)) continue;
    data[field] = values[field];
    if (values[field] === null) missing.push(field);
    else fields[field] = { source: 'mock', confidence: persona.meta.fields[field]?.confidence ?? 0.5, fetched_at: fetchedAt };
  }
  const filled = wanted.length - missing.length;
  const matchedOn = filled === 0 ? [] : (['email', 'domain', 'company_name'] as const).filter((id) => from.has(id));
  return {
    data,
    meta: {
      request_id: `mock_${stableHash(JSON.stringify([ids, wanted])).toString(16)}`,
      match: {
        status: filled === 0 ? 'none' : missing.length === 0 ? 'full' : 'partial',
        matched_on: matchedOn,
        // The entities the mock stands for: a person only behind a personal work address, a company
        // only when one was named or has a domain; as the API, names guessed from an email are no person.
        person: personOn === null ? NOT_FOUND : { found: true, matched_on: personOn, confidence: persona.meta.match.person.confidence ?? 0.9 },
        company: companyOn === null ? NOT_FOUND : { found: true, matched_on: companyOn, confidence: persona.meta.match.company.confidence ?? 0.9 },
      },
      fields,
      missing,
      warnings: [],
      cached: false,
      mock: true,
      mock_reason: reason,
    },
  };
}

import commonMailboxes from 'email-providers/common.json';
import { personas } from '../../openapi/generated/contract';
import { FIELD_NAMES as FIELD_ORDER } from '../../server/src/enrichment/fields';
import { namesFromLocalPart } from '../../server/src/enrichment/names';
import type { EnrichMeta, EnrichRequest, EnrichResponse, FieldName, MockReason } from './types';

const FREE_MAILBOXES = new Set((commonMailboxes as string[]).map((domain) => domain.toLowerCase()));

/** The personas a fallback may answer with: every example that matched something. */
export const FALLBACK_PERSONAS = Object.keys(personas).filter((name) => personas[name]!.meta.match.status !== 'none');

export interface NormalisedIdentifiers {
  readonly email?: string;
  readonly domain?: string;
  readonly companyName?: string;
}

/** The identifiers as the fallback compares them: lower-cased, `www.`, scheme, port and path gone. */
const NOT_FOUND = { found: false, matched_on: null, confidence: null } as const;

export function normaliseForMock(request: EnrichRequest): NormalisedIdentifiers {
  const domain = request.domain
    ?.trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return {
    ...(request.email !== undefined && { email: request.email.trim().toLowerCase() }),
    ...(domain && { domain }),
    ...(request.company_name !== undefined && { companyName: request.company_name.trim().replace(/\s+/g, ' ') }),
  };
}

/** FNV-1a, 32 bits: small, fast, and the same in every JavaScript runtime. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The persona for these identifiers: the same identifiers always give the same one. */
export function choosePersona(identifiers: NormalisedIdentifiers): string {
  const key = JSON.stringify([identifiers.email ?? '', identifiers.domain ?? '', (identifiers.companyName ?? '').toLowerCase()]);
  return FALLBACK_PERSONAS[fnv1a(key) % FALLBACK_PERSONAS.length]!;
}

/**
 * Lays the caller's identifiers over a persona so the mock agrees with what was sent: the email
 * becomes the personal or business email, names come from it when it carries them, the company name
 * is kept, and a business email is built on the domain. Only the requested fields are returned, and
 * the whole answer is a pure function of (persona, request, reason): identical for identical input.
 */
export function overlay(persona: EnrichResponse, request: EnrichRequest, reason: MockReason): { data: Record<string, string | null>; meta: EnrichMeta & { mock: true; mock_reason: MockReason } } {
  const ids = normaliseForMock(request);
  const values: Record<string, string | null> = {};
  for (const field of FIELD_ORDER) values[field] = persona[field] ?? null;

  if (ids.email !== undefined) {
    const [local = '', host = ''] = ids.email.split('@');
    const names = namesFromLocalPart(local.split('+')[0] ?? '');
    if (names?.first) values['first_name'] = names.first;
    if (names?.last) values['last_name'] = names.last;
    if (FREE_MAILBOXES.has(host)) {
      values['personal_email'] = ids.email;
      values['business_email'] = ids.domain ? `${local}@${ids.domain}` : null;
    } else {
      values['business_email'] = ids.email;
    }
  } else if (ids.domain !== undefined && values['first_name'] && values['last_name']) {
    values['business_email'] = `${values['first_name']}.${values['last_name']}@${ids.domain}`.toLowerCase();
  }
  if (request.company_name !== undefined) values['company_name'] = ids.companyName ?? null;

  const wanted = request.enrich ?? FIELD_ORDER;
  const data: Record<string, string | null> = {};
  const fields: EnrichMeta['fields'] = {};
  const missing: FieldName[] = [];
  const fetchedAt = Object.values(persona.meta.fields)[0]?.fetched_at ?? '2026-11-01T09:00:00Z';
  for (const field of FIELD_ORDER) {
    if (!wanted.includes(field)) continue;
    data[field] = values[field] ?? null;
    if (data[field] === null) missing.push(field);
    else fields[field] = { source: 'mock', confidence: persona.meta.fields[field]?.confidence ?? 0.5, fetched_at: fetchedAt };
  }
  const filled = wanted.length - missing.length;
  const matchedOn = (['email', 'domain', 'company_name'] as const).filter((id) => request[id as keyof EnrichRequest] !== undefined);
  return {
    data,
    meta: {
      request_id: `mock_${fnv1a(JSON.stringify([ids, wanted])).toString(16)}`,
      match: {
        status: filled === 0 ? 'none' : missing.length === 0 ? 'full' : 'partial',
        matched_on: filled === 0 ? [] : matchedOn,
        // The persona's own entities: a mock invents a record, and says so in `mock`.
        person: filled === 0 ? NOT_FOUND : persona.meta.match.person,
        company: filled === 0 ? NOT_FOUND : persona.meta.match.company,
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

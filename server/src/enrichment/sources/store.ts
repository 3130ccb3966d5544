import { FIELD_NAMES, LIVE_SOURCES, type FieldName, type IdentifierName } from '../fields';
import type { FoundValue, Source, SourceFindings } from '../engine';
import { companyNameTokens, nameSimilarity, type Identifiers } from '../identifiers';

/** One stored person or company as the core sees it: plain data, no driver types. */
export interface StoredRecord {
  readonly fields: Partial<Record<FieldName, string | null>>;
  /** Who wrote the record: an importer's source name, `sample`, or a live source (`web`, `dns`, `provider`). */
  readonly source: string;
  /** Registrable domain of the record's company. */
  readonly domainKey: string | null;
  readonly fetchedAt: Date;
}

export interface StoredCompany extends StoredRecord {
  readonly nameKey: string | null;
}

/** What the store source needs from the database; `store/repository.ts` implements it with Kysely. */
export interface StoreReader {
  personByEmailKey(key: string): Promise<StoredRecord | null>;
  companyByDomain(domain: string): Promise<StoredCompany | null>;
  companyByNameKey(key: string): Promise<StoredCompany | null>;
  /** Companies whose name shares at least one of `tokens`, at most `limit`. */
  companiesSharingTokens(tokens: readonly string[], limit: number): Promise<StoredCompany[]>;
}

/** How sure a value is, by how its record was found. */
export const STORE_CONFIDENCE = {
  person: 0.95,
  companyByDomain: 0.9,
  companyByName: 0.85,
  /** Multiplied by the name similarity (>= FUZZY_MIN_SIMILARITY), so a fuzzy match is always below an exact one. */
  companyByFuzzyName: 0.75,
} as const;

const FUZZY_MIN_SIMILARITY = 0.6;
const FUZZY_CANDIDATES = 50;

export interface StoreSourceOptions {
  readonly reader: StoreReader;
  readonly isFreeMailbox: (host: string) => boolean;
  /** Records written back by live sources are used while younger than this; older ones are looked up again. */
  readonly liveMaxAgeMs?: number;
  readonly now?: () => Date;
}

/** A live record past its age is treated as absent, so the live sources refresh it. */
function fresh(record: StoredRecord | null, options: StoreSourceOptions): StoredRecord | null {
  if (record === null || !LIVE_SOURCES.has(record.source) || options.liveMaxAgeMs === undefined) return record;
  const age = (options.now?.() ?? new Date()).getTime() - record.fetchedAt.getTime();
  return age < options.liveMaxAgeMs ? record : null;
}

/**
 * Operator data. A person is found by email; the company by, in order: the matched person's company,
 * the `domain` sent, the email's domain (not for free mailboxes), the exact company name, then the
 * closest company name by token similarity. When the email matches a person, that person's company
 * supplies the company fields even if a different `domain` was sent: the answer stays one consistent
 * record, and the person's data wins over the caller's guess.
 */
export function createStoreSource(options: StoreSourceOptions): Source {
  const { reader } = options;
  return {
    name: 'store',
    provides: FIELD_NAMES,
    async lookup(identifiers: Identifiers) {
      const findings: SourceFindings = {};
      const take = (record: StoredRecord, confidence: number, matchedOn: IdentifierName) => {
        // A record a live source wrote keeps that source as its provenance; fetched_at says how old it is.
        const origin = LIVE_SOURCES.has(record.source) ? (record.source as FoundValue['origin']) : undefined;
        for (const field of FIELD_NAMES) {
          const value = record.fields[field];
          if (value === null || value === undefined || value === '' || findings[field] !== undefined) continue;
          findings[field] = { value, confidence, fetchedAt: record.fetchedAt, matchedOn, ...(origin && { origin }) } satisfies FoundValue;
        }
      };

      const person = identifiers.email ? fresh(await reader.personByEmailKey(identifiers.email.key), options) : null;
      if (person !== null) take(person, STORE_CONFIDENCE.person, 'email');

      const company = await findCompany(identifiers, person, options);
      if (company !== null) take(company.record, company.confidence, company.matchedOn);
      return findings;
    },
  };
}

async function findCompany(
  identifiers: Identifiers,
  person: StoredRecord | null,
  options: StoreSourceOptions,
): Promise<{ record: StoredCompany; confidence: number; matchedOn: IdentifierName } | null> {
  const byDomain = async (domain: string | null | undefined, matchedOn: IdentifierName) => {
    if (!domain) return null;
    const record = fresh(await reader.companyByDomain(domain), options) as StoredCompany | null;
    return record && { record, confidence: STORE_CONFIDENCE.companyByDomain, matchedOn };
  };
  const { reader, isFreeMailbox } = options;
  const email = identifiers.email;
  const found =
    (person !== null ? await byDomain(person.domainKey, 'email') : null) ??
    (await byDomain(identifiers.domain, 'domain')) ??
    (email && !isFreeMailbox(email.host) ? await byDomain(email.domain, 'email') : null);
  if (found) return found;
  if (identifiers.companyNameKey === undefined) return null;

  const exact = await reader.companyByNameKey(identifiers.companyNameKey);
  if (exact) return { record: exact, confidence: STORE_CONFIDENCE.companyByName, matchedOn: 'company_name' };

  const tokens = companyNameTokens(identifiers.companyName ?? '');
  const candidates = await reader.companiesSharingTokens(tokens, FUZZY_CANDIDATES);
  let best: { record: StoredCompany; similarity: number } | null = null;
  for (const candidate of candidates) {
    const similarity = nameSimilarity(tokens, (candidate.nameKey ?? '').split(' '));
    if (similarity >= FUZZY_MIN_SIMILARITY && (best === null || similarity > best.similarity)) best = { record: candidate, similarity };
  }
  if (best === null) return null;
  return { record: best.record, confidence: Math.round(STORE_CONFIDENCE.companyByFuzzyName * best.similarity * 100) / 100, matchedOn: 'company_name' };
}

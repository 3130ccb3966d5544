import { CONFIDENCE, fuzzyNameConfidence, STORE_FUZZY_MIN_SIMILARITY } from '../confidence';
import { FIELD_NAMES, LIVE_SOURCES, type FieldName, type IdentifierName } from '../fields';
import type { Entity, FoundValue, Source, SourceFindings } from '../engine';
import { companyNameTokens, nameMatch, type Identifiers } from '../identifiers';

/** One stored person or company as the core sees it: plain data, no driver types. */
export interface StoredRecord {
  readonly fields: Partial<Record<FieldName, string | null>>;
  /** Who wrote the record: an importer's source name, `sample`, or a live source (`web`, `dns`, `provider`). */
  readonly source: string;
  /** Registrable domain of the record's company. */
  readonly domainKey: string | null;
  readonly fetchedAt: Date;
  /** Per-field provenance of values live sources wrote back; a field not in it has the record's. */
  readonly fieldMeta: Partial<Record<FieldName, { source: string; confidence: number; fetchedAt: Date }>> | null;
}

export interface StoredCompany extends StoredRecord {
  readonly nameKey: string | null;
}

/** What the store source needs from the database; `store/repository.ts` implements it with Kysely. */
export interface StoreReader {
  personByEmailKey(key: string): Promise<StoredRecord | null>;
  /** The person whose personal address has this key. */
  personByPersonalEmailKey(key: string): Promise<StoredRecord | null>;
  /** A company known only through people rows under this registrable domain. */
  companyFromPeopleByDomain(domain: string): Promise<StoredCompany | null>;
  /** A company known only through people rows giving this company name key. */
  companyFromPeopleByNameKey(key: string): Promise<StoredCompany | null>;
  companyByDomain(domain: string): Promise<StoredCompany | null>;
  companyByNameKey(key: string): Promise<StoredCompany | null>;
  /** Companies whose name shares at least one of `tokens`, at most `limit`. */
  companiesSharingTokens(tokens: readonly string[], limit: number): Promise<StoredCompany[]>;
}

const STORE = CONFIDENCE.store;
const FUZZY_CANDIDATES = 50;

export interface StoreSourceOptions {
  readonly reader: StoreReader;
  readonly isFreeMailbox: (host: string) => boolean;
  /** Records written back by live sources are used while younger than this; older ones are looked up again. */
  readonly liveMaxAgeMs?: number;
  readonly now?: () => Date;
}

function ageOk(fetchedAt: Date, options: StoreSourceOptions): boolean {
  if (options.liveMaxAgeMs === undefined) return true;
  return (options.now?.() ?? new Date()).getTime() - fetchedAt.getTime() < options.liveMaxAgeMs;
}

/** A record a live source created (legacy rows without per-field provenance) past its age is treated as absent. */
function fresh<T extends StoredRecord>(record: T | null, options: StoreSourceOptions): T | null {
  if (record === null || record.fieldMeta !== null || !LIVE_SOURCES.has(record.source)) return record;
  return ageOk(record.fetchedAt, options) ? record : null;
}

interface Found {
  readonly record: StoredRecord;
  readonly confidence: number;
  readonly matchedOn: IdentifierName;
}

/**
 * Operator data, and what live sources wrote back. A person is found by work email, then by personal
 * email; the company by, in order: the matched person's company, the `domain` sent, the email's
 * domain (not for free mailboxes), the exact company name, the closest company name by token
 * similarity, then the people rows that name it (a company imported only through its people). When
 * the email matches a person, that person's company supplies the company fields even if a different
 * `domain` was sent: the answer stays one consistent record.
 *
 * Each value carries the confidence of how its record was found (confidence.ts), or, for a value a
 * live source wrote back, that source's own confidence when lower, its source and its age; live
 * values older than LIVE_MAX_AGE_H are left out, field by field, so the live sources refresh them.
 */
export function createStoreSource(options: StoreSourceOptions): Source {
  const { reader } = options;
  return {
    name: 'store',
    provides: FIELD_NAMES,
    async lookup(identifiers: Identifiers) {
      const findings: SourceFindings = {};
      const take = (found: Found, entity: Entity) => {
        const { record, confidence, matchedOn } = found;
        // A legacy row a live source wrote keeps that source as its provenance; fetched_at says how old it is.
        const rowOrigin = LIVE_SOURCES.has(record.source) ? (record.source as FoundValue['origin']) : undefined;
        for (const field of FIELD_NAMES) {
          const value = record.fields[field];
          if (value === null || value === undefined || value === '' || findings[field] !== undefined) continue;
          const meta = record.fieldMeta?.[field];
          if (meta !== undefined) {
            if (LIVE_SOURCES.has(meta.source) && !ageOk(meta.fetchedAt, options)) continue;
            findings[field] = {
              value,
              confidence: Math.min(confidence, meta.confidence),
              fetchedAt: meta.fetchedAt,
              matchedOn,
              entity,
              ...(LIVE_SOURCES.has(meta.source) && { origin: meta.source as FoundValue['origin'] }),
            };
            continue;
          }
          if (rowOrigin !== undefined && !ageOk(record.fetchedAt, options)) continue; // a live row's own values age with the row
          findings[field] = { value, confidence, fetchedAt: record.fetchedAt, matchedOn, entity, ...(rowOrigin && { origin: rowOrigin }) } satisfies FoundValue;
        }
      };

      const person = await findPerson(identifiers, options);
      if (person !== null) take(person, 'person');
      const company = await findCompany(identifiers, person?.record ?? null, options);
      if (company !== null) take(company, 'company');
      return findings;
    },
  };
}

async function findPerson(identifiers: Identifiers, options: StoreSourceOptions): Promise<Found | null> {
  const email = identifiers.email;
  if (email === undefined) return null;
  const byWork = fresh(await options.reader.personByEmailKey(email.key), options);
  if (byWork !== null) return { record: byWork, confidence: STORE.personByEmail, matchedOn: 'email' };
  const byPersonal = fresh(await options.reader.personByPersonalEmailKey(email.key), options);
  return byPersonal && { record: byPersonal, confidence: STORE.personByPersonalEmail, matchedOn: 'email' };
}

async function findCompany(identifiers: Identifiers, person: StoredRecord | null, options: StoreSourceOptions): Promise<Found | null> {
  const { reader, isFreeMailbox } = options;
  // The person's company domain is usually the email's domain too: each domain is asked once.
  const askedDomains = new Set<string>();
  const byDomain = async (domain: string | null | undefined, confidence: number, matchedOn: IdentifierName): Promise<Found | null> => {
    if (!domain || askedDomains.has(domain)) return null;
    askedDomains.add(domain);
    const record = fresh(await reader.companyByDomain(domain), options);
    return record && { record, confidence, matchedOn };
  };
  const email = identifiers.email;
  const workDomain = email && !isFreeMailbox(email.host) ? email.domain : null;
  const found =
    (person !== null ? await byDomain(person.domainKey, STORE.companyOfPerson, 'email') : null) ??
    (await byDomain(identifiers.domain, STORE.companyByDomain, 'domain')) ??
    (await byDomain(workDomain, STORE.companyByEmailDomain, 'email'));
  if (found) return found;

  if (identifiers.companyNameKey !== undefined) {
    const exact = await reader.companyByNameKey(identifiers.companyNameKey);
    if (exact) return { record: exact, confidence: STORE.companyByName, matchedOn: 'company_name' };
    const fuzzy = await closestByName(identifiers, options);
    if (fuzzy) return fuzzy;
  }

  // Companies no company row describes, known from the people who work there.
  const fromPeople = async (record: StoredCompany | null, matchedOn: IdentifierName): Promise<Found | null> =>
    record && { record, confidence: STORE.companyFromPeople, matchedOn };
  return (
    (identifiers.domain ? await fromPeople(await reader.companyFromPeopleByDomain(identifiers.domain), 'domain') : null) ??
    (workDomain && workDomain !== identifiers.domain ? await fromPeople(await reader.companyFromPeopleByDomain(workDomain), 'email') : null) ??
    (identifiers.companyNameKey ? await fromPeople(await reader.companyFromPeopleByNameKey(identifiers.companyNameKey), 'company_name') : null)
  );
}

async function closestByName(identifiers: Identifiers, options: StoreSourceOptions): Promise<Found | null> {
  const tokens = companyNameTokens(identifiers.companyName ?? '');
  const candidates = await options.reader.companiesSharingTokens(tokens, FUZZY_CANDIDATES);
  let best: { record: StoredCompany; similarity: number; typos: number } | null = null;
  for (const candidate of candidates) {
    const match = nameMatch(tokens, (candidate.nameKey ?? '').split(' '));
    const better = best === null || match.similarity > best.similarity || (match.similarity === best.similarity && match.typos < best.typos);
    if (match.similarity >= STORE_FUZZY_MIN_SIMILARITY && better) best = { record: candidate, ...match };
  }
  if (best === null) return null;
  return { record: best.record, confidence: fuzzyNameConfidence(best.similarity, best.typos), matchedOn: 'company_name' };
}

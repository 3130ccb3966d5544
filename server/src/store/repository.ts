import type { Kysely, Selectable } from 'kysely';
import { FIELD_NAMES, type FieldName } from '../enrichment/fields';
import type { StoreReader, StoredCompany, StoredRecord } from '../enrichment/sources/store';
import { companyNameKey } from '../enrichment/identifiers';
import type { CompaniesTable, Database, PeopleTable } from './schema';

function fieldsOf(row: Selectable<PeopleTable> | Selectable<CompaniesTable>): Partial<Record<FieldName, string | null>> {
  const fields: Partial<Record<FieldName, string | null>> = {};
  for (const field of FIELD_NAMES) fields[field] = row[field];
  return fields;
}

/** Per-field provenance as the core reads it; a damaged column reads as none (the row's own provenance). */
function metaOf(text: string | null): StoredRecord['fieldMeta'] {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Record<string, { source: string; confidence: number; fetched_at: string }>;
    const out: NonNullable<StoredRecord['fieldMeta']> = {};
    for (const [field, meta] of Object.entries(parsed)) {
      out[field as FieldName] = { source: meta.source, confidence: meta.confidence, fetchedAt: new Date(meta.fetched_at) };
    }
    return out;
  } catch {
    return null;
  }
}

function toPerson(row: Selectable<PeopleTable>): StoredRecord {
  return { fields: fieldsOf(row), source: row.source, domainKey: row.domain_key, fetchedAt: new Date(row.fetched_at), fieldMeta: metaOf(row.field_meta) };
}

function toCompany(row: Selectable<CompaniesTable>): StoredCompany {
  return { fields: fieldsOf(row), source: row.source, domainKey: row.domain_key, nameKey: row.name_key, fetchedAt: new Date(row.fetched_at), fieldMeta: metaOf(row.field_meta) };
}

/**
 * A company the store knows only through its people: the name most of them give (ties: the first in
 * order), under their registrable domain. Operator data, so the newest of their rows dates it.
 */
async function companyFromPeople(db: Kysely<Database>, column: 'domain_key' | 'company_name_key', key: string): Promise<StoredCompany | null> {
  const row = await db
    .selectFrom('people')
    .select((eb) => ['company_name', 'domain_key', eb.fn.countAll<number>().as('n'), eb.fn.max('fetched_at').as('fetched_at')])
    .where(column, '=', key)
    .where('company_name', 'is not', null)
    .where('domain_key', 'is not', null)
    .groupBy(['company_name', 'domain_key'])
    .orderBy('n', 'desc')
    .orderBy('domain_key')
    .orderBy('company_name')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined || row.company_name === null || row.domain_key === null) return null;
  return {
    fields: { company_name: row.company_name },
    source: 'people',
    domainKey: row.domain_key,
    nameKey: companyNameKey(row.company_name),
    fetchedAt: new Date(String(row.fetched_at)),
    fieldMeta: null,
  };
}

/** The store source's reads, over Kysely (SQLite or PostgreSQL alike). Every lookup uses an index. */
export function createStoreReader(db: Kysely<Database>): StoreReader {
  return {
    async personByEmailKey(key) {
      const row = await db.selectFrom('people').selectAll().where('email_key', '=', key).executeTakeFirst();
      return row ? toPerson(row) : null;
    },
    async personByPersonalEmailKey(key) {
      const row = await db.selectFrom('people').selectAll().where('personal_email_key', '=', key).orderBy('email_key').executeTakeFirst();
      return row ? toPerson(row) : null;
    },
    companyFromPeopleByDomain: (domain) => companyFromPeople(db, 'domain_key', domain),
    companyFromPeopleByNameKey: (key) => companyFromPeople(db, 'company_name_key', key),
    async companyByDomain(domain) {
      const row = await db.selectFrom('companies').selectAll().where('domain_key', '=', domain).executeTakeFirst();
      return row ? toCompany(row) : null;
    },
    async companyByNameKey(key) {
      const row = await db.selectFrom('companies').selectAll().where('name_key', '=', key).orderBy('domain_key').executeTakeFirst();
      return row ? toCompany(row) : null;
    },
    async companiesSharingTokens(tokens, limit) {
      if (tokens.length === 0) return [];
      // The companies that share the most words with the name first, so a common word cannot crowd out the best match.
      const ranked = db
        .selectFrom('company_name_tokens')
        .select((eb) => ['domain_key', eb.fn.countAll<number>().as('shared')])
        .where('token', 'in', [...new Set(tokens)])
        .groupBy('domain_key')
        .orderBy('shared', 'desc')
        .orderBy('domain_key')
        .limit(limit)
        .as('ranked');
      const rows = await db
        .selectFrom(ranked)
        .innerJoin('companies', 'companies.domain_key', 'ranked.domain_key')
        .selectAll('companies')
        .execute();
      return rows.map(toCompany);
    },
  };
}

/** The cache generation: bumped by every write that changes what the store answers. */
export async function readGeneration(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('store_meta').select('value').where('key', '=', 'generation').executeTakeFirst();
  return Number(row?.value ?? 0);
}

export async function countPeople(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('people').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

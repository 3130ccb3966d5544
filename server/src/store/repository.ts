import DataLoader from 'dataloader';
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

/** Rows of one point lookup asked at once: a batch is one `IN` query, kept small enough for any planner. */
const MAX_KEYS_PER_QUERY = 200;

/**
 * A point lookup whose concurrent calls share one query: every call made while the same promise jobs
 * run (the rows of a batch chunk, concurrent requests) is answered by one `WHERE column IN (...)`
 * round trip instead of one each. Nothing is remembered between batches (DataLoader's cache is off),
 * so an answer is never older than its query. Where several rows share a key, the first in the query's
 * order is taken: the row a lookup of that key alone would have returned.
 */
function batchedLookup<Row, Out>(
  query: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string | null,
  toOut: (row: Row) => Out,
): (key: string) => Promise<Out | null> {
  const loader = new DataLoader<string, Out | null>(
    async (keys) => {
      const found = new Map<string, Out>();
      for (const row of await query(keys)) {
        const key = keyOf(row);
        if (key !== null && !found.has(key)) found.set(key, toOut(row));
      }
      return keys.map((key) => found.get(key) ?? null);
    },
    { cache: false, maxBatchSize: MAX_KEYS_PER_QUERY },
  );
  return (key) => loader.load(key);
}

/**
 * A company the store knows only through its people: the name most of them give (ties: the first in
 * order), under their registrable domain. Operator data, so the newest of their rows dates it. Keys
 * asked at once are grouped in one query, which keeps one group per key (its first in that order), so
 * a key with many names (a free-mail domain) sends back one row, not all of them.
 */
function companyFromPeople(db: Kysely<Database>, column: 'domain_key' | 'company_name_key'): (key: string) => Promise<StoredCompany | null> {
  return batchedLookup(
    (keys) => {
      const groups = db
        .selectFrom('people')
        .select((eb) => [
          eb.ref(column).as('key'),
          'company_name',
          'domain_key',
          eb.fn.max('fetched_at').as('fetched_at'),
          eb.fn
            .agg<number>('row_number')
            .over((over) => over.partitionBy(column).orderBy(eb.fn.countAll(), 'desc').orderBy('domain_key').orderBy('company_name'))
            .as('rank'),
        ])
        .where(column, 'in', keys)
        .where('company_name', 'is not', null)
        .where('domain_key', 'is not', null)
        .groupBy([column, 'company_name', 'domain_key'])
        .as('groups');
      return db.selectFrom(groups).selectAll().where('rank', '=', 1).execute();
    },
    (row) => (row.company_name === null || row.domain_key === null ? null : row.key),
    (row) => ({
      fields: { company_name: row.company_name },
      source: 'people',
      domainKey: row.domain_key,
      nameKey: row.company_name === null ? null : companyNameKey(row.company_name),
      fetchedAt: new Date(String(row.fetched_at)),
      fieldMeta: null,
    }),
  );
}

/** The store source's reads, over Kysely (SQLite or PostgreSQL alike). Every lookup uses an index; point lookups made at once share a query. */
export function createStoreReader(db: Kysely<Database>): StoreReader {
  return {
    personByEmailKey: batchedLookup(
      (keys) => db.selectFrom('people').selectAll().where('email_key', 'in', keys).execute(),
      (row) => row.email_key,
      toPerson,
    ),
    personByPersonalEmailKey: batchedLookup(
      (keys) => db.selectFrom('people').selectAll().where('personal_email_key', 'in', keys).orderBy('email_key').execute(),
      (row) => row.personal_email_key,
      toPerson,
    ),
    companyFromPeopleByDomain: companyFromPeople(db, 'domain_key'),
    companyFromPeopleByNameKey: companyFromPeople(db, 'company_name_key'),
    companyByDomain: batchedLookup(
      (keys) => db.selectFrom('companies').selectAll().where('domain_key', 'in', keys).execute(),
      (row) => row.domain_key,
      toCompany,
    ),
    companyByNameKey: batchedLookup(
      (keys) => db.selectFrom('companies').selectAll().where('name_key', 'in', keys).orderBy('domain_key').execute(),
      (row) => row.name_key,
      toCompany,
    ),
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

import type { Kysely, Selectable } from 'kysely';
import { FIELD_NAMES, type FieldName } from '../enrichment/fields';
import type { StoreReader, StoredCompany, StoredRecord } from '../enrichment/sources/store';
import type { CompaniesTable, Database, PeopleTable } from './schema';

function fieldsOf(row: Selectable<PeopleTable> | Selectable<CompaniesTable>): Partial<Record<FieldName, string | null>> {
  const fields: Partial<Record<FieldName, string | null>> = {};
  for (const field of FIELD_NAMES) fields[field] = row[field];
  return fields;
}

function toCompany(row: Selectable<CompaniesTable>): StoredCompany {
  return { fields: fieldsOf(row), source: row.source, domainKey: row.domain_key, nameKey: row.name_key, fetchedAt: new Date(row.fetched_at) };
}

/** The store source's reads, over Kysely (SQLite or PostgreSQL alike). Every lookup uses an index. */
export function createStoreReader(db: Kysely<Database>): StoreReader {
  return {
    async personByEmailKey(key) {
      const row = await db.selectFrom('people').selectAll().where('email_key', '=', key).executeTakeFirst();
      return row ? ({ fields: fieldsOf(row), source: row.source, domainKey: row.domain_key, fetchedAt: new Date(row.fetched_at) } satisfies StoredRecord) : null;
    },
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

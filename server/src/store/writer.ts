import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { FIELD_NAMES, type FieldName } from '../enrichment/fields';
import { companyNameKey, companyNameTokens, emailKey, registrableDomain } from '../enrichment/identifiers';
import type { CompaniesTable, Database, PeopleTable } from './schema';

export type RecordKind = 'person' | 'company';

/** One validated input record, before keys are computed. */
export interface RecordInput {
  /** The person's lookup email (people) or the company's domain (companies). */
  readonly naturalId: string;
  /** People: the company's domain when it differs from the email's. */
  readonly domain?: string;
  readonly fields: Partial<Record<FieldName, string>>;
  readonly source: string;
  /** When the data was produced; the write time when absent. */
  readonly fetchedAt?: string;
  /** Per-field provenance (write-back of live values); operator imports leave it out. */
  readonly fieldMeta?: FieldMeta;
}

/** The provenance of one stored value. */
export interface StoredFieldMeta {
  readonly source: string;
  readonly confidence: number;
  readonly fetched_at: string;
}

export type FieldMeta = Partial<Record<FieldName, StoredFieldMeta>>;

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

type Row<K extends RecordKind> = K extends 'person' ? Insertable<PeopleTable> : Insertable<CompaniesTable>;

function fieldColumns(fields: Partial<Record<FieldName, string>>): Record<FieldName, string | null> {
  const out = {} as Record<FieldName, string | null>;
  for (const field of FIELD_NAMES) {
    const value = fields[field];
    out[field] = value === undefined || value === '' ? null : value;
  }
  return out;
}

function toRow(kind: RecordKind, input: RecordInput, now: string): Row<RecordKind> {
  const common = {
    ...fieldColumns(input.fields),
    source: input.source,
    fetched_at: input.fetchedAt ?? now,
    updated_at: now,
    field_meta: input.fieldMeta === undefined ? null : JSON.stringify(input.fieldMeta),
  };
  if (kind === 'person') {
    return {
      ...common,
      email_key: emailKey(input.naturalId),
      email: input.naturalId.trim().toLowerCase(),
      domain_key: registrableDomain(input.domain ?? input.naturalId),
      personal_email_key: input.fields.personal_email ? emailKey(input.fields.personal_email) : null,
      company_name_key: input.fields.company_name ? companyNameKey(input.fields.company_name) : null,
    } satisfies Insertable<PeopleTable>;
  }
  const domainKey = registrableDomain(input.naturalId);
  if (domainKey === null) throw new Error(`no registrable domain in ${input.naturalId}`);
  return {
    ...common,
    domain_key: domainKey,
    domain: input.naturalId.trim().toLowerCase(),
    name_key: input.fields.company_name ? companyNameKey(input.fields.company_name) : null,
  } satisfies Insertable<CompaniesTable>;
}

/** The columns that decide whether a re-import changed a row (not its timestamps). */
const COMPARED = [...FIELD_NAMES, 'source', 'email', 'domain_key', 'domain', 'name_key', 'field_meta', 'personal_email_key', 'company_name_key'] as const;

function sameRow(existing: Record<string, unknown>, next: Record<string, unknown>): boolean {
  return COMPARED.every((column) => !(column in next) || (existing[column] ?? null) === (next[column] ?? null));
}

const INSERT_CHUNK = 200;

/**
 * Upserts one batch in one transaction: rows that are new are inserted, rows that differ are updated,
 * identical rows are left alone (so re-importing a file changes nothing). Company name tokens follow
 * their company. The cache generation is bumped when anything changed. Later duplicates of a key in
 * the same batch win.
 */
export async function writeBatch(
  db: Kysely<Database>,
  kind: RecordKind,
  inputs: readonly RecordInput[],
  now = new Date(),
  options: { bumpGeneration?: boolean; refreshUnchanged?: boolean } = {},
): Promise<WriteCounts> {
  const stamp = now.toISOString();
  const byKey = new Map<string, Row<RecordKind>>();
  for (const input of inputs) {
    const row = toRow(kind, input, stamp);
    byKey.set(kind === 'person' ? (row as Insertable<PeopleTable>).email_key : (row as Insertable<CompaniesTable>).domain_key, row);
  }
  const keys = [...byKey.keys()];
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (keys.length === 0) return counts;

  await db.transaction().execute(async (trx) => {
    const existing = new Map<string, Record<string, unknown>>();
    if (kind === 'person') {
      for (const row of await trx.selectFrom('people').selectAll().where('email_key', 'in', keys).execute()) existing.set(row.email_key, row);
    } else {
      for (const row of await trx.selectFrom('companies').selectAll().where('domain_key', 'in', keys).execute()) existing.set(row.domain_key, row);
    }
    const inserts: Row<RecordKind>[] = [];
    const changedCompanies: Insertable<CompaniesTable>[] = [];
    for (const [key, row] of byKey) {
      const before = existing.get(key);
      if (before === undefined) {
        inserts.push(row);
        counts.inserted += 1;
      } else if (sameRow(before, row as Record<string, unknown>)) {
        counts.unchanged += 1;
        // A live lookup that found the same values again still makes them fresh.
        if (options.refreshUnchanged) {
          if (kind === 'person') await trx.updateTable('people').set({ fetched_at: row.fetched_at }).where('email_key', '=', key).execute();
          else await trx.updateTable('companies').set({ fetched_at: row.fetched_at }).where('domain_key', '=', key).execute();
        }
        continue;
      } else {
        counts.updated += 1;
        if (kind === 'person') await trx.updateTable('people').set(row as Insertable<PeopleTable>).where('email_key', '=', key).execute();
        else await trx.updateTable('companies').set(row as Insertable<CompaniesTable>).where('domain_key', '=', key).execute();
      }
      if (kind === 'company') changedCompanies.push(row as Insertable<CompaniesTable>);
    }
    for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
      const chunk = inserts.slice(i, i + INSERT_CHUNK);
      if (kind === 'person') await trx.insertInto('people').values(chunk as Insertable<PeopleTable>[]).execute();
      else await trx.insertInto('companies').values(chunk as Insertable<CompaniesTable>[]).execute();
    }
    if (changedCompanies.length > 0) await rewriteNameTokens(trx, changedCompanies);
    if (counts.inserted + counts.updated > 0 && options.bumpGeneration !== false) await bumpGeneration(trx);
  });
  return counts;
}

async function rewriteNameTokens(trx: Transaction<Database>, companies: readonly Insertable<CompaniesTable>[]): Promise<void> {
  const domains = companies.map((c) => c.domain_key);
  await trx.deleteFrom('company_name_tokens').where('domain_key', 'in', domains).execute();
  const tokens = companies.flatMap((c) =>
    [...new Set(c.company_name ? companyNameTokens(c.company_name) : [])].map((token) => ({ token, domain_key: c.domain_key })),
  );
  for (let i = 0; i < tokens.length; i += 1000) await trx.insertInto('company_name_tokens').values(tokens.slice(i, i + 1000)).execute();
}

/** Bumps the cache generation in one statement: cached answers made before this write are no longer served. */
export async function bumpGeneration(db: Kysely<Database> | Transaction<Database>): Promise<void> {
  await db
    .updateTable('store_meta')
    .set({ value: sql<string>`cast(cast(value as integer) + 1 as text)` })
    .where('key', '=', 'generation')
    .execute();
}

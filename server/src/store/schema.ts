import type { FieldName } from '../enrichment/fields';
import type { BatchTables } from './batchSchema';

/** The 19 enrichment fields as nullable text columns. */
export type FieldColumns = { [K in FieldName]: string | null };

interface Provenance {
  /** Who supplied the row: the importer's `--source` (default `import`), `sample`, or a live source. */
  source: string;
  /** When the data was produced (ISO 8601). */
  fetched_at: string;
  /** When this row last changed (ISO 8601). */
  updated_at: string;
  /**
   * JSON `{ field: { source, confidence, fetched_at } }` for values a live source wrote back, each with
   * its own provenance; null (or a field absent from it) means the row's `source` and `fetched_at`.
   */
  field_meta: string | null;
}

/** A person, found by the normalised email; linked to a company by registrable domain. */
export interface PeopleTable extends FieldColumns, Provenance {
  /** Natural key: `emailKey(email)`. */
  email_key: string;
  email: string;
  /** Registrable domain of the person's company (from the email, or given). */
  domain_key: string | null;
  /** `emailKey(personal_email)`: a person is found by their personal address too. */
  personal_email_key: string | null;
  /** `companyNameKey(company_name)`: a company known only through its people is found by name. */
  company_name_key: string | null;
}

/** A company, found by registrable domain or by normalised name. */
export interface CompaniesTable extends FieldColumns, Provenance {
  /** Natural key: registrable domain. */
  domain_key: string;
  domain: string;
  /** `companyNameKey(company_name)`, for exact name matches. */
  name_key: string | null;
}

/** One row per (company, word of its name), for fuzzy name matching without a table scan. */
export interface CompanyNameTokensTable {
  domain_key: string;
  token: string;
}

/** Small key/value facts about the store, such as the cache generation. */
export interface StoreMetaTable {
  key: string;
  value: string;
}

/** API keys, stored only as SHA-256 hashes. */
export interface ApiKeysTable {
  /** `key_` + 16 hex: how operators name a key (never the secret). */
  id: string;
  tenant: string;
  name: string | null;
  /** Hex SHA-256 of the whole key. */
  key_hash: string;
  /** The prefix and first characters, for people to recognise a key. */
  key_hint: string;
  /** Per-key windows (`100/m,1000/h,10000/d`); the server default when null. */
  limits: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  /** The id of the key that replaced this one (`keys rotate`): a key is rotated once. */
  replaced_by: string | null;
}

export interface Database extends BatchTables {
  api_keys: ApiKeysTable;
  people: PeopleTable;
  companies: CompaniesTable;
  company_name_tokens: CompanyNameTokensTable;
  store_meta: StoreMetaTable;
}

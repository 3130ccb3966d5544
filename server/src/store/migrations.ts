import { type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { FIELD_NAMES } from '../enrichment/fields';
import { batchJobsMigration } from './batchJobsMigration';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe tables that the current types may no longer match */

/**
 * Versioned migrations, in order. Never edit one that has shipped: add the next. Column types are
 * portable between SQLite and PostgreSQL (text keys, ISO 8601 text timestamps).
 */
const MIGRATIONS: Record<string, Migration> = {
  '001_people_companies': {
    async up(db: Kysely<any>) {
      let people = db.schema
        .createTable('people')
        .addColumn('email_key', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('domain_key', 'text');
      for (const field of FIELD_NAMES) people = people.addColumn(field, 'text');
      await people
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('people_domain_key').on('people').column('domain_key').execute();

      let companies = db.schema
        .createTable('companies')
        .addColumn('domain_key', 'text', (c) => c.primaryKey())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text');
      for (const field of FIELD_NAMES) companies = companies.addColumn(field, 'text');
      await companies
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('companies_name_key').on('companies').column('name_key').execute();

      await db.schema
        .createTable('company_name_tokens')
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('domain_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('company_name_tokens_pk', ['token', 'domain_key'])
        .execute();
      await db.schema.createIndex('company_name_tokens_domain').on('company_name_tokens').column('domain_key').execute();

      await db.schema
        .createTable('store_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('store_meta').values({ key: 'generation', value: '0' }).execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['store_meta', 'company_name_tokens', 'companies', 'people']) await db.schema.dropTable(table).execute();
    },
  },
  '002_api_keys': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_hint', 'text', (c) => c.notNull())
        .addColumn('limits', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_tenant').on('api_keys').column('tenant').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('api_keys').execute();
    },
  },
  '003_batch_jobs': batchJobsMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

import { type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { FIELD_NAMES } from '../enrichment/fields';
import { companyNameKey, emailKey } from '../enrichment/identifiers';
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
  '003_field_provenance': {
    // Per-field provenance for values live sources write back, and the keys that find a person by their
    // personal address and a company by the name its people give. Existing rows keep their row-level
    // provenance (field_meta null), so an upgraded store answers as before. The keys are computed with
    // today's normalisation (it is the one the API looks up with), in batches, on both dialects.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('people').addColumn('field_meta', 'text').execute();
      await db.schema.alterTable('companies').addColumn('field_meta', 'text').execute();
      await db.schema.alterTable('people').addColumn('personal_email_key', 'text').execute();
      await db.schema.alterTable('people').addColumn('company_name_key', 'text').execute();
      let after = '';
      for (;;) {
        const rows: Array<{ email_key: string; personal_email: string | null; company_name: string | null }> = await db
          .selectFrom('people')
          .select(['email_key', 'personal_email', 'company_name'])
          .where('email_key', '>', after)
          .orderBy('email_key')
          .limit(1000)
          .execute();
        if (rows.length === 0) break;
        for (const row of rows) {
          const personal = row.personal_email ? emailKey(row.personal_email) : null;
          const name = row.company_name ? companyNameKey(row.company_name) : null;
          if (personal !== null || name !== null) {
            await db.updateTable('people').set({ personal_email_key: personal, company_name_key: name }).where('email_key', '=', row.email_key).execute();
          }
        }
        after = rows[rows.length - 1]!.email_key;
      }
      await db.schema.createIndex('people_personal_email_key').on('people').column('personal_email_key').execute();
      await db.schema.createIndex('people_company_name_key').on('people').column('company_name_key').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('people_company_name_key').execute();
      await db.schema.dropIndex('people_personal_email_key').execute();
      for (const column of ['company_name_key', 'personal_email_key', 'field_meta']) await db.schema.alterTable('people').dropColumn(column).execute();
      await db.schema.alterTable('companies').dropColumn('field_meta').execute();
    },
  },
  // Batch jobs (their own file); after the provenance migration.
  '004_batch_jobs': batchJobsMigration,
  '005_api_key_rotation': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('api_keys').addColumn('replaced_by', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('api_keys').dropColumn('replaced_by').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

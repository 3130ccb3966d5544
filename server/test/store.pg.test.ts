import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase } from '../src/store/db';
import { storeSuite } from './storeSuite';

// Set by .ci/run; on a machine without PostgreSQL, unset it to skip (the reason is printed).
const url = process.env['DATABASE_URL_TEST'];
const required = process.env['CI'] === 'true';
if (url === undefined && required) throw new Error('CI=true but DATABASE_URL_TEST is not set: .ci/run must set it');

if (url === undefined && !required) {
  // eslint-disable-next-line no-console
  console.warn('store.pg.test.ts skipped: DATABASE_URL_TEST is not set (e.g. postgres://postgres@127.0.0.1:5432/test)');
}

(url === undefined ? describe.skip : describe)('store on PostgreSQL (a real server)', () => {
  // Each test gets its own schema, dropped afterwards.
  storeSuite(
    async () => {
      const schema = `enrich_test_${randomBytes(6).toString('hex')}`;
      const admin = new Client({ connectionString: url! });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      return Object.assign(openDatabase(url!, { schema, poolSize: 2 }), { schema });
    },
    async (store) => {
      await store.close();
      const admin = new Client({ connectionString: url! });
      await admin.connect();
      await admin.query(`drop schema ${(store as typeof store & { schema: string }).schema} cascade`);
      await admin.end();
    },
  );
});

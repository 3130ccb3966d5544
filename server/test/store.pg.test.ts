import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
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

(url === undefined ? describe.skip : describe)('a PostgreSQL connection terminated inside a transaction (a real server)', () => {
  it('fails that transaction, not the process, and the next query gets a fresh connection', async () => {
    const store = openDatabase(url!, { poolSize: 1 });
    const admin = new Client({ connectionString: url! });
    await admin.connect();
    try {
      const transaction = store.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const pid = rows[0]!.pid;
        await admin.query('select pg_terminate_backend($1)', [pid]);
        // The backend is gone once it leaves pg_stat_activity; its goodbye reaches our idle client meanwhile.
        while ((await admin.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount !== 0);
        await sql`select 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await store.close();
    }
  });
});

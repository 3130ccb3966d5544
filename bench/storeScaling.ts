// Store lookup latency as the store grows: 10k, 100k and 1M generated people (not committed), in
// SQLite and PostgreSQL, through the same reader the store source uses. Rows are generated inside the
// database (recursive CTE / generate_series), so building 1M rows takes seconds, not minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../server/src/store/db';
import { createStoreReader } from '../server/src/store/repository';

const SIZES = [10_000, 100_000, 1_000_000];
const LOOKUPS = 2000;

export async function fill(store: OpenedDatabase, from: number, to: number): Promise<void> {
  const now = new Date().toISOString();
  if (store.dialect === 'sqlite') {
    await sql`
      with recursive n(i) as (select ${sql.lit(from)} union all select i + 1 from n where i < ${sql.lit(to - 1)})
      insert into people (email_key, email, domain_key, first_name, last_name, title, source, fetched_at, updated_at)
      select 'person' || i || '@company' || (i % 5000) || '.com', 'person' || i || '@company' || (i % 5000) || '.com',
             'company' || (i % 5000) || '.com', 'First' || i, 'Last' || i, 'Engineer', 'bench', ${now}, ${now} from n`.execute(store.db);
  } else {
    await sql`
      insert into people (email_key, email, domain_key, first_name, last_name, title, source, fetched_at, updated_at)
      select 'person' || i || '@company' || (i % 5000) || '.com', 'person' || i || '@company' || (i % 5000) || '.com',
             'company' || (i % 5000) || '.com', 'First' || i, 'Last' || i, 'Engineer', 'bench', ${now}, ${now}
      from generate_series(${from}::int, ${to - 1}::int) as i`.execute(store.db);
    await sql`analyze people`.execute(store.db);
  }
}

async function plan(store: OpenedDatabase): Promise<string> {
  if (store.dialect === 'sqlite') {
    const rows = await sql<{ detail: string }>`explain query plan select * from people where email_key = 'person1@company1.com'`.execute(store.db);
    return rows.rows.map((r) => r.detail).join('; ');
  }
  const rows = await sql<{ 'QUERY PLAN': string }>`explain select * from people where email_key = 'person1@company1.com'`.execute(store.db);
  return rows.rows[0]?.['QUERY PLAN'] ?? '';
}

export interface ScalingRow {
  dialect: string;
  people: number;
  p50: number;
  p99: number;
  plan: string;
}

/** `LOOKUPS` random lookups of people in a store of `size`, one at a time. */
async function lookups(store: OpenedDatabase, size: number): Promise<ScalingRow> {
  const reader = createStoreReader(store.db);
  const timings: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const n = Math.floor(Math.random() * size);
    const started = performance.now();
    const person = await reader.personByEmailKey(`person${n}@company${n % 5000}.com`);
    timings.push(performance.now() - started);
    if (person === null) throw new Error(`person${n} not found`);
  }
  timings.sort((a, b) => a - b);
  return { dialect: store.dialect, people: size, p50: timings[Math.floor(LOOKUPS * 0.5)]!, p99: timings[Math.floor(LOOKUPS * 0.99)]!, plan: await plan(store) };
}

/**
 * Grows both stores through the sizes: at each size PostgreSQL fills in its server while SQLite fills
 * here (the fills are most of this part's time: 1M people take ~10 s in PostgreSQL and ~9 s in
 * SQLite), then each store's lookups are measured alone.
 */
async function measure(sqlite: OpenedDatabase, pg: OpenedDatabase | null): Promise<ScalingRow[]> {
  await migrateToLatest(sqlite.db);
  if (pg) await migrateToLatest(pg.db);
  const rows = { sqlite: [] as ScalingRow[], pg: [] as ScalingRow[] };
  let filled = 0;
  for (const size of SIZES) {
    const pgFilled = pg ? fill(pg, filled, size) : null;
    // SQLite's fill holds this thread until it ends. The PostgreSQL statement is given up to 100 ms to
    // leave first (its pooled connection is open, from the migration); if it has not, the fills run in turn.
    if (pgFilled) await Promise.race([pgFilled, new Promise((resolve) => setTimeout(resolve, 100))]);
    await fill(sqlite, filled, size);
    await pgFilled;
    filled = size;
    rows.sqlite.push(await lookups(sqlite, size));
    if (pg) rows.pg.push(await lookups(pg, size));
  }
  return [...rows.sqlite, ...rows.pg];
}

export async function storeScaling(postgresUrl: string | undefined): Promise<ScalingRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-scaling-'));
  const schema = `enrich_bench_${Date.now()}`;
  const admin = postgresUrl ? new Client({ connectionString: postgresUrl }) : null;
  const sqlite = openDatabase(`sqlite:${path.join(dir, 'scaling.db')}`);
  let pg: OpenedDatabase | null = null;
  try {
    if (postgresUrl && admin) {
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      pg = openDatabase(postgresUrl, { schema, poolSize: 2 });
    }
    return await measure(sqlite, pg);
  } finally {
    // Each step on its own: a failed one does not leave the others (a million rows in the test database) undone.
    const warn = (what: string) => (error: Error) => process.stderr.write(`store scaling: ${what}: ${error.message}\n`);
    await sqlite.close().catch(warn('closing SQLite'));
    await pg?.close().catch(warn('closing PostgreSQL'));
    rmSync(dir, { recursive: true, force: true });
    if (admin) {
      await admin.query(`drop schema if exists ${schema} cascade`).catch(warn(`schema ${schema} not dropped`));
      await admin.end().catch(() => undefined);
    }
  }
}

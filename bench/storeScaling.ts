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

async function measure(store: OpenedDatabase): Promise<ScalingRow[]> {
  await migrateToLatest(store.db);
  const reader = createStoreReader(store.db);
  const rows: ScalingRow[] = [];
  let filled = 0;
  for (const size of SIZES) {
    await fill(store, filled, size);
    filled = size;
    const timings: number[] = [];
    for (let i = 0; i < LOOKUPS; i += 1) {
      const n = Math.floor(Math.random() * size);
      const started = performance.now();
      const person = await reader.personByEmailKey(`person${n}@company${n % 5000}.com`);
      timings.push(performance.now() - started);
      if (person === null) throw new Error(`person${n} not found`);
    }
    timings.sort((a, b) => a - b);
    rows.push({ dialect: store.dialect, people: size, p50: timings[Math.floor(LOOKUPS * 0.5)]!, p99: timings[Math.floor(LOOKUPS * 0.99)]!, plan: await plan(store) });
  }
  return rows;
}

export async function storeScaling(postgresUrl: string | undefined): Promise<ScalingRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-scaling-'));
  const rows: ScalingRow[] = [];
  const sqlite = openDatabase(`sqlite:${path.join(dir, 'scaling.db')}`);
  try {
    rows.push(...(await measure(sqlite)));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (postgresUrl) {
    const schema = `enrich_bench_${Date.now()}`;
    const admin = new Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const pg = openDatabase(postgresUrl, { schema, poolSize: 2 });
    try {
      rows.push(...(await measure(pg)));
    } finally {
      await pg.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
  return rows;
}

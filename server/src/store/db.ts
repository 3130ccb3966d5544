import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** A cheap query that fails when the database is not reachable. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: the schema to use (tests isolate themselves in one). */
  readonly schema?: string;
  /** PostgreSQL pool size. */
  readonly poolSize?: number;
}

function opened(db: Kysely<Database>, dialect: DialectName): OpenedDatabase {
  return {
    db,
    dialect,
    ping: async () => {
      await sql`select 1`.execute(db);
      return true;
    },
    close: () => db.destroy(),
  };
}

/**
 * Kysely's SQLite driver prepares every statement on every execution; the store's lookups are the same
 * few SQL strings with different parameters, so prepared statements are kept and reused (bounded, in
 * case a caller builds many distinct statements). better-sqlite3 statements run synchronously, so a
 * reused statement is never in use twice at once.
 */
function cacheStatements(sqlite: SQLite.Database, max = 256): void {
  const prepared = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = prepared.get(source);
    if (statement === undefined) {
      if (prepared.size >= max) prepared.clear();
      statement = prepare(source);
      prepared.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * Opens `sqlite:<file>` (relative to the working directory; `sqlite::memory:` for memory) with
 * better-sqlite3, or `postgres://...` with a pg pool. One Kysely code path serves both.
 */
export function openDatabase(url: string, options: OpenOptions = {}): OpenedDatabase {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    cacheStatements(sqlite);
    return opened(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), 'sqlite');
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 2000,
      ...(options.schema !== undefined && { options: `-c search_path=${options.schema}` }),
    });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => undefined);
    // Nor one that is checked out (inside a transaction, between statements) when its backend is
    // terminated: the pool takes its idle listener off while it is lent, the statement it runs fails
    // on its own, and the pool drops the broken client when it comes back.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return opened(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }
  throw new Error(`unsupported database URL (expected sqlite:<file> or postgres://...): ${url.replace(/\/\/[^@]*@/, '//<credentials>@')}`);
}

/** Brings the schema to the newest migration. Throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

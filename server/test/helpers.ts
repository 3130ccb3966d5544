import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Express } from 'express';
import { buildApp, type AppDeps } from '../src/app';
import { assemble, composeParts, type Parts } from '../src/composition';
import type { Foundations } from '../src/foundations';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';
import { createMetrics } from '../src/observability/metrics';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';

export const TEST_KEY = 'enr_test_http-suite-key-0123456789';
export const OTHER_TENANT_KEY = 'enr_test_other-tenant-key-abcdef';
export const AUTH = { Authorization: `Bearer ${TEST_KEY}` };

export interface TestApp {
  readonly app: Express;
  readonly deps: AppDeps;
  /** Every log line the app wrote so far, raw. */
  logText(): string;
}

/** What a test may pass in place of the production ones: foundations (a scratch store, a clock) and named parts. */
export type TestParts = Partial<Omit<Foundations, 'logger'>> & Partial<Parts> & {
  /** An enrichment service answering in place of the assembled one (HTTP shaping tests). */
  readonly enrichment?: AppDeps['enrichment'];
};

/**
 * buildApp with test configuration, a captured logger and fresh metrics; `env` adjusts the
 * configuration, `replace` swaps foundations and named parts before the app is assembled.
 */
export function testApp(env: Record<string, string> = {}, replace: TestParts = {}): TestApp {
  const config = loadConfig({
    NODE_ENV: 'test',
    ENRICH_API_KEYS: `acme:${TEST_KEY},globex:${OTHER_TENANT_KEY}`,
    LOG_LEVEL: 'info',
    ...env,
  });
  const stream = new PassThrough();
  let captured = '';
  stream.on('data', (chunk: Buffer) => {
    captured += chunk.toString('utf8');
  });
  const { store, redis, now = Date.now, generation = { current: 0 }, metrics = createMetrics({ collectDefaults: false }), enrichment, ...swaps } = replace;
  const foundations: Foundations = {
    logger: createLogger({ level: config.logLevel, stream }),
    metrics,
    now,
    generation,
    ...(store && { store }),
    ...(redis && { redis }),
  };
  const assembled = assemble(config, foundations, { ...composeParts(config, foundations), ...swaps });
  const deps = enrichment ? { ...assembled, enrichment } : assembled;
  return { app: buildApp(deps), deps, logText: () => captured };
}

/**
 * A migrated SQLite store in a scratch file for the enclosing `describe`: opened before its tests,
 * closed and deleted after. Read `.store` inside tests.
 */
export function useScratchStore(): { readonly store: OpenedDatabase } {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-test-store-'));
  const holder: { store: OpenedDatabase } = { store: undefined as unknown as OpenedDatabase };
  beforeAll(async () => {
    holder.store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(holder.store.db);
  });
  afterAll(async () => {
    await holder.store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return holder;
}

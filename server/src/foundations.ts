import path from 'node:path';
import type { Redis } from 'ioredis';
import { createRedisClient, redisReady } from './cache/redisClient';
import type { Config } from './config';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { PROJECT_ROOT } from './paths';
import { migrateToLatest, openDatabase, type OpenedDatabase } from './store/db';
import { importFile } from './store/importer';
import { countPeople, readGeneration } from './store/repository';

const SAMPLE_DIR = path.join(PROJECT_ROOT, 'data/sample');

/** The current cache generation of the store, refreshed by `openFoundations` (tests set it directly). */
export interface GenerationTracker {
  current: number;
}

/**
 * What every part is built from: what the process opens (store, Redis), what it reports through
 * (logger, metrics) and its clock. `openFoundations` opens them from the configuration; tests pass
 * their own (a scratch store, a captured logger, a fixed clock).
 */
export interface Foundations {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly generation: GenerationTracker;
  /** The operator store; without it only the derived and live sources answer, and batch answers 503. */
  readonly store?: OpenedDatabase;
  readonly redis?: Redis;
}

/** Loads data/sample into an empty store (source `sample`). Returns the people loaded, 0 when the store had data. */
export async function loadSampleData(store: OpenedDatabase, sampleDir = SAMPLE_DIR): Promise<number> {
  if ((await countPeople(store.db)) > 0) return 0;
  await importFile(store.db, { file: path.join(sampleDir, 'companies.csv'), kind: 'company', source: 'sample', rejectsFile: '/dev/null' });
  const people = await importFile(store.db, { file: path.join(sampleDir, 'people.csv'), kind: 'person', source: 'sample', rejectsFile: '/dev/null' });
  return people.inserted;
}

/**
 * Opens what the configuration names: the logger and metrics, the store (migrated, sample data
 * loaded when asked, its cache generation polled) and Redis. `close` releases the store and Redis.
 */
export async function openFoundations(config: Config): Promise<Foundations & { close(): Promise<void> }> {
  const logger = createLogger({ level: config.logLevel });
  const store = openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(store.db);
  if (applied.length > 0) logger.info('store migrated', { migrations: applied, dialect: store.dialect });
  if (config.sampleData) {
    const loaded = await loadSampleData(store);
    if (loaded > 0) logger.info('sample data loaded', { people: loaded });
  }
  const generation: GenerationTracker = { current: await readGeneration(store.db) };
  const poll = setInterval(() => {
    readGeneration(store.db).then(
      (value) => (generation.current = value),
      () => undefined, // an unreachable store shows in /ready and in answers; the last generation stays
    );
  }, config.storePollMs);
  poll.unref();
  const redis = config.redisUrl ? createRedisClient(config.redisUrl) : undefined;
  if (redis && !(await redisReady(redis, 2000))) {
    logger.warn('redis not reachable at start; serving without the shared cache until it is', { event: 'cache_unavailable' });
  }
  return {
    logger,
    metrics: createMetrics({ collectDefaults: config.env !== 'test' }),
    now: Date.now,
    generation,
    store,
    ...(redis && { redis }),
    async close() {
      clearInterval(poll);
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await store.close();
    },
  };
}

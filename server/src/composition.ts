import path from 'node:path';
import freeMailboxDomains from 'email-providers/all.json';
import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { createKeyStore } from './access/keyStore';
import type { Metrics } from './observability/metrics';
import type { AppDeps } from './app';
import { createMemoryCache } from './cache/memory';
import { createRedisCache } from './cache/redis';
import { createRedisClient, redisReady } from './cache/redisClient';
import type { Config } from './config';
import { createDomainListCheck } from './enrichment/domainLists';
import { createDerivedSource } from './enrichment/sources/derived';
import { createStoreSource } from './enrichment/sources/store';
import { createWebSource } from './enrichment/sources/web';
import { createDnsSource } from './enrichment/sources/dns';
import { createProviderSource } from './enrichment/sources/provider';
import { createOutbound } from './outbound/guard';
import { createDnsLookups } from './outbound/dns';
import { createWriteBack } from './store/writeBack';
import type { Source } from './enrichment/engine';
import type { ReadinessCheck } from './http/operations/ready';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { PROJECT_ROOT } from './paths';
import { loadSpec } from './spec';
import { migrateToLatest, openDatabase, type OpenedDatabase } from './store/db';
import { importFile } from './store/importer';
import { countPeople, createStoreReader, readGeneration } from './store/repository';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require(path.join(PROJECT_ROOT, 'package.json')) as { version: string };

const SAMPLE_DIR = path.join(PROJECT_ROOT, 'data/sample');

export interface Infrastructure {
  /** The operator store; without it only the derived source answers. */
  readonly store?: OpenedDatabase;
  readonly redis?: Redis;
}

/** The current cache generation of the store, refreshed by `main` (tests set it directly). */
export interface GenerationTracker {
  current: number;
}

/** The production wiring of buildApp's dependencies; tests override what they need. */
export function createDeps(
  config: Config,
  overrides: Partial<AppDeps> & Infrastructure & { generation?: GenerationTracker } = {},
): AppDeps {
  const now = overrides.now ?? Date.now;
  const logger: Logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const isFreeMailbox = createDomainListCheck(freeMailboxDomains as string[]);
  const isDisposableMailbox = createDomainListCheck(disposableEmailBlocklist() as string[]);
  const clock = () => new Date(now());
  const derived = createDerivedSource({ isFreeMailbox, isDisposableMailbox, now: clock });
  const sources: Source[] = overrides.store
    ? [createStoreSource({ reader: createStoreReader(overrides.store.db), isFreeMailbox, liveMaxAgeMs: config.liveMaxAgeMs, now: clock }), derived]
    : [derived];
  // Live sources, after the store and what the identifiers imply: waterfall order cache -> store -> derived -> web/dns -> provider.
  const outbound = config.webLookups ? createOutbound({ testTargets: config.outboundTestTargets }) : null;
  if (outbound !== null) {
    sources.push(
      createWebSource({ fetchPage: (url, signal) => outbound.fetch(url, { signal }), isFreeMailbox, now: clock }),
      createDnsSource({ lookups: createDnsLookups(config.dnsServers), isFreeMailbox, now: clock }),
    );
    if (config.providerUrl !== null && config.providerKey !== null) {
      sources.push(createProviderSource({ baseUrl: config.providerUrl, apiKey: config.providerKey, request: (url, init) => outbound.fetch(url, init), now: clock }));
    }
  }
  const writeBackToStore = overrides.store && outbound !== null ? createWriteBack(overrides.store.db, isFreeMailbox) : undefined;
  const readinessChecks: ReadinessCheck[] = [];
  if (overrides.store) readinessChecks.push({ name: 'store', check: overrides.store.ping });
  if (overrides.redis) {
    const redis = overrides.redis;
    readinessChecks.push({ name: 'redis', check: async () => (await redis.ping()) === 'PONG' });
  }
  const generation = overrides.generation ?? { current: 0 };
  const metrics = overrides.metrics ?? createMetrics({ collectDefaults: config.env !== 'test' });
  if (overrides.redis) watchRedis(overrides.redis, logger, metrics);
  const redisLimiter = overrides.redis && redisLimiterFactory(overrides.redis);
  return {
    config,
    logger,
    metrics,
    spec: overrides.spec ?? loadSpec(),
    sources: overrides.sources ?? sources,
    readinessChecks: overrides.readinessChecks ?? readinessChecks,
    cache:
      overrides.cache ??
      (overrides.redis
        ? createRedisCache(overrides.redis, logger)
        : createMemoryCache({ maxEntries: config.cacheMaxEntries, maxBytes: config.cacheMaxBytes })),
    cachePolicy: overrides.cachePolicy ?? {
      ttlMs: config.cacheTtlMs,
      negativeTtlMs: config.cacheNegativeTtlMs,
      generation: () => generation.current,
    },
    now,
    version,
    ...(writeBackToStore && {
      writeBack: (identifiers, result, at) =>
        writeBackToStore(identifiers, result, at).catch((error: Error) => {
          logger.warn('could not keep live findings', { event: 'write_back_failed', error: error.message });
        }),
    }),
    ...(outbound !== null && { dispose: () => outbound.close() }),
    ...((overrides.makeLimiter ?? redisLimiter) && { makeLimiter: overrides.makeLimiter ?? redisLimiter }),
    ...((overrides.keyStore ?? overrides.store) && { keyStore: overrides.keyStore ?? createKeyStore(overrides.store!.db) }),
  };
}

/**
 * Rate-limit windows kept in Redis, so every instance spends one budget. Each has rate-limiter-flexible's
 * in-memory insurance limiter with the same quota: while Redis is unreachable every instance enforces
 * the full quota on its own (N instances may then admit up to N times the quota), and no request waits
 * on Redis or fails because of it.
 */
function redisLimiterFactory(redis: Redis) {
  return (name: string, points: number, seconds: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `enrich:rl:${name}`,
      points,
      duration: seconds,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `insurance:${name}`, points, duration: seconds }),
    });
}

/** Logs a Redis outage once when it starts and once when it ends, and counts outages. */
function watchRedis(redis: Redis, logger: Logger, metrics: Metrics): void {
  let down = false;
  const lost = (reason: string) => {
    if (down) return;
    down = true;
    metrics.redisOutages.inc();
    logger.warn('redis unreachable: limits enforced per instance, answers not cached', { event: 'redis_outage', reason });
  };
  redis.on('error', (error: Error) => lost(error.message));
  redis.on('close', () => lost('connection closed'));
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('redis reachable again', { event: 'redis_recovered' });
  });
}

/** Loads data/sample into an empty store (source `sample`). Returns the people loaded, 0 when the store had data. */
export async function loadSampleData(store: OpenedDatabase, sampleDir = SAMPLE_DIR): Promise<number> {
  if ((await countPeople(store.db)) > 0) return 0;
  await importFile(store.db, { file: path.join(sampleDir, 'companies.csv'), kind: 'company', source: 'sample', rejectsFile: '/dev/null' });
  const people = await importFile(store.db, { file: path.join(sampleDir, 'people.csv'), kind: 'person', source: 'sample', rejectsFile: '/dev/null' });
  return people.inserted;
}

/** Opens what the configuration names: the store (migrated, sample data loaded when asked) and Redis. */
export async function openInfrastructure(config: Config, logger: Logger): Promise<Infrastructure & { generation: GenerationTracker; close(): Promise<void> }> {
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
    store,
    ...(redis && { redis }),
    generation,
    async close() {
      clearInterval(poll);
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await store.close();
    },
  };
}

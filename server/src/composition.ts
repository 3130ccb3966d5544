import path from 'node:path';
import freeMailboxDomains from 'email-providers/all.json';
import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { createKeyStore } from './access/keyStore';
import { createBatchService } from './batch/service';
import { createBullDispatcher } from './batch/bullmq';
import type { Metrics } from './observability/metrics';
import type { AppDeps } from './app';
import { createMemoryCache } from './cache/memory';
import { createRedisCache } from './cache/redis';
import { createRedisClient, redisReady } from './cache/redisClient';
import type { Config } from './config';
import { createDomainListCheck } from './enrichment/domainLists';
import { createDeriveStage } from './enrichment/sources/derived';
import { createStoreSource } from './enrichment/sources/store';
import { createWebSource } from './enrichment/sources/web';
import { createPagePool } from './enrichment/page/pool';
import { memoryLimiter, type LimiterFactory } from './http/rateLimit';
import { memoryWindowSet } from './http/windowSet';
import { redisWindowSet } from './cache/redisWindows';
import { createDnsSource } from './enrichment/sources/dns';
import { createProviderSource } from './enrichment/sources/provider';
import { createOutbound } from './outbound/guard';
import { createDnsLookups } from './outbound/dns';
import { createWriteBack } from './store/writeBack';
import type { Source } from './enrichment/engine';
import type { AnswerCache, CachePolicy } from './enrichment/cache';
import { createEnrichmentService, type EnrichmentEvent, type WriteBack } from './enrichment/service';
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

/** What tests may replace in the wiring, besides AppDeps itself. */
export interface EnrichmentOverrides {
  readonly cache?: AnswerCache;
  readonly cachePolicy?: CachePolicy;
  readonly writeBack?: WriteBack;
}

/** The production wiring of buildApp's dependencies; tests override what they need. */
export function createDeps(
  config: Config,
  overrides: Partial<AppDeps> & EnrichmentOverrides & Infrastructure & { generation?: GenerationTracker } = {},
): AppDeps {
  const now = overrides.now ?? Date.now;
  const logger: Logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const isFreeMailbox = createDomainListCheck(freeMailboxDomains as string[]);
  const isDisposableMailbox = createDomainListCheck(disposableEmailBlocklist() as string[]);
  const clock = () => new Date(now());
  const derive = createDeriveStage({ isFreeMailbox, isDisposableMailbox, now: clock });
  const sources: Source[] = overrides.store
    ? [createStoreSource({ reader: createStoreReader(overrides.store.db), isFreeMailbox, liveMaxAgeMs: config.liveMaxAgeMs, now: clock })]
    : [];
  // Live sources after the store: waterfall order cache -> store -> web/dns -> provider, then the derive stage.
  const outbound = config.webLookups ? createOutbound({ testTargets: config.outboundTestTargets }) : null;
  const pages = outbound !== null ? createPagePool({ threads: config.pageWorkers, maxQueue: config.pageQueueMax }) : null;
  if (outbound !== null && pages !== null) {
    sources.push(
      createWebSource({ fetchPage: (url, signal) => outbound.fetch(url, { signal }), analyzePage: pages.analyze, slowPageTtlMs: config.slowPageTtlMs, isFreeMailbox, now: clock }),
      createDnsSource({ lookups: createDnsLookups(config.dnsServers), isFreeMailbox, now: clock }),
    );
    if (config.providerUrl !== null && config.providerKey !== null) {
      sources.push(createProviderSource({ baseUrl: config.providerUrl, apiKey: config.providerKey, request: (url, init) => outbound.fetch(url, { ...init, crossOriginRedirects: config.providerCrossOriginRedirects ? 'strip' : 'refuse' }), now: clock }));
    }
  }
  const writeBackToStore = overrides.store && outbound !== null ? createWriteBack(overrides.store.db, isFreeMailbox, config.liveMaxAgeMs) : undefined;
  const readinessChecks: ReadinessCheck[] = [];
  if (overrides.store) readinessChecks.push({ name: 'store', check: overrides.store.ping });
  if (overrides.redis) {
    const redis = overrides.redis;
    readinessChecks.push({ name: 'redis', check: async () => (await redis.ping()) === 'PONG' });
  }
  const generation = overrides.generation ?? { current: 0 };
  const metrics = overrides.metrics ?? createMetrics({ collectDefaults: config.env !== 'test' });
  if (overrides.redis) watchRedis(overrides.redis, logger, metrics);
  const redisLimiter = overrides.redis && redisLimiterFactory(overrides.redis, config.limiterMaxKeys);
  const finalSources = overrides.sources ?? sources;
  const enrichment =
    overrides.enrichment ??
    createEnrichmentService({
      sources: finalSources,
      derive,
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
      ...((overrides.writeBack ?? writeBackToStore) && { writeBack: overrides.writeBack ?? writeBackToStore }),
      defaultDeadlineMs: config.deadlineMs,
      now,
      onEvent: enrichmentObserver(logger, metrics),
    });
  return {
    config,
    logger,
    metrics,
    spec: overrides.spec ?? loadSpec(),
    sources: finalSources,
    enrichment,
    readinessChecks: overrides.readinessChecks ?? readinessChecks,
    now,
    version,
    ...(pages !== null && { ready: pages.ready }),
    ...(outbound !== null && { dispose: async () => void (await Promise.all([outbound.close(), pages?.close()])) }),
    ...((overrides.makeLimiter ?? redisLimiter) && { makeLimiter: overrides.makeLimiter ?? redisLimiter }),
    ...((overrides.batch ?? overrides.store) && {
      batch:
        overrides.batch ??
        createBatchService({
          db: overrides.store!.db,
          dialect: overrides.store!.dialect,
          now,
          // With Redis, batch rows go through BullMQ so workers on any machine share them.
          ...(config.redisUrl !== null && { dispatcher: createBullDispatcher(config.redisUrl, config.batchQueuePrefix) }),
        }),
    }),
    ...((overrides.keyStore ?? overrides.store) && { keyStore: overrides.keyStore ?? createKeyStore(overrides.store!.db) }),
  };
}

/** Turns the enrichment service's events into metrics and log lines. */
function enrichmentObserver(logger: Logger, metrics: Metrics): (event: EnrichmentEvent) => void {
  return (event) => {
    if (event.type === 'write_back_failed') {
      logger.warn('could not keep live findings', { event: 'write_back_failed', error: event.error.message });
      return;
    }
    const { result, cached } = event;
    if (!cached) {
      for (const [source, ms] of Object.entries(result.timings)) {
        const outcome = result.warnings.find((w) => w.source === source)?.code ?? 'ok';
        metrics.sourceDuration.observe({ source, outcome }, ms / 1000);
      }
    }
    metrics.enrichOutcomes.inc({ match: result.match.status });
    metrics.cacheLookups.inc({ outcome: cached ? 'hit' : 'miss' });
  };
}

/**
 * Rate-limit windows kept in Redis, so every instance spends one budget; each key expires with its
 * window. While Redis is unreachable every instance enforces the full quota from a bounded in-process
 * window (N instances may then admit up to N times the quota), and no request waits on Redis or fails
 * because of it.
 */
function redisLimiterFactory(redis: Redis, maxKeys: number): LimiterFactory {
  const single: LimiterFactory = (name, points, seconds) => {
    const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix: `enrich:rl:${name}`, points, duration: seconds });
    const insurance = memoryLimiter(points, seconds, maxKeys);
    return {
      async consume(key) {
        try {
          const r = await shared.consume(key, 1);
          return { remaining: r.remainingPoints, msBeforeNext: r.msBeforeNext, refused: false };
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) return { remaining: 0, msBeforeNext: rejection.msBeforeNext, refused: true };
          return insurance.consume(key);
        }
      },
      async reward(key) {
        await shared.reward(key, 1).catch(() => insurance.reward(key));
      },
      async get(key) {
        try {
          const r = await shared.get(key);
          return r === null ? null : { used: r.consumedPoints, msBeforeNext: r.msBeforeNext };
        } catch {
          return insurance.get(key);
        }
      },
    };
  };
  // A request's windows: one script call (cache/redisWindows.ts), the same keys as the single windows above.
  return Object.assign(single, { windowSet: (specs: Parameters<typeof memoryWindowSet>[0]) => redisWindowSet(redis, specs, memoryWindowSet(specs, maxKeys)) });
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

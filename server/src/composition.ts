import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import freeMailboxDomains from 'email-providers/all.json';
import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { createKeyring } from './access/apiKeys';
import { createKeyStore, type KeyStore } from './access/keyStore';
import { createBatchService, type BatchService } from './batch/service';
import { createBullDispatcher } from './batch/bullmq';
import type { Metrics } from './observability/metrics';
import type { Logger } from './observability/logger';
import type { Foundations } from './foundations';
import { createStoreReader } from './store/repository';
import type { AppDeps } from './app';
import { createMemoryCache } from './cache/memory';
import { createRedisCache } from './cache/redis';
import type { Config } from './config';
import { createDomainListCheck } from './enrichment/domainLists';
import { createDeriveStage } from './enrichment/sources/derived';
import { createStoreSource } from './enrichment/sources/store';
import { createWebSource } from './enrichment/sources/web';
import { createPagePool, type PagePool } from './enrichment/page/pool';
import { authenticate, metricsAccess } from './http/auth';
import { memoryLimiter, rateLimit, type LimiterFactory } from './http/rateLimit';
import { memoryWindowSet } from './http/windowSet';
import { redisWindowSet } from './cache/redisWindows';
import { createDnsSource } from './enrichment/sources/dns';
import { createProviderSource } from './enrichment/sources/provider';
import { createOutbound, type Outbound } from './outbound/guard';
import { createDnsLookups } from './outbound/dns';
import { createWriteBack } from './store/writeBack';
import type { DeriveStage, Source } from './enrichment/engine';
import type { AnswerCache, CachePolicy } from './enrichment/cache';
import { createEnrichmentService, type EnrichmentEvent, type WriteBack } from './enrichment/service';
import type { ReadinessCheck } from './http/operations/ready';
import { accountPseudonym } from './observability/pseudonym';
import { PROJECT_ROOT } from './paths';
import { loadSpec, type LoadedSpec } from './spec';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require(path.join(PROJECT_ROOT, 'package.json')) as { version: string };

/** Outbound connections and page-analysis threads of the live sources (web, dns, provider). */
interface LiveLookups {
  readonly outbound: Outbound;
  readonly pages: PagePool;
}

/**
 * The named parts the app is assembled from. `composeParts` builds each from the configuration and
 * the foundations; a test replaces any of them by name (`{ ...composeParts(c, f), sources: [fake] }`)
 * before `assemble` puts them together.
 */
export interface Parts {
  readonly spec: LoadedSpec;
  /** In waterfall order: store -> web/dns -> provider. */
  readonly sources: readonly Source[];
  readonly derive: DeriveStage;
  readonly cache: AnswerCache;
  readonly cachePolicy: CachePolicy;
  /** Keeps live findings in the store; absent without a store or without live sources. */
  readonly writeBack: WriteBack | undefined;
  /** Keys made with `enrich keys create`; only `ENRICH_API_KEYS` is accepted when absent. */
  readonly keyStore: Pick<KeyStore, 'findByHash' | 'touch'> | undefined;
  readonly readinessChecks: readonly ReadinessCheck[];
  /** One rate-limit window's counters: in Redis when configured (shared by every instance), else in memory. */
  readonly makeLimiter: LimiterFactory;
  /** What logs show for an account id: a keyed hash, never the id. */
  readonly accountRef: (account: string) => string;
  readonly batch: BatchService | undefined;
  readonly live: LiveLookups | null;
}

/** Builds every part from the configuration and the foundations (nothing is started or listened on). */
export function composeParts(config: Config, foundations: Foundations): Parts {
  const { logger, now, store, redis, generation } = foundations;
  const isFreeMailbox = createDomainListCheck(freeMailboxDomains as string[]);
  const isDisposableMailbox = createDomainListCheck(disposableEmailBlocklist() as string[]);
  const clock = () => new Date(now());
  const sources: Source[] = store
    ? [createStoreSource({ reader: createStoreReader(store.db), isFreeMailbox, liveMaxAgeMs: config.liveMaxAgeMs, now: clock })]
    : [];
  // Live sources after the store: waterfall order cache -> store -> web/dns -> provider, then the derive stage.
  const live: LiveLookups | null = config.webLookups
    ? { outbound: createOutbound({ testTargets: config.outboundTestTargets }), pages: createPagePool({ threads: config.pageWorkers, maxQueue: config.pageQueueMax }) }
    : null;
  if (live !== null) {
    const { outbound, pages } = live;
    sources.push(
      createWebSource({ fetchPage: (url, signal) => outbound.fetch(url, { signal }), analyzePage: pages.analyze, slowPageTtlMs: config.slowPageTtlMs, isFreeMailbox, now: clock }),
      createDnsSource({ lookups: createDnsLookups(config.dnsServers), isFreeMailbox, now: clock }),
    );
    if (config.providerUrl !== null && config.providerKey !== null) {
      sources.push(createProviderSource({ baseUrl: config.providerUrl, apiKey: config.providerKey, request: (url, init) => outbound.fetch(url, { ...init, crossOriginRedirects: config.providerCrossOriginRedirects ? 'strip' : 'refuse' }), now: clock }));
    }
  }
  const readinessChecks: ReadinessCheck[] = [];
  if (store) readinessChecks.push({ name: 'store', check: store.ping });
  if (redis) readinessChecks.push({ name: 'redis', check: async () => (await redis.ping()) === 'PONG' });
  return {
    spec: loadSpec(),
    sources,
    derive: createDeriveStage({ isFreeMailbox, isDisposableMailbox, now: clock }),
    cache: redis ? createRedisCache(redis, logger) : createMemoryCache({ maxEntries: config.cacheMaxEntries, maxBytes: config.cacheMaxBytes }),
    cachePolicy: { ttlMs: config.cacheTtlMs, negativeTtlMs: config.cacheNegativeTtlMs, generation: () => generation.current },
    writeBack: store && live !== null ? createWriteBack(store.db, isFreeMailbox, config.liveMaxAgeMs) : undefined,
    keyStore: store && createKeyStore(store.db),
    readinessChecks,
    makeLimiter: redis
      ? redisLimiterFactory(redis, config.limiterMaxKeys)
      : (_name, points, seconds) => memoryLimiter(points, seconds, config.limiterMaxKeys, now),
    // Without LOG_HMAC_SECRET the hashes change at every start (main.ts warns in production).
    accountRef: accountPseudonym(config.logHmacSecret ?? randomBytes(32).toString('hex')),
    batch:
      store &&
      createBatchService({
        db: store.db,
        dialect: store.dialect,
        now,
        // With Redis, batch rows go through BullMQ so workers on any machine share them.
        ...(config.redisUrl !== null && { dispatcher: createBullDispatcher(config.redisUrl, config.batchQueuePrefix) }),
        onDispatchDeferred: (jobId, error) =>
          logger.warn('batch job not queued yet: the sweep queues it', { event: 'batch_dispatch_deferred', job_id: jobId, error: error.message }),
      }),
    live,
  };
}

/** Puts the parts together into what `buildApp` mounts: the enrichment service and the access guards. */
export function assemble(config: Config, foundations: Foundations, parts: Parts): AppDeps {
  const { logger, metrics, now, redis } = foundations;
  if (redis) watchRedis(redis, logger, metrics);
  const enrichment = createEnrichmentService({
    sources: parts.sources,
    derive: parts.derive,
    cache: parts.cache,
    cachePolicy: parts.cachePolicy,
    ...(parts.writeBack && { writeBack: parts.writeBack }),
    defaultDeadlineMs: config.deadlineMs,
    now,
    onEvent: enrichmentObserver(logger, metrics),
  });
  const keyring = createKeyring({ bootstrap: config.apiKeys, ...(parts.keyStore && { store: parts.keyStore }), now, cacheMs: config.keyCacheMs });
  const { makeLimiter } = parts;
  const bearerAuth: RequestHandler[] = [
    authenticate(keyring, { window: config.authFailureLimit, tenantFactor: config.tenantLimitFactor, makeLimiter }, logger, metrics),
    rateLimit({ windows: config.rateLimits, tenantFactor: config.tenantLimitFactor, maxKeys: config.limiterMaxKeys, accountRef: parts.accountRef, makeLimiter }, logger, metrics),
  ];
  const { live } = parts;
  return {
    config,
    logger,
    metrics,
    spec: parts.spec,
    sources: parts.sources,
    enrichment,
    readinessChecks: parts.readinessChecks,
    guards: { bearerAuth, metricsToken: [metricsAccess(config.metricsToken)] },
    makeLimiter,
    now,
    version,
    ...(parts.batch && { batch: parts.batch }),
    ...(live !== null && {
      ready: live.pages.ready,
      dispose: async () => void (await Promise.all([live.outbound.close(), live.pages.close()])),
    }),
  };
}

/** The composition root: every dependency of the app, built from the configuration and the foundations. */
export function compose(config: Config, foundations: Foundations): AppDeps {
  return assemble(config, foundations, composeParts(config, foundations));
}

/** The sources that are the operator's own infrastructure: their failures are outages worth a log line. */
const LOGGED_SOURCES: ReadonlySet<string> = new Set(['store']);

/**
 * Turns the enrichment service's events into metrics and log lines. A failing store is logged once
 * when it starts failing and once when it answers again, never per request; live sources fail per
 * site, which the answers' warnings and the source metric show.
 */
function enrichmentObserver(logger: Logger, metrics: Metrics): (event: EnrichmentEvent) => void {
  const failing = new Set<string>();
  const track = (source: string, outcome: string) => {
    if (!LOGGED_SOURCES.has(source)) return;
    if (outcome !== 'ok' && !failing.has(source)) {
      failing.add(source);
      logger.warn('source failing: answers leave its fields out', { event: 'source_failing', source, outcome });
    } else if (outcome === 'ok' && failing.delete(source)) {
      logger.info('source answering again', { event: 'source_recovered', source });
    }
  };
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
        track(source, outcome);
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
      async consume(key, spend = 1) {
        try {
          const r = await shared.consume(key, spend);
          return { remaining: r.remainingPoints, msBeforeNext: r.msBeforeNext, refused: false, used: r.consumedPoints };
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) return { remaining: 0, msBeforeNext: rejection.msBeforeNext, refused: true, used: rejection.consumedPoints };
          return insurance.consume(key, spend);
        }
      },
      async reward(key, given = 1) {
        await shared.reward(key, given).catch(() => insurance.reward(key, given));
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

import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metrics one app instance records. A registry per instance keeps tests independent. */
export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'operation' | 'method' | 'status'>;
  readonly enrichOutcomes: Counter<'match'>;
  readonly authFailures: Counter<'reason'>;
  readonly rateLimited: Counter<'window'>;
  readonly cacheLookups: Counter<'outcome'>;
  readonly redisOutages: Counter;
  readonly sourceDuration: Histogram<'source' | 'outcome'>;
  readonly batchChunksRestored: Counter;
}

export function createMetrics(options: { collectDefaults: boolean }): Metrics {
  const registry = new Registry();
  if (options.collectDefaults) collectDefaultMetrics({ register: registry, prefix: 'enrich_' });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'enrich_http_request_duration_seconds',
      help: 'Request duration by operation, method and status.',
      labelNames: ['operation', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    enrichOutcomes: new Counter({
      name: 'enrich_outcomes_total',
      help: 'Answered enrichments by match status.',
      labelNames: ['match'],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'enrich_auth_failures_total',
      help: 'Refused authentications by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    redisOutages: new Counter({
      name: 'enrich_redis_outages_total',
      help: 'Times Redis became unreachable (limits then enforced per instance, no shared cache).',
      registers: [registry],
    }),
    sourceDuration: new Histogram({
      name: 'enrich_source_duration_seconds',
      help: 'Time each enrichment source took, by outcome (ok, error, timeout).',
      labelNames: ['source', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: 'enrich_cache_lookups_total',
      help: 'Answer cache lookups by outcome (hit, miss).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'enrich_rate_limited_total',
      help: 'Requests refused by a rate-limit window.',
      labelNames: ['window'],
      registers: [registry],
    }),
    batchChunksRestored: new Counter({
      name: 'enrich_batch_chunks_restored_total',
      help: 'Chunks of batch jobs the BullMQ queue had lost (a Redis restart) or never got, put back by the sweep.',
      registers: [registry],
    }),
  };
}

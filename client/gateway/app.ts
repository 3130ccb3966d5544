import express, { type Express } from 'express';
import helmet from 'helmet';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../../server/src/observability/logger';
import { createEnrichClient, type EnrichClient, type FallbackEvent } from '../src';
import type { EnrichClientOptions } from '../src/types';

const ACCOUNT_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly fallbacks: Counter<'reason'>;
  readonly answers: Counter<'source'>;
  readonly upstream: Histogram<'source'>;
}

export function createGatewayMetrics(collectDefaults: boolean): GatewayMetrics {
  const registry = new Registry();
  if (collectDefaults) collectDefaultMetrics({ register: registry, prefix: 'enrich_gateway_' });
  return {
    registry,
    fallbacks: new Counter({ name: 'enrich_gateway_fallbacks_total', help: 'Mock answers given instead of the API, by reason.', labelNames: ['reason'], registers: [registry] }),
    answers: new Counter({ name: 'enrich_gateway_answers_total', help: 'Answers by source (real, mock, invalid).', labelNames: ['source'], registers: [registry] }),
    upstream: new Histogram({
      name: 'enrich_gateway_upstream_duration_seconds',
      help: 'Time from request to answer through the client, by source (real, mock, invalid).',
      labelNames: ['source'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [registry],
    }),
  };
}

const problem = (status: number, title: string, detail: string, errors?: unknown[]) => ({
  type: `https://enrich.example.com/problems/${status === 400 ? 'invalid-request' : 'unsupported-media-type'}`,
  title,
  status,
  detail,
  ...(errors && { errors }),
});

/**
 * The "local API": POST /api/enrich with the same body as the Enrich API, answered through the typed
 * client, so an app that is not TypeScript gets the same fallback. `X-Enrich-Source: real|mock` says
 * which it got; the caller's own mistakes are a 400 problem with details, never a mock.
 */
export function buildGateway(options: { client: Omit<EnrichClientOptions, 'onFallback'>; logger: Logger; metrics: GatewayMetrics }): { app: Express; client: EnrichClient } {
  const { logger, metrics } = options;
  const client = createEnrichClient({
    ...options.client,
    onFallback: (event: FallbackEvent) => {
      metrics.fallbacks.inc({ reason: event.reason });
      logger.warn('answered with mock data', { event: 'fallback', reason: event.reason, status: event.status, from: event.from, persona: event.persona });
    },
    onRetry: (event) => logger.info('retrying the Enrich API', { event: 'retry', ...event }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', circuit: client.circuit });
  });
  app.get('/metrics', async (_req, res) => {
    res.type('text/plain').send(await metrics.registry.metrics());
  });
  app.post('/api/enrich', express.json({ limit: '16kb', type: () => true }), async (req, res) => {
    const started = performance.now();
    const account = req.get('x-account-id');
    if (account !== undefined && !ACCOUNT_ID.test(account)) {
      res.status(400).type('application/problem+json').json(problem(400, 'Your request is not valid.', 'X-Account-ID must be 1 to 128 of A-Z a-z 0-9 . _ : @ -.', [{ pointer: '/headers/x-account-id', detail: 'is not valid' }]));
      return;
    }
    const outcome = await client.enrich(req.body, account !== undefined ? { accountId: account } : {});
    const source = outcome.kind;
    metrics.answers.inc({ source });
    metrics.upstream.observe({ source }, (performance.now() - started) / 1000);
    if (outcome.kind === 'invalid') {
      res.status(400).type('application/problem+json').json(problem(400, 'Your request is not valid.', `${outcome.errors[0]?.pointer ?? '/body'} ${outcome.errors[0]?.detail ?? 'is not valid'}`, outcome.errors));
      return;
    }
    res.setHeader('X-Enrich-Source', source);
    res.json({ ...outcome.data, meta: outcome.meta });
  });
  app.use(((error, _req, res, _next) => {
    const status = (error as { status?: number }).status ?? 500;
    if (status === 400 || status === 413) {
      res.status(status).type('application/problem+json').json(problem(400, 'Your request is not valid.', status === 413 ? 'The body is too large.' : 'The body is not valid JSON.'));
      return;
    }
    logger.error('gateway error', { error: (error as Error).message });
    res.status(500).type('application/problem+json').json({ type: 'https://enrich.example.com/problems/internal-error', title: 'Something went wrong on our side.', status: 500 });
  }) as express.ErrorRequestHandler);
  return { app, client };
}

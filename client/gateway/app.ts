import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { chain } from '../../common/chain';
import { ACCOUNT_ID_DETAIL, isAccountId } from '../../common/fields';
import { percentBucket } from '../../common/hash';
import { PROBLEMS, problemBody, type ProblemDetailError, type ProblemTemplate } from '../../common/problems';
import { createEnrichClient, type EnrichClient, type FallbackEvent } from '../src';
import type { EnrichClientOptions, EnrichInput, UpstreamProblem } from '../src/types';
import { batchProxy } from './batchProxy';
import type { GatewayLogger } from './logger';
import { STUDIO_CSP, studioRoutes } from './studio';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const DEFAULT_ACCOUNT = 'default';
/** The contract's largest `deadline_ms`, and the time the client needs beyond it (its retry and fallback). */
const MAX_DEADLINE_MS = 5000;
const DEADLINE_MARGIN_MS = 500;

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly fallbacks: Counter<'reason'>;
  readonly configurationErrors: Counter<'status'>;
  readonly answers: Counter<'source'>;
  readonly rollout: Counter<'route'>;
  readonly realPercent: Gauge;
  readonly upstream: Histogram<'source'>;
  readonly batchForwarded: Counter<'operation' | 'status'>;
}

export function createGatewayMetrics(collectDefaults: boolean): GatewayMetrics {
  const registry = new Registry();
  if (collectDefaults) collectDefaultMetrics({ register: registry, prefix: 'enrich_gateway_' });
  return {
    registry,
    fallbacks: new Counter({ name: 'enrich_gateway_fallbacks_total', help: 'Mock answers given instead of the API, by reason (configuration errors are counted apart).', labelNames: ['reason'], registers: [registry] }),
    configurationErrors: new Counter({
      name: 'enrich_gateway_configuration_errors_total',
      help: 'Answers the API refused because of the gateway\'s own configuration (401 wrong key, 403 revoked key or scope), by status.',
      labelNames: ['status'],
      registers: [registry],
    }),
    answers: new Counter({ name: 'enrich_gateway_answers_total', help: 'Answers by source (real, mock, invalid, error).', labelNames: ['source'], registers: [registry] }),
    rollout: new Counter({ name: 'enrich_gateway_rollout_total', help: 'Requests by rollout route: real (sent to the API) or mock (the account is outside GATEWAY_REAL_PERCENT).', labelNames: ['route'], registers: [registry] }),
    realPercent: new Gauge({ name: 'enrich_gateway_real_percent', help: 'GATEWAY_REAL_PERCENT: the share of accounts sent to the real API.', registers: [registry] }),
    upstream: new Histogram({
      name: 'enrich_gateway_upstream_duration_seconds',
      help: 'Time from request to answer through the client, by source (real, mock, invalid, error).',
      labelNames: ['source'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    batchForwarded: new Counter({
      name: 'enrich_gateway_batch_forwarded_total',
      help: 'Batch operations forwarded to the API, by operation (enqueue, job, cancel, results) and the API\'s status (unavailable: not reached).',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
  };
}

export interface GatewayOptions {
  readonly client: Omit<EnrichClientOptions, 'onFallback' | 'onRetry'>;
  readonly logger: GatewayLogger;
  readonly metrics: GatewayMetrics;
  /** Origins allowed to call from a browser; none by default. */
  readonly corsOrigins?: readonly string[];
  /** The share of accounts (0-100) sent to the real API; 100 by default. */
  readonly realPercent?: number;
  /** The built Studio (index.html, studio.js, studio.css), served at `/`; without it `/` says how to build it. */
  readonly studioDir?: string | undefined;
  /** The largest batch upload passed on to the API, in bytes; 200 MiB by default. */
  readonly uploadLimitBytes?: number;
}

/** The gateway's settings, not an outage: a key the API refuses (401, 403), or an ENRICH_API_URL the API redirects from (3xx, not followed). */
const CONFIGURATION_ERRORS: Record<string, string> = {
  key: "the Enrich API refused the gateway's key: answering with mock data until ENRICH_API_KEY is fixed",
  url: 'the Enrich API answered with a redirect, which the gateway does not follow (the key stays with ENRICH_API_URL): answering with mock data until ENRICH_API_URL names the API itself',
};
function configurationError(problem: UpstreamProblem | undefined): string | undefined {
  if (problem?.status === 401 || problem?.status === 403) return CONFIGURATION_ERRORS['key'];
  if (problem !== undefined && problem.status >= 300 && problem.status < 400) return CONFIGURATION_ERRORS['url'];
  return undefined;
}

/**
 * The "local API" and the browser's door: POST /api/enrich with the same body as the Enrich API,
 * answered through the typed client, so an app that is not TypeScript gets the same budget and
 * fallback. The API key stays here. `X-Enrich-Source: real|mock` says which answer it is; the caller's
 * own mistakes are a 400 problem (shared templates), never a mock; every answer has `X-Request-ID`.
 */
export function buildGateway(options: GatewayOptions): { app: Express; client: EnrichClient } {
  const { logger, metrics } = options;
  const origins = new Set(options.corsOrigins ?? []);
  const realPercent = options.realPercent ?? 100;
  metrics.realPercent.set(realPercent);
  const client = createEnrichClient({
    ...options.client,
    onFallback: (event: FallbackEvent) => {
      const fields = { event: 'fallback', reason: event.reason, status: event.status, from: event.from, persona: event.persona, problem_type: event.problem?.type, upstream_request_id: event.problem?.request_id };
      const misconfigured = configurationError(event.problem);
      if (misconfigured !== undefined) {
        // A wrong or revoked key, or a wrong URL, is the operator's to fix, not an outage: say so loudly.
        metrics.configurationErrors.inc({ status: String(event.status) });
        logger.error(misconfigured, { ...fields, event: 'configuration_error' });
      } else {
        if (event.reason !== 'rollout') metrics.fallbacks.inc({ reason: event.reason });
        logger.log(event.reason === 'rollout' ? 'debug' : 'warn', 'answered with mock data', fields);
      }
    },
    onRetry: (event) => logger.info('retrying the Enrich API', { event: 'retry', ...event }),
  });

  const sendProblem = (res: Response, template: ProblemTemplate, detail: string, errors?: ProblemDetailError[]) => {
    res
      .status(template.status)
      .type('application/problem+json')
      .json(problemBody(template, detail, { instance: res.req.path, request_id: String(res.getHeader('X-Request-ID')) }, errors ? { errors } : {}));
  };

  const app = express();
  app.disable('x-powered-by');
  // 1. Every answer carries a request id: the caller's when it is a sane token, else a new one.
  const requestId: RequestHandler = (req, res, next) => {
    const given = req.get('x-request-id');
    res.setHeader('X-Request-ID', given !== undefined && REQUEST_ID.test(given) ? given : randomUUID());
    next();
  };
  // The Studio's strict CSP (no inline code, nothing from elsewhere) on every answer, set once here.
  const studioCsp: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', STUDIO_CSP);
    next();
  };
  // 2. CORS for the configured origins only; the preflight is answered here.
  const cors: RequestHandler = (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin !== undefined && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-ID, X-Enrich-Source, X-Enrich-Mock-Reason, Server-Timing, Location');
    }
    if (req.method === 'OPTIONS') {
      if (origin !== undefined && origins.has(origin)) {
        res.setHeader('Access-Control-Allow-Methods', 'POST, GET, DELETE, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Accept, Idempotency-Key, X-Account-ID, X-Request-ID');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
  // One router layer for all of them (common/chain.ts).
  app.use(chain([requestId, helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' }, contentSecurityPolicy: false }), studioCsp, cors]));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', circuit: client.circuit });
  });
  app.get('/metrics', async (_req, res) => {
    res.type('text/plain').send(await metrics.registry.metrics());
  });
  app.post('/api/enrich', express.json({ limit: '16kb', type: () => true }), async (req, res) => {
    const started = performance.now();
    const requestId = String(res.getHeader('X-Request-ID'));
    const account = req.get('x-account-id');
    if (account !== undefined && !isAccountId(account)) {
      sendProblem(res, PROBLEMS.invalidRequest, 'X-Account-ID must be 1 to 128 of A-Z a-z 0-9 . _ : @ -.', [{ pointer: '/headers/x-account-id', detail: ACCOUNT_ID_DETAIL }]);
      return;
    }
    // 3. Gradual rollout: a stable share of accounts goes to the real API, the rest get the marked mock.
    const toApi = realPercent >= 100 || percentBucket(account ?? DEFAULT_ACCOUNT) < realPercent;
    metrics.rollout.inc({ route: toApi ? 'real' : 'mock' });
    const body = req.body as EnrichInput;
    // A caller that asks for a longer deadline than the gateway's budget allows is given the time it asked for.
    const deadline = typeof body?.deadline_ms === 'number' && body.deadline_ms <= MAX_DEADLINE_MS ? body.deadline_ms + DEADLINE_MARGIN_MS : 0;
    const budgetMs = Math.max(options.client.budgetMs ?? 2000, deadline);
    const call = { requestId, budgetMs, ...(account !== undefined && { accountId: account }) };
    const outcome = toApi ? await client.enrich(body, call) : await client.mock(body, 'rollout', call);
    const source = outcome.kind;
    metrics.answers.inc({ source });
    metrics.upstream.observe({ source }, (performance.now() - started) / 1000);
    if (outcome.kind === 'invalid') {
      const first = outcome.errors[0];
      sendProblem(res, PROBLEMS.invalidRequest, `${first?.pointer ?? '/body'} ${first?.detail ?? 'is not valid'}`, outcome.errors);
      return;
    }
    if (outcome.kind === 'error') {
      // GATEWAY_FALLBACK=never: the caller sees that the API failed, with its problem when it had one.
      const template = outcome.reason === 'timeout' || outcome.reason === 'circuit_open' ? PROBLEMS.unavailable : PROBLEMS.badGateway;
      const upstream = outcome.problem ? ` (the API answered ${outcome.problem.status}${outcome.problem.title ? `: ${outcome.problem.title}` : ''})` : '';
      if (outcome.problem?.retry_after !== undefined) res.setHeader('Retry-After', String(outcome.problem.retry_after));
      sendProblem(res, template, `The Enrich API could not answer: ${outcome.reason}${upstream}.`);
      return;
    }
    res.setHeader('X-Enrich-Source', source);
    // The API's time per source (real answers), then the gateway's whole time: the Studio draws them.
    const gatewayTiming = `gateway;dur=${Math.round((performance.now() - started) * 100) / 100}`;
    res.setHeader('Server-Timing', outcome.kind === 'real' && outcome.serverTiming ? `${outcome.serverTiming}, ${gatewayTiming}` : gatewayTiming);
    if (outcome.kind === 'mock') res.setHeader('X-Enrich-Mock-Reason', outcome.reason);
    // What res.json sends, written as one string with its length (no Buffer copy, and no ETag: each answer has its own request id).
    const answer = JSON.stringify({ ...outcome.data, meta: outcome.meta });
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(answer));
    res.end(answer);
  });
  // 4. The batch operations, forwarded with the key (never mocked), and the Studio page.
  app.use(
    batchProxy({
      apiUrl: options.client.baseUrl,
      apiKey: options.client.apiKey ?? '',
      uploadLimitBytes: options.uploadLimitBytes ?? 200 * 1024 * 1024,
      headersTimeoutMs: { upload: 300_000, read: 15_000 },
      logger,
      forwarded: metrics.batchForwarded,
      sendProblem,
    }),
  );
  app.use(studioRoutes(options.studioDir));
  app.use((_req, res) => sendProblem(res, PROBLEMS.notFound, 'The gateway answers the Studio at /, POST /api/enrich, the batch operations under /api/enrich/enqueue and /api/jobs, GET /health and GET /metrics.'));
  app.use(((error, _req, res, _next) => {
    const status = (error as { status?: number }).status ?? 500;
    if (status === 413) return sendProblem(res, PROBLEMS.payloadTooLarge, 'The body is larger than 16 KiB.');
    if (status === 400) return sendProblem(res, PROBLEMS.invalidRequest, 'The body is not valid JSON.');
    logger.error('gateway error', { error: (error as Error).message });
    return sendProblem(res, PROBLEMS.internal, 'The gateway failed; see its log.');
  }) as express.ErrorRequestHandler);
  return { app, client };
}

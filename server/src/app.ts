import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from './config';
import type { Source } from './enrichment/engine';
import type { EnrichmentService } from './enrichment/service';
import type { Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';
import './http/locals';
import type { BatchService } from './batch/service';
import { accessLog } from './http/accessLog';
import { chain } from '../../common/chain';
import { HttpProblem, PROBLEMS, problemHandler } from './http/problem';
import type { LimiterFactory } from './http/rateLimit';
import { requestId } from './http/requestId';
import { contractValidation } from './http/validation';
import { createHandlers } from './http/operations';
import { deferUploadBody } from './http/operations/batchCommon';
import type { ReadinessCheck } from './http/operations/ready';
import type { OperationId } from './http/operations/types';
import { PROJECT_ROOT } from './paths';
import { operationRoutes, type LoadedSpec } from './spec';

/** Bearer key -> tenant, then its rate limits; the metrics token for /metrics. */
export type SecurityGuards = {
  readonly bearerAuth: readonly RequestHandler[];
  readonly metricsToken: readonly RequestHandler[];
};

/** Everything the app mounts; built once by the composition root (composition.ts), never here. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly spec: LoadedSpec;
  /** The enrichment sources in waterfall order, as `enrichment` runs them (tests build on them). */
  readonly sources: readonly Source[];
  /** Cache -> engine -> write-back: what POST /enrich answers with. */
  readonly enrichment: EnrichmentService;
  readonly readinessChecks: readonly ReadinessCheck[];
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  readonly now: () => number;
  readonly version: string;
  /** The middleware of each security scheme of the spec, in the order it runs (composition.ts builds them). */
  readonly guards: SecurityGuards;
  /** Makes one rate-limit window's limiter (in memory or in Redis); batch workers spend the day window through it. */
  readonly makeLimiter: LimiterFactory;
  /** Resolves when what the dependencies start in the background (page workers) can serve. */
  readonly ready?: () => Promise<void>;
  /** Releases what the dependencies hold open (outbound connection pools). */
  readonly dispose?: () => Promise<void>;
  /** Batch jobs (POST /enrich/enqueue, /jobs); they need the store, and answer 503 without it. */
  readonly batch?: BatchService;
}

const STATIC_DOCS = path.join(PROJECT_ROOT, 'server/static/docs');
const SWAGGER_UI = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** Mounts middleware and routes on what it is given. Builds no dependency, opens no connection, starts no timer. */
export function buildApp(deps: AppDeps): Express {
  const { config, logger, metrics, spec } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const routes = operationRoutes(spec.document);
  const handlers = createHandlers({
    enrichment: deps.enrichment,
    serialisedBodies: !config.validateResponses,
    now: deps.now,
    version: deps.version,
    startedAt: deps.now(),
    readinessChecks: deps.readinessChecks,
    registry: metrics.registry,
    specText: spec.text,
    ...(deps.batch && { batch: deps.batch }),
    outboundTestTargets: config.outboundTestTargets,
  });

  // 1. Security headers, request id, one access-log line per request (one router layer: common/chain.ts).
  app.use(chain([helmet(), requestId(), accessLog(logger, metrics)]));

  // 2. Swagger UI's files for /docs, from the installed package (no CDN).
  const assetsRoute: RequestHandler = (_req, res, next) => {
    res.locals.route = '/docs/assets/{file}';
    next();
  };
  app.use('/docs/assets', assetsRoute, express.static(SWAGGER_UI, { index: false }), express.static(STATIC_DOCS, { index: false }));

  // 3. One route per operation, its whole chain on it (the router matches a request once): name the
  // operation; authenticate and rate-limit the secured ones before reading any body; read the body
  // (JSON only, bounded: a batch enqueue may carry 10,000 records as JSON, while its CSV and NDJSON
  // uploads stay unread for the handler to stream); check the request against the contract (and,
  // outside production, the response); then the operation's handler.
  // By the scheme names the spec uses; a scheme without middleware stops the start (below).
  const guards: Readonly<Record<string, readonly RequestHandler[] | undefined>> = deps.guards;
  const json = express.json({ limit: config.bodyLimitBytes, type: 'application/json' });
  const validation = contractValidation(spec.document, { validateResponses: config.validateResponses });
  const bodyOf: Partial<Record<OperationId, readonly RequestHandler[]>> = {
    enqueue: [express.json({ limit: config.batchBodyLimitBytes, type: 'application/json' }), deferUploadBody],
  };
  for (const route of routes) {
    const name: RequestHandler = (_req, res, next) => {
      res.locals.operation = route.operationId;
      res.locals.route = route.path; // the template (`/jobs/:id`), never the raw path: paths can hold personal data
      next();
    };
    const guard = route.schemes.flatMap((scheme) => {
      const handlers = guards[scheme];
      if (handlers === undefined) throw new Error(`no middleware for security scheme ${scheme} (operation ${route.operationId})`);
      return handlers;
    });
    const operation = route.operationId as OperationId;
    app[route.method](route.path, chain([name, ...guard, ...(bodyOf[operation] ?? [json]), ...validation, handlers[operation] as RequestHandler]));
  }

  // 4. Any other path or method: the contract's own answer (405 for a method a path does not have), else 404.
  app.use(chain([json, ...validation]));
  app.use(() => {
    throw new HttpProblem(PROBLEMS.notFound, 'No operation of this API has this path. See /docs.');
  });

  // 5. Every error becomes problem+json here, and nowhere else.
  app.use(problemHandler(logger));
  return app;
}

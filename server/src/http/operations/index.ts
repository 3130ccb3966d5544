import type { Registry } from 'prom-client';
import { docsHandler } from './docs';
import { enrichHandler, type EnrichHandlerDeps } from './enrich';
import { healthHandler } from './health';
import { metricsHandler } from './metrics';
import { openapiDocumentHandler } from './openapiDocument';
import { readyHandler, type ReadinessCheck } from './ready';
import type { HandlerMap } from './types';

export interface OperationDeps extends EnrichHandlerDeps {
  readonly version: string;
  readonly startedAt: number;
  readonly now: () => number;
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly registry: Registry;
  readonly specText: string;
}

/** The handler of every operation in the spec, keyed by operationId. */
export function createHandlers(deps: OperationDeps): HandlerMap {
  return {
    enrich: enrichHandler(deps),
    health: healthHandler(deps),
    ready: readyHandler(deps.readinessChecks),
    metrics: metricsHandler(deps.registry),
    openapiDocument: openapiDocumentHandler(deps.specText),
    docs: docsHandler(),
  };
}

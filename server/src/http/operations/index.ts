import type { Registry } from 'prom-client';
import { docsHandler } from './docs';
import type { BatchHandlerDeps } from './batchCommon';
import { cancelJobHandler } from './cancelJob';
import { enqueueHandler } from './enqueue';
import { getJobHandler } from './getJob';
import { getJobResultsHandler } from './getJobResults';
import { redeliverWebhookHandler } from './redeliverWebhook';
import { enrichHandler, type EnrichHandlerDeps } from './enrich';
import { healthHandler } from './health';
import { metricsHandler } from './metrics';
import { openapiDocumentHandler } from './openapiDocument';
import { readyHandler, type ReadinessCheck } from './ready';
import type { HandlerMap } from './types';

export interface OperationDeps extends EnrichHandlerDeps, BatchHandlerDeps {
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
    enqueue: enqueueHandler(deps),
    getJob: getJobHandler(deps),
    cancelJob: cancelJobHandler(deps),
    getJobResults: getJobResultsHandler(deps),
    redeliverWebhook: redeliverWebhookHandler(deps),
  };
}

import type { RequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

/**
 * One log line and one histogram observation per request, when the response is finished.
 * Handlers add what they know (operation, tenant, match status) to `res.locals`. Only ids,
 * statuses and timings are logged: never keys, identifiers or bodies; the route template, never the
 * raw path (a 404 for `/users/jane.doe@acme.io` logs `route: null`); the account as its keyed hash.
 */
export function accessLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const operation = res.locals.operation ?? 'none';
      metrics.requestDuration.observe({ operation, method: req.method, status: String(res.statusCode) }, seconds);
      logger.requestLine({
        request_id: res.locals.requestId,
        method: req.method,
        route: res.locals.route ?? null,
        operation,
        status: res.statusCode,
        latency_ms: Math.round(seconds * 1e4) / 10,
        tenant: res.locals.tenant,
        account: res.locals.account,
        match: res.locals.matchStatus,
        cached: res.locals.cached,
        sources: res.locals.sources,
        limit_remaining: res.locals.limitRemaining,
      });
    });
    next();
  };
}

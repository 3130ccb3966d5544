import type { Registry } from 'prom-client';
import type { Handler } from './types';

/** Prometheus exposition of this instance's registry. */
export function metricsHandler(registry: Registry): Handler<'metrics'> {
  return async (_req, res) => {
    const text = await registry.metrics();
    res.type('text/plain').send(text);
  };
}

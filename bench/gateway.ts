// The gateway for the benchmark, with its API either up or down (ENRICH_API_URL pointing nowhere).
import { PassThrough } from 'node:stream';
import { createLogger } from '../server/src/observability/logger';
import { buildGateway, createGatewayMetrics } from '../client/gateway/app';
import { createUpstreamPool } from '../client/gateway/upstream';

// As client/gateway/main.ts: one keep-alive pool to the API (GATEWAY_UPSTREAM_POOL=off: the default dispatcher, for A/B runs).
const upstream = process.env['GATEWAY_UPSTREAM_POOL'] === 'off' ? null : createUpstreamPool({ connections: Number(process.env['GATEWAY_UPSTREAM_CONNECTIONS'] ?? 64) });

const { app } = buildGateway({
  client: { baseUrl: process.env['ENRICH_API_URL']!, apiKey: process.env['ENRICH_API_KEY']!, retries: 0, timeoutMs: 2000, breaker: { failures: 5, openMs: 600_000 }, ...upstream?.forEnrichClient },
  logger: createLogger({ level: 'error', stream: new PassThrough() }),
  metrics: createGatewayMetrics(false),
});
const server = app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

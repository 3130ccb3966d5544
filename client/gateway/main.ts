import { buildGateway, createGatewayMetrics } from './app';
import { GatewayConfigError, parseGatewayConfig } from './config';
import { createGatewayLogger } from './logger';
import { createUpstreamPool } from './upstream';

/** `make gateway`: the local API on GATEWAY_PORT (3000), in front of ENRICH_API_URL with ENRICH_API_KEY. */
let config;
try {
  config = parseGatewayConfig(process.env);
} catch (error) {
  if (!(error instanceof GatewayConfigError)) throw error;
  process.stderr.write(`gateway: invalid configuration: ${error.message}\n`);
  process.exit(1);
}
const logger = createGatewayLogger({ level: config.logLevel });
// One keep-alive pool to the API (and the mock), made once: no client or socket per request.
const upstream = createUpstreamPool({ connections: config.upstreamConnections });
const { app } = buildGateway({
  client: {
    baseUrl: config.apiUrl,
    apiKey: config.apiKey,
    mockUrl: config.mockUrl,
    budgetMs: config.budgetMs,
    retries: config.retries,
    fallback: config.fallback,
    fetch: upstream.fetch,
  },
  logger,
  metrics: createGatewayMetrics(true),
  corsOrigins: config.corsOrigins,
  realPercent: config.realPercent,
});
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  process.stdout.write(`Enrich gateway listening on http://localhost:${typeof address === 'object' && address ? address.port : config.port}/api/enrich\n`);
});
const stop = () => server.close(() => void upstream.close().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

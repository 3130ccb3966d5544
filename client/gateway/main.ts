import { existsSync } from 'node:fs';
import path from 'node:path';
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
/** The project directory, found by walking up (this file runs as client/gateway/main.ts or dist/client/gateway/main.js). */
function projectRoot(start: string): string | undefined {
  for (let dir = start; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'openapi/enrich.yaml'))) return dir;
  }
  return undefined;
}
const root = projectRoot(__dirname);
const studioDir = config.studioDir ?? (root === undefined ? undefined : path.join(root, 'dist/studio'));
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
    ...upstream.forEnrichClient,
  },
  logger,
  metrics: createGatewayMetrics(true),
  corsOrigins: config.corsOrigins,
  realPercent: config.realPercent,
  studioDir,
  uploadLimitBytes: config.uploadLimitBytes,
});
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const origin = `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
  process.stdout.write(`Enrich gateway listening on ${origin}/api/enrich\nEnrich Studio: open ${origin}/ in a browser\n`);
});
const stop = () => server.close(() => void upstream.close().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

import { createLogger } from '../../server/src/observability/logger';
import { buildGateway, createGatewayMetrics } from './app';

/** `make gateway`: the local API on GATEWAY_PORT (3000), in front of ENRICH_API_URL with ENRICH_API_KEY. */
function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`gateway: invalid configuration: ${name} is required\n`);
    process.exit(1);
  }
  return value;
}

const port = Number(process.env['GATEWAY_PORT'] ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`gateway: invalid configuration: GATEWAY_PORT: expected a port, got ${JSON.stringify(process.env['GATEWAY_PORT'])}\n`);
  process.exit(1);
}
const logger = createLogger({ level: process.env['LOG_LEVEL'] || 'info' });
const mockUrl = process.env['ENRICH_MOCK_URL'];
const { app } = buildGateway({
  client: {
    baseUrl: required('ENRICH_API_URL'),
    apiKey: required('ENRICH_API_KEY'),
    ...(mockUrl && { mockUrl }),
    timeoutMs: Number(process.env['ENRICH_TIMEOUT_MS'] ?? 2000),
    retries: Number(process.env['ENRICH_RETRIES'] ?? 2),
  },
  logger,
  metrics: createGatewayMetrics(true),
});
const server = app.listen(port, process.env['HOST'] ?? '0.0.0.0', () => {
  const address = server.address();
  process.stdout.write(`Enrich gateway listening on http://localhost:${typeof address === 'object' && address ? address.port : port}/api/enrich\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

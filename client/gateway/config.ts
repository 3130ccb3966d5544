import type { FallbackPolicy } from '../src/types';

/** The gateway's configuration, parsed once from the environment; a bad value names the variable. */
export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly mockUrl: string | undefined;
  readonly budgetMs: number;
  readonly retries: number;
  readonly fallback: FallbackPolicy;
  /** Origins allowed to call from a browser (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /** The share of accounts (0-100, by a stable hash of the account id) sent to the real API. */
  readonly realPercent: number;
  /** The built Studio served at `/` (GATEWAY_STUDIO_DIR; by default dist/studio of the project). */
  readonly studioDir: string | undefined;
  /** The largest batch upload passed on to the API (GATEWAY_UPLOAD_LIMIT_MB, 200). */
  readonly uploadLimitBytes: number;
  /** Keep-alive sockets the gateway holds to the API at most (GATEWAY_UPSTREAM_CONNECTIONS, 64). */
  readonly upstreamConnections: number;
}

export class GatewayConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new GatewayConfigError(`${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new GatewayConfigError(`${name} is required`);
  return value;
}

export function parseGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const origins = (env['GATEWAY_CORS_ORIGINS'] ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new GatewayConfigError(`GATEWAY_CORS_ORIGINS: expected comma-separated origins like https://app.example.com, got ${JSON.stringify(origin)}`);
  }
  const fallback = env['GATEWAY_FALLBACK'] ?? 'auto';
  if (fallback !== 'auto' && fallback !== 'never') throw new GatewayConfigError(`GATEWAY_FALLBACK: expected auto or never, got ${JSON.stringify(fallback)}`);
  const budgetMs = integer(env, 'ENRICH_BUDGET_MS', integer(env, 'ENRICH_TIMEOUT_MS', 2000, 100, 60_000), 100, 60_000);
  const mockUrl = env['ENRICH_MOCK_URL'];
  return Object.freeze({
    port: integer(env, 'GATEWAY_PORT', 3000, 0, 65535),
    host: env['HOST'] || '0.0.0.0',
    logLevel: env['LOG_LEVEL'] || 'info',
    apiUrl: required(env, 'ENRICH_API_URL'),
    apiKey: required(env, 'ENRICH_API_KEY'),
    mockUrl: mockUrl === '' ? undefined : mockUrl,
    budgetMs,
    retries: integer(env, 'ENRICH_RETRIES', 2, 0, 10),
    fallback,
    corsOrigins: origins,
    realPercent: integer(env, 'GATEWAY_REAL_PERCENT', 100, 0, 100),
    studioDir: env['GATEWAY_STUDIO_DIR'] || undefined,
    uploadLimitBytes: integer(env, 'GATEWAY_UPLOAD_LIMIT_MB', 200, 1, 100_000) * 1024 * 1024,
    upstreamConnections: integer(env, 'GATEWAY_UPSTREAM_CONNECTIONS', 64, 1, 10_000),
  });
}

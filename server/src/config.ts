/**
 * Every environment variable Enrich reads, parsed and validated once at start into a frozen object.
 * Nothing else reads `process.env`. A bad value throws a ConfigError naming the variable.
 */

export type Environment = 'development' | 'test' | 'production';

export interface RateWindow {
  /** Name used in headers, problems and logs: `minute`, `hour`, `day` or `<n>s`. */
  readonly name: string;
  readonly limit: number;
  readonly seconds: number;
}

export interface ApiKeyEntry {
  readonly tenant: string;
  readonly key: string;
}

export interface Config {
  readonly env: Environment;
  readonly port: number;
  readonly host: string;
  readonly logLevel: 'error' | 'warn' | 'info' | 'http' | 'debug';
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly rateLimits: readonly RateWindow[];
  /** Multiplier of each account window that caps a whole tenant, so new account ids do not escape limits. */
  readonly tenantLimitFactor: number;
  /** Keys (tenant, account) each in-process rate-limit window keeps at most; the least recently used go first. */
  readonly limiterMaxKeys: number;
  readonly deadlineMs: number;
  readonly bodyLimitBytes: number;
  readonly validateResponses: boolean;
  readonly shutdownTimeoutMs: number;
  /** `sqlite:<file>` or `postgres://...`. */
  readonly databaseUrl: string;
  /** Shared cache (and, later, limits) when set; in-process otherwise. */
  readonly redisUrl: string | null;
  /** Load data/sample into an empty store at start. Never in production. */
  readonly sampleData: boolean;
  readonly cacheTtlMs: number;
  readonly cacheNegativeTtlMs: number;
  readonly cacheMaxEntries: number;
  readonly cacheMaxBytes: number;
  /** How often the server checks whether an import changed the store (cache generation). */
  readonly storePollMs: number;
  /** Failed authentications allowed per client address, then 429 until the window passes. */
  readonly authFailureLimit: RateWindow;
  /** Express `trust proxy`: false, a hop count, or a list of addresses/CIDRs/names (`loopback`, `10.0.0.0/8`). */
  readonly trustProxy: boolean | number | string;
  /** Key of the HMAC that stands for account ids in logs; random per process when unset (hashes then change at restart). */
  readonly logHmacSecret: string | null;
  /** Bearer token for `/metrics`; when null, only loopback clients are answered. */
  readonly metricsToken: string | null;
  /** How long a verified stored key is remembered (a revocation takes effect within this). */
  readonly keyCacheMs: number;
  /** Live sources (web, DNS, provider) on or off. */
  readonly webLookups: boolean;
  /** DNS servers for the DNS source (`host` or `host:port`); the system's when empty. */
  readonly dnsServers: readonly string[];
  readonly providerUrl: string | null;
  readonly providerKey: string | null;
  /** Follow the provider's redirects to other origins (without its key); refused by default. */
  readonly providerCrossOriginRedirects: boolean;
  /** What live sources found is served from the store for this long, then looked up again. */
  readonly liveMaxAgeMs: number;
  /** Worker threads that parse fetched pages and run the fingerprint patterns, off the event loop. */
  readonly pageWorkers: number;
  /** Pages waiting for a page worker beyond this are refused (the web source reports an error). */
  readonly pageQueueMax: number;
  /** A domain whose page was not analysed within the deadline is not fetched again for this long. */
  readonly slowPageTtlMs: number;
  /** TEST ONLY (NODE_ENV=test): host -> loopback origin for the outbound guard. */
  readonly outboundTestTargets: ReadonlyMap<string, string>;
  /** Body limit of a JSON batch enqueue (10,000 records fit in the default). */
  readonly batchBodyLimitBytes: number;
  /** Rows a batch worker enriches at once; 0 runs no worker in the server process (`npx enrich worker` does the work). */
  readonly batchConcurrency: number;
  /** The deadline of each batch row's enrichment. */
  readonly batchRowDeadlineMs: number;
  /** How long a worker holds claimed rows before another may take them (a worker that died). */
  readonly batchLeaseMs: number;
  /** Key prefix of the BullMQ queue (with REDIS_URL). */
  readonly batchQueuePrefix: string;
  /** A cap on batch rows per second shared by every BullMQ worker, so batches leave real-time answers their CPU; 0: none. */
  readonly batchMaxRowsPerS: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string | undefined,
  ) {
    super(`${variable}: expected ${expected}, got ${got === undefined ? 'nothing' : JSON.stringify(got)}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['off', 'false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, 'on or off', raw);
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const UNIT_NAMES: Record<string, string> = { m: 'minute', h: 'hour', d: 'day' };

/** Parses `100/m,1000/h,10000/d` (units s, m, h, d; an optional count before the unit: `500/10s`). */
export function parseRateLimits(raw: string, variable = 'RATE_LIMITS'): RateWindow[] {
  const expected = 'a list like 100/m,1000/h,10000/d (units s, m, h, d)';
  const windows = raw.split(',').map((part) => {
    const match = /^\s*(\d+)\s*\/\s*(\d*)\s*([smhd])\s*$/.exec(part);
    if (!match) throw new ConfigError(variable, expected, raw);
    const [, limitText, countText, unit] = match as unknown as [string, string, string, string];
    const count = countText === '' ? 1 : Number(countText);
    const limit = Number(limitText);
    if (limit < 1 || count < 1) throw new ConfigError(variable, expected, raw);
    const seconds = count * (UNIT_SECONDS[unit] ?? 1);
    const name = count === 1 && UNIT_NAMES[unit] ? (UNIT_NAMES[unit] as string) : `${seconds}s`;
    return { name, limit, seconds };
  });
  const names = new Set(windows.map((w) => w.name));
  if (names.size !== windows.length) throw new ConfigError(variable, `${expected}, each window once`, raw);
  return windows.sort((a, b) => a.seconds - b.seconds);
}

/** Parses `tenant:key,tenant2:key2`. Keys need at least 16 characters: a short key is a guessable key. */
export function parseApiKeys(raw: string | undefined): ApiKeyEntry[] {
  if (raw === undefined || raw.trim() === '') return [];
  const expected = 'a list of tenant:key pairs (tenant: letters, digits, . _ -; key: 16 to 200 visible characters)';
  return raw.split(',').map((pair) => {
    const at = pair.indexOf(':');
    const tenant = pair.slice(0, at).trim();
    const key = pair.slice(at + 1).trim();
    if (at < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(tenant) || !/^[\x21-\x7e]{16,200}$/.test(key)) {
      throw new ConfigError('ENRICH_API_KEYS', expected, pair.includes(':') ? `${tenant}:<hidden>` : '<hidden>');
    }
    return { tenant, key };
  });
}

/** `TRUST_PROXY`: off (default), on (trust every hop: only behind a proxy that overwrites X-Forwarded-For), a hop count, or addresses. */
function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || ['off', 'false', '0'].includes(raw)) return false;
  if (['on', 'true'].includes(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[A-Za-z0-9.:/,\s-]+$/.test(raw)) return raw;
  throw new ConfigError('TRUST_PROXY', 'off, on, a hop count, or addresses/CIDRs like loopback,10.0.0.0/8', raw);
}

/** Reads the configuration from `env` (normally `process.env`). Throws ConfigError on the first bad value. */
export function loadConfig(env: Env): Config {
  const nodeEnv = env['NODE_ENV'];
  const environment: Environment = nodeEnv === 'production' ? 'production' : nodeEnv === 'test' ? 'test' : 'development';
  const validateDefault = environment !== 'production';
  const sampleData = onOff(env, 'ENRICH_SAMPLE_DATA', environment !== 'production');
  if (sampleData && environment === 'production') throw new ConfigError('ENRICH_SAMPLE_DATA', 'off in production (sample data is never served in production)', env['ENRICH_SAMPLE_DATA']);
  const databaseUrl = env['DATABASE_URL'] || 'sqlite:data/enrich.db';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'sqlite:<file> or postgres://user@host:port/database', databaseUrl.replace(/\/\/[^@/]*@/, '//<credentials>@'));
  }
  const redisUrl = env['REDIS_URL'] || null;
  if (redisUrl !== null && !/^rediss?:\/\/.+/.test(redisUrl)) throw new ConfigError('REDIS_URL', 'redis://host:port', redisUrl.replace(/\/\/[^@/]*@/, '//<credentials>@'));
  const authFailures = parseRateLimits(env['AUTH_FAILURE_LIMIT'] || '20/m', 'AUTH_FAILURE_LIMIT');
  if (authFailures.length !== 1) throw new ConfigError('AUTH_FAILURE_LIMIT', 'one window like 20/m', env['AUTH_FAILURE_LIMIT']);
  const logHmacSecret = env['LOG_HMAC_SECRET'] || null;
  if (logHmacSecret !== null && logHmacSecret.length < 16) throw new ConfigError('LOG_HMAC_SECRET', 'at least 16 characters', '<hidden>');
  const metricsToken = env['METRICS_TOKEN'] || null;
  if (metricsToken !== null && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN', 'at least 16 characters', '<hidden>');
  const providerUrl = env['PROVIDER_URL'] || null;
  const providerKey = env['PROVIDER_KEY'] || null;
  if ((providerUrl === null) !== (providerKey === null)) throw new ConfigError(providerUrl === null ? 'PROVIDER_URL' : 'PROVIDER_KEY', 'set together with ' + (providerUrl === null ? 'PROVIDER_KEY' : 'PROVIDER_URL'), undefined);
  if (providerUrl !== null && !/^https?:\/\/[^\s]+$/.test(providerUrl)) throw new ConfigError('PROVIDER_URL', 'an http(s) URL', providerUrl);
  const targets = new Map<string, string>();
  const rawTargets = env['OUTBOUND_TEST_TARGETS'];
  if (rawTargets) {
    if (environment !== 'test') throw new ConfigError('OUTBOUND_TEST_TARGETS', 'unset outside NODE_ENV=test (it lets live sources reach loopback)', rawTargets);
    for (const pair of rawTargets.split(',')) {
      const match = /^\s*([a-z0-9.-]+)=(http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+)\s*$/i.exec(pair);
      if (!match) throw new ConfigError('OUTBOUND_TEST_TARGETS', 'host=http://127.0.0.1:port pairs', rawTargets);
      targets.set(match[1]!.toLowerCase(), match[2]!);
    }
  }
  const batchMaxRowsPerS = integer(env, 'BATCH_MAX_ROWS_PER_S', 0, 0, 1_000_000);
  // The cap lives in Redis so that every worker shares it; the embedded queue has nowhere to share it.
  if (batchMaxRowsPerS > 0 && redisUrl === null) throw new ConfigError('BATCH_MAX_ROWS_PER_S', '0 (no cap) without REDIS_URL: the cap is shared through Redis', env['BATCH_MAX_ROWS_PER_S']);
  const dnsServers = (env['DNS_SERVERS'] || '').split(',').map((server) => server.trim()).filter((server) => server !== '');
  for (const server of dnsServers) {
    if (!/^[0-9a-f.:[\]]+$/i.test(server)) throw new ConfigError('DNS_SERVERS', 'IP addresses with optional ports, comma-separated', env['DNS_SERVERS']);
  }
  return Object.freeze({
    env: environment,
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env['HOST'] && env['HOST'] !== '' ? env['HOST'] : '0.0.0.0',
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'info', 'http', 'debug'] as const, 'info'),
    apiKeys: Object.freeze(parseApiKeys(env['ENRICH_API_KEYS'])),
    rateLimits: Object.freeze(parseRateLimits(env['RATE_LIMITS'] || '100/m,1000/h,10000/d')),
    tenantLimitFactor: integer(env, 'TENANT_LIMIT_FACTOR', 10, 1, 1000),
    limiterMaxKeys: integer(env, 'LIMITER_MAX_KEYS', 100_000, 100, 10_000_000),
    deadlineMs: integer(env, 'ENRICH_DEADLINE_MS', 1500, 100, 5000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 16384, 1024, 1048576),
    validateResponses: onOff(env, 'VALIDATE_RESPONSES', validateDefault),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 120000),
    databaseUrl,
    redisUrl,
    sampleData,
    cacheTtlMs: integer(env, 'CACHE_TTL_S', 3600, 0, 30 * 86400) * 1000,
    cacheNegativeTtlMs: integer(env, 'CACHE_NEGATIVE_TTL_S', 300, 0, 86400) * 1000,
    cacheMaxEntries: integer(env, 'CACHE_MAX_ENTRIES', 10000, 1, 10_000_000),
    batchBodyLimitBytes: integer(env, 'BATCH_BODY_LIMIT_BYTES', 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    batchConcurrency: integer(env, 'BATCH_CONCURRENCY', 4, 0, 256),
    batchRowDeadlineMs: integer(env, 'BATCH_ROW_DEADLINE_MS', integer(env, 'ENRICH_DEADLINE_MS', 1500, 100, 5000), 100, 60000),
    batchLeaseMs: integer(env, 'BATCH_LEASE_S', 60, 1, 3600) * 1000,
    batchQueuePrefix: env['BATCH_QUEUE_PREFIX'] || 'enrich:bull',
    batchMaxRowsPerS,
    cacheMaxBytes: integer(env, 'CACHE_MAX_MB', 64, 1, 16384) * 1024 * 1024,
    storePollMs: integer(env, 'STORE_POLL_MS', 5000, 100, 3_600_000),
    authFailureLimit: authFailures[0]!,
    trustProxy: parseTrustProxy(env['TRUST_PROXY']),
    metricsToken,
    logHmacSecret,
    keyCacheMs: integer(env, 'KEY_CACHE_S', 10, 0, 3600) * 1000,
    webLookups: onOff(env, 'WEB_LOOKUPS', environment !== 'test'),
    dnsServers,
    providerUrl,
    providerKey,
    providerCrossOriginRedirects: onOff(env, 'PROVIDER_CROSS_ORIGIN_REDIRECTS', false),
    liveMaxAgeMs: integer(env, 'LIVE_MAX_AGE_H', 168, 1, 24 * 365) * 3_600_000,
    pageWorkers: integer(env, 'PAGE_WORKERS', 1, 1, 64),
    pageQueueMax: integer(env, 'PAGE_QUEUE_MAX', 32, 0, 10_000),
    slowPageTtlMs: integer(env, 'SLOW_PAGE_TTL_S', 600, 0, 86400) * 1000,
    outboundTestTargets: targets,
  });
}

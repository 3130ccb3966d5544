import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Keyring } from '../access/apiKeys';
import type { RateWindow } from '../config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { HttpProblem, PROBLEMS } from './problem';
import type { LimiterFactory } from './rateLimit';

const BEARER = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i;
const KEY_IN_QUERY = ['api_key', 'apikey', 'key', 'access_token', 'token'];
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="enrich"' };

const DETAIL: Record<string, string> = {
  missing: 'Send your API key as "Authorization: Bearer <key>".',
  malformed: 'The Authorization header must be "Bearer <key>".',
  unknown_key: 'This API key is not valid.',
  bad_checksum: 'This API key is not valid (its checksum does not match: is it complete?).',
  expired: 'This API key has expired. Use the key that replaced it.',
  key_in_query: 'API keys in the query string are refused (they end up in logs). Send "Authorization: Bearer <key>" instead, and rotate the key you sent.',
};

/** What the failure limits see of a presented key: its public prefix (`enr_live_AbCd`), never more. */
function keyPrefix(presented: string | undefined): string {
  if (presented === undefined) return 'none';
  return /^enr_(live|test)_/.test(presented) ? presented.slice(0, 13) : presented.slice(0, 4);
}

export interface AuthFailureLimits {
  /** Failures allowed per (client address, key prefix) in the window (AUTH_FAILURE_LIMIT). */
  readonly window: RateWindow;
  /** Failures allowed per tenant (a revoked or expired key names its tenant): this times the window's. */
  readonly tenantFactor: number;
  /** Makes the window's limiter: bounded in memory, or shared through Redis (composition.ts). */
  readonly makeLimiter: LimiterFactory;
}

/**
 * Bearer authentication with API keys: sets `res.locals.tenant`, `keyId` and the key's `limits`.
 * 401 (with `WWW-Authenticate: Bearer`) for a missing, malformed, unknown or expired key, 403 for a
 * revoked one. Failures are counted per (client address, key prefix): a client that keeps sending a
 * bad key gets 429 for the rest of the window, before any lookup, while other keys from the same
 * address (others behind one proxy or NAT) still work. Failures with a revoked or expired key also
 * count for its tenant, from every address; past that budget they answer 429. Shared through Redis
 * when it is configured, so every instance sees the same counts.
 */
export function authenticate(keyring: Keyring, limits: AuthFailureLimits, logger: Logger, metrics: Metrics): RequestHandler {
  const perClient = limits.makeLimiter('auth_failures', limits.window.limit, limits.window.seconds);
  const tenantLimit = limits.window.limit * limits.tenantFactor;
  const perTenant = limits.makeLimiter('auth_failures_tenant', tenantLimit, limits.window.seconds);

  const tooMany = (retryMs: number, requestId: unknown, whose: string, window: string) => {
    const retryAfter = Math.max(1, Math.ceil(retryMs / 1000));
    metrics.rateLimited.inc({ window });
    logger.warn('too many failed authentications', { event: 'rate_limited', request_id: requestId, windows: [window] });
    return new HttpProblem(
      PROBLEMS.quotaExceeded,
      `Too many failed authentications ${whose}; retry in ${retryAfter} seconds.`,
      { violated_policies: [window] },
      { 'Retry-After': String(retryAfter) },
    );
  };

  const refuse = async (clientKey: string, reason: string, requestId: unknown, tenant?: string): Promise<HttpProblem> => {
    metrics.authFailures.inc({ reason });
    logger.warn('authentication failed', { event: 'auth_failure', reason, request_id: requestId });
    await perClient.consume(clientKey).catch(() => undefined);
    if (tenant !== undefined) {
      const spent = await perTenant.consume(tenant).catch(() => null);
      if (spent?.refused) return tooMany(spent.msBeforeNext, requestId, 'with keys of this tenant', 'auth_failures_tenant');
    }
    if (reason === 'revoked') return new HttpProblem(PROBLEMS.forbidden, 'This API key has been revoked.');
    return new HttpProblem(PROBLEMS.unauthorized, DETAIL[reason] ?? DETAIL['unknown_key']!, {}, CHALLENGE);
  };

  return async (req, res, next) => {
    const requestId = res.locals.requestId;
    const header = req.get('authorization');
    const match = header === undefined ? null : BEARER.exec(header);
    const clientKey = `${req.ip ?? 'unknown'}|${keyPrefix(match?.[1])}`;
    const used = await perClient.get(clientKey).catch(() => null);
    if (used !== null && used.used >= limits.window.limit) throw tooMany(used.msBeforeNext, requestId, 'from this address with this key', 'auth_failures');
    const query = req.originalUrl.includes('?') ? new URL(req.originalUrl, 'http://x').searchParams : null;
    if (query !== null && KEY_IN_QUERY.some((name) => query.has(name))) throw await refuse(clientKey, 'key_in_query', requestId);
    if (header === undefined) throw await refuse(clientKey, 'missing', requestId);
    if (!match) throw await refuse(clientKey, 'malformed', requestId);
    let verification;
    try {
      verification = await keyring.verify(match[1]!);
    } catch (error) {
      logger.error('api key lookup failed', { request_id: requestId, error: (error as Error).message });
      throw new HttpProblem(PROBLEMS.unavailable, 'API keys cannot be checked right now.', {}, { 'Retry-After': '5' });
    }
    if (verification.status !== 'ok') throw await refuse(clientKey, verification.status, requestId, 'tenant' in verification ? verification.tenant : undefined);
    res.locals.tenant = verification.tenant;
    res.locals.keyId = verification.keyId;
    res.locals.limits = verification.limits;
    next();
  };
}

/**
 * `/metrics` access: the `METRICS_TOKEN` bearer when configured; otherwise only clients connected over
 * loopback (the socket's own address, not a forwarded one).
 */
export function metricsAccess(token: string | null): RequestHandler {
  const expected = token === null ? null : createHash('sha256').update(token).digest();
  return (req, _res, next) => {
    if (expected === null) {
      const address = req.socket.remoteAddress ?? '';
      if (['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address)) return next();
      throw new HttpProblem(PROBLEMS.unauthorized, 'Metrics are served to loopback clients only, or with METRICS_TOKEN.', {}, CHALLENGE);
    }
    const match = BEARER.exec(req.get('authorization') ?? '');
    const presented = createHash('sha256').update(match?.[1] ?? '').digest();
    if (match && timingSafeEqual(presented, expected)) return next();
    throw new HttpProblem(PROBLEMS.unauthorized, 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".', {}, CHALLENGE);
  };
}

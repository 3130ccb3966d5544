import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Keyring } from '../access/apiKeys';
import type { RateWindow } from '../config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { HttpProblem, PROBLEMS } from './problem';

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

/**
 * Bearer authentication with API keys: sets `res.locals.tenant`, `keyId` and the key's `limits`.
 * 401 (with `WWW-Authenticate: Bearer`) for a missing, malformed, unknown or expired key, 403 for a
 * revoked one. A client address that keeps failing is refused with 429 for a while, before any
 * lookup, so keys cannot be guessed at speed.
 */
export function authenticate(keyring: Keyring, failureLimit: RateWindow, logger: Logger, metrics: Metrics): RequestHandler {
  const failures = new RateLimiterMemory({ keyPrefix: 'auth_failures', points: failureLimit.limit, duration: failureLimit.seconds });

  const refuse = async (req: Request, reason: string, requestId: unknown): Promise<HttpProblem> => {
    metrics.authFailures.inc({ reason });
    logger.warn('authentication failed', { event: 'auth_failure', reason, request_id: requestId });
    await failures.consume(req.ip ?? 'unknown').catch(() => undefined);
    if (reason === 'revoked') return new HttpProblem(PROBLEMS.forbidden, 'This API key has been revoked.');
    return new HttpProblem(PROBLEMS.unauthorized, DETAIL[reason] ?? DETAIL['unknown_key']!, {}, CHALLENGE);
  };

  return async (req, res, next) => {
    const requestId = res.locals['requestId'];
    const blocked = await failures.get(req.ip ?? 'unknown');
    if (blocked !== null && blocked.consumedPoints >= failureLimit.limit) {
      const retryAfter = Math.max(1, Math.ceil(blocked.msBeforeNext / 1000));
      metrics.rateLimited.inc({ window: 'auth_failures' });
      logger.warn('too many failed authentications', { event: 'rate_limited', request_id: requestId, windows: ['auth_failures'] });
      throw new HttpProblem(
        PROBLEMS.quotaExceeded,
        `Too many failed authentications from this address; retry in ${retryAfter} seconds.`,
        { violated_policies: ['auth_failures'] },
        { 'Retry-After': String(retryAfter) },
      );
    }
    const query = new URL(req.originalUrl, 'http://x').searchParams;
    if (KEY_IN_QUERY.some((name) => query.has(name))) throw await refuse(req, 'key_in_query', requestId);
    const header = req.get('authorization');
    if (header === undefined) throw await refuse(req, 'missing', requestId);
    const match = BEARER.exec(header);
    if (!match) throw await refuse(req, 'malformed', requestId);
    let verification;
    try {
      verification = await keyring.verify(match[1]!);
    } catch (error) {
      logger.error('api key lookup failed', { request_id: requestId, error: (error as Error).message });
      throw new HttpProblem(PROBLEMS.unavailable, 'API keys cannot be checked right now.', {}, { 'Retry-After': '5' });
    }
    if (verification.status !== 'ok') throw await refuse(req, verification.status, requestId);
    res.locals['tenant'] = verification.tenant;
    res.locals['keyId'] = verification.keyId;
    res.locals['limits'] = verification.limits;
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

import type { RequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Tenant } from '../access/apiKeys';
import { HttpProblem, PROBLEMS } from './problem';

const BEARER = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i;
const KEY_IN_QUERY = ['api_key', 'apikey', 'key', 'access_token', 'token'];
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="enrich"' };

/** Bearer authentication: sets `res.locals.tenant`, or answers 401 with `WWW-Authenticate: Bearer`. */
export function authenticate(keyring: { verify(key: string): Tenant | null }, logger: Logger, metrics: Metrics): RequestHandler {
  const refuse = (reason: string, detail: string, requestId: unknown) => {
    metrics.authFailures.inc({ reason });
    logger.warn('authentication failed', { event: 'auth_failure', reason, request_id: requestId });
    return new HttpProblem(PROBLEMS.unauthorized, detail, {}, CHALLENGE);
  };
  return (req, res, next) => {
    const requestId = res.locals['requestId'];
    const query = new URL(req.originalUrl, 'http://x').searchParams;
    if (KEY_IN_QUERY.some((name) => query.has(name))) {
      throw refuse('key_in_query', 'API keys in the query string are refused (they end up in logs). Send "Authorization: Bearer <key>" instead, and rotate the key you sent.', requestId);
    }
    const header = req.get('authorization');
    if (header === undefined) throw refuse('missing', 'Send your API key as "Authorization: Bearer <key>".', requestId);
    const match = BEARER.exec(header);
    if (!match) throw refuse('malformed', 'The Authorization header must be "Bearer <key>".', requestId);
    const tenant = keyring.verify(match[1]!);
    if (tenant === null) throw refuse('unknown_key', 'This API key is not valid.', requestId);
    res.locals['tenant'] = tenant.tenant;
    next();
  };
}

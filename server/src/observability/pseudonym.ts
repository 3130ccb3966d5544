import { createHmac } from 'node:crypto';

/**
 * The account id as logs show it: a keyed hash (HMAC-SHA-256 with the per-deploy LOG_HMAC_SECRET,
 * 96 bits, base64url). Stable for one secret, so operators can follow an account across lines and
 * instances, and ask "is this account X?" by hashing X with the secret; without the secret the log
 * does not say who the account is (account ids are often emails).
 */
export function accountPseudonym(secret: string): (account: string) => string {
  return (account) => `acct_${createHmac('sha256', secret).update(account).digest('base64url').slice(0, 16)}`;
}

import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** Account ids whose pseudonym is kept (a few MiB at most); past it the least recently seen is hashed again when it returns. */
const REMEMBERED = 10_000;

/**
 * The account id as logs show it: a keyed hash (HMAC-SHA-256 with the per-deploy LOG_HMAC_SECRET,
 * 96 bits, base64url). Stable for one secret, so operators can follow an account across lines and
 * instances, and ask "is this account X?" by hashing X with the secret; without the secret the log
 * does not say who the account is (account ids are often emails). Recent accounts' pseudonyms are
 * remembered in memory (bounded), so a busy account is hashed once, not once per request.
 */
export function accountPseudonym(secret: string): (account: string) => string {
  const known = new LRUCache<string, string>({ max: REMEMBERED });
  return (account) => {
    let pseudonym = known.get(account);
    if (pseudonym === undefined) {
      pseudonym = `acct_${createHmac('sha256', secret).update(account).digest('base64url').slice(0, 16)}`;
      known.set(account, pseudonym);
    }
    return pseudonym;
  };
}

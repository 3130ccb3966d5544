import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config';

export interface Tenant {
  readonly tenant: string;
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * API keys held only as SHA-256 digests. `verify` compares the presented key's digest with every
 * stored digest with `timingSafeEqual` and no early exit, so its time does not depend on the secret.
 */
export function createKeyring(entries: readonly ApiKeyEntry[]): { verify(presented: string): Tenant | null } {
  const stored = entries.map((entry) => ({ tenant: entry.tenant, digest: digest(entry.key) }));
  return {
    verify(presented) {
      const candidate = digest(presented);
      let match: Tenant | null = null;
      for (const entry of stored) {
        if (timingSafeEqual(entry.digest, candidate) && match === null) match = { tenant: entry.tenant };
      }
      return match;
    },
  };
}

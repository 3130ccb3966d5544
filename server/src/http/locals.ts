import type { RateWindow } from '../config';

/**
 * What the middlewares hand each other on `res.locals`, declared once (STYLE 17). Set by, in order:
 * requestId (requestId), the operation namer in app.ts (operation, route), auth (tenant, keyId,
 * limits), rateLimit (account, limitRemaining), the enrich handler (matchStatus, cached, sources).
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      /** The operationId of the matched route. */
      operation?: string;
      /** The matched route's template (`/enrich`), for logs: never the raw path. */
      route?: string;
      tenant?: string;
      keyId?: string;
      /** The key's own windows, when it has them. */
      limits?: readonly RateWindow[] | null;
      /** The account as logs show it: its keyed hash (observability/pseudonym.ts), never the raw id. */
      account?: string;
      limitRemaining?: number;
      matchStatus?: 'full' | 'partial' | 'none';
      cached?: boolean;
      sources?: readonly string[];
    }
  }
}

export {};

import type { Handler } from './types';

/** A dependency the server needs to answer; `check` rejects or resolves false when it is not reachable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<boolean>;
}

/** Readiness: every dependency answers. 503 with `Retry-After`, naming the one that did not, otherwise. */
export function readyHandler(checks: readonly ReadinessCheck[]): Handler<'ready'> {
  return async (_req, res) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => [name, await check().catch(() => false)] as const),
    );
    const ready = results.every(([, ok]) => ok);
    const body = {
      status: ready ? ('ready' as const) : ('not_ready' as const),
      checks: Object.fromEntries(results.map(([name, ok]) => [name, ok ? ('ok' as const) : ('unreachable' as const)])),
    };
    if (!ready) res.setHeader('Retry-After', '5');
    res.status(ready ? 200 : 503).json(body);
  };
}

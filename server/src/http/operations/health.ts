import type { Handler } from './types';

/** Liveness: the process answers HTTP. */
export function healthHandler(deps: { version: string; startedAt: number; now: () => number }): Handler<'health'> {
  return (_req, res) => {
    res.json({ status: 'ok', version: deps.version, uptime_s: Math.floor((deps.now() - deps.startedAt) / 1000) });
  };
}

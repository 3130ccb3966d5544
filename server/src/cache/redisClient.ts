import { Redis } from 'ioredis';

/**
 * A Redis client that never makes a request wait on Redis: no offline queue (commands fail at once
 * while disconnected), a short command timeout, one retry per command, and reconnects in the background.
 */
export function createRedisClient(url: string, options: { commandTimeoutMs?: number } = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? 250,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  // Errors surface per command; the connection's own error events would otherwise crash the process.
  client.on('error', () => undefined);
  return client;
}

/** Resolves true once the client is connected, false after `timeoutMs` (the client keeps trying in the background). */
export function redisReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

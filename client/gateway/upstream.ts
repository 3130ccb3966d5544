import { Agent, fetch as undiciFetch } from 'undici';

export interface UpstreamPool {
  /** fetch over the pool, for the client's `fetch` option. */
  readonly fetch: typeof fetch;
  close(): Promise<void>;
}

/**
 * The gateway's connections to the API: one keep-alive pool made once, at most `connections` sockets
 * per origin. Without it every call used the process-wide default dispatcher, which opens a new socket
 * whenever all are busy — at 1,000 callers, up to 1,000 sockets to the API, each request waiting in
 * the API's accept queue. Requests beyond the pool wait here, in order, for a free socket.
 */
export function createUpstreamPool(options: { connections?: number; keepAliveMs?: number } = {}): UpstreamPool {
  const agent = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: options.keepAliveMs ?? 30_000, pipelining: 1 });
  const pooled = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent });
  return { fetch: pooled as unknown as typeof fetch, close: () => agent.close() };
}

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
  type UndiciInit = NonNullable<Parameters<typeof undiciFetch>[1]>;
  const pooled = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    // openapi-fetch hands over a Request of the runtime's own fetch, which undici's package does not
    // take as one (it would read it as a URL): its parts are passed instead.
    if (input instanceof Request) {
      const fromRequest = { method: input.method, headers: input.headers, signal: input.signal, ...(input.body !== null && { body: input.body, duplex: 'half' }) };
      return undiciFetch(input.url, { ...fromRequest, ...(init as UndiciInit), dispatcher: agent } as UndiciInit);
    }
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as UndiciInit), dispatcher: agent });
  };
  return { fetch: pooled as unknown as typeof fetch, close: () => agent.close() };
}

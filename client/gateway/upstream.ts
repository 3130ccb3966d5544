import { Agent, type Dispatcher } from 'undici';

/** What a call over the pool answers: the part of a Response the typed client and openapi-fetch read. Its body must be read (or the socket stays taken). */
export interface UpstreamAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface UpstreamPool {
  /**
   * A call over the pool: this pool's Request, a runtime Request, or a URL with its init. Redirects are
   * not followed: the API never redirects, so a 3xx is an answer the client refuses, and the key never
   * leaves for another origin.
   */
  fetch(input: UpstreamRequest | Request | string | URL, init?: RequestInit): Promise<UpstreamAnswer>;
  /**
   * The Request class the typed client builds each call with: it keeps the URL, method, headers, body
   * text and signal as given, so no body stream is made and `fetch` sends the text as it is.
   */
  readonly Request: typeof UpstreamRequest;
  /**
   * `fetch` and `Request` as the typed client's options take them (`createEnrichClient({ ...pool.forEnrichClient })`).
   * Typed as the Fetch API's, which they are not in full: they are what the enrich client and
   * openapi-fetch use (without openapi-fetch middleware). Not for other code (the batch client reads a body stream).
   */
  readonly forEnrichClient: { readonly fetch: typeof fetch; readonly Request: typeof Request };
  close(): Promise<void>;
}

/** A request as openapi-fetch hands it over: its parts, kept as given. */
export class UpstreamRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;

  constructor(input: string | URL, init: RequestInit = {}) {
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') throw new TypeError('the gateway sends JSON text bodies only');
    this.url = String(input);
    this.method = init.method ?? 'GET';
    // openapi-fetch hands over the Headers it merged: kept, not copied.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? undefined;
    this.signal = init.signal ?? undefined;
  }
}

/** The answer's headers as undici hands them (lower-cased names), read as a Headers object would be. */
class AnswerHeaders {
  constructor(private readonly raw: Dispatcher.ResponseData['headers']) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/** What the client reads of an answer; the body is read once, as with a Response. */
class UpstreamResponse implements UpstreamAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: AnswerHeaders;

  constructor(private readonly answer: Dispatcher.ResponseData) {
    this.status = answer.statusCode;
    this.ok = answer.statusCode >= 200 && answer.statusCode < 300;
    this.headers = new AnswerHeaders(answer.headers);
  }

  text(): Promise<string> {
    return this.answer.body.text();
  }

  json(): Promise<unknown> {
    return this.answer.body.json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.answer.body.arrayBuffer();
  }
}

/**
 * The gateway's connections to the API: one keep-alive pool made once, at most `connections` sockets
 * per origin. Without it every call used the process-wide default dispatcher, which opens a new socket
 * whenever all are busy — at 1,000 callers, up to 1,000 sockets to the API, each request waiting in
 * the API's accept queue. Requests beyond the pool wait here, in order, for a free socket.
 *
 * Calls go to undici's `request()` on the pool, not through `fetch`: the Fetch machinery (a Request
 * and a Response with their streams, per call) was a third of the gateway's CPU.
 */
export function createUpstreamPool(options: { connections?: number; keepAliveMs?: number } = {}): UpstreamPool {
  const agent = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: options.keepAliveMs ?? 30_000, pipelining: 1 });
  /** The parts of what was passed: this pool's Request as is; a runtime Request (a client not given this pool's class) read whole first. */
  const partsOf = async (input: UpstreamRequest | Request | string | URL, init?: RequestInit): Promise<UpstreamRequest> => {
    if (input instanceof UpstreamRequest) return input;
    if (input instanceof Request) {
      const body = input.body === null ? undefined : await input.text();
      return new UpstreamRequest(input.url, { method: input.method, headers: input.headers, signal: input.signal, ...(body !== undefined && { body }), ...init });
    }
    return new UpstreamRequest(input, init);
  };
  const pooled = async (input: UpstreamRequest | Request | string | URL, init?: RequestInit): Promise<UpstreamResponse> => {
    const request = await partsOf(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const answer = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: request.body ?? null,
      signal: request.signal ?? null,
    });
    return new UpstreamResponse(answer);
  };
  return {
    fetch: pooled,
    Request: UpstreamRequest,
    forEnrichClient: { fetch: pooled as unknown as typeof fetch, Request: UpstreamRequest as unknown as typeof Request },
    close: () => agent.close(),
  };
}

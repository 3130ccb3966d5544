import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';
import { specialPurposeRange } from './specialPurpose';

/** Why an outbound request was not made. */
export class OutboundRefused extends Error {
  constructor(readonly reason: string) {
    super(`outbound request refused: ${reason}`);
    this.name = 'OutboundRefused';
  }
}

/**
 * True only for public unicast addresses: nothing in the IANA special-purpose registries
 * (./specialPurpose.ts: loopback, private, CGNAT, link-local with cloud metadata at 169.254.169.254,
 * unique-local, documentation, benchmarking, IPv4-compatible `::/96`, 6to4, Teredo, NAT64, ...), nor
 * multicast or reserved space. An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // ipaddr.js reads `::8.8.8.8` (IPv4-compatible, ::/96) as if it were mapped (::ffff:8.8.8.8):
  // the only dotted IPv6 form judged as its IPv4 address is the mapped one, written as such.
  if (address.includes(':') && address.includes('.') && !/^::ffff:(\d{1,3}\.){3}\d{1,3}$/i.test(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast' && specialPurposeRange(ip) === null;
}

export interface OutboundResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers (set-cookie) keep every value. */
  readonly headers: Record<string, string[]>;
  /**
   * The body as received (at most maxBytes), in a buffer of its own: a page goes to its worker by
   * transfer, so the event loop never decodes or copies it.
   */
  readonly bytes: Uint8Array;
  /** The body decoded as UTF-8, on first use (JSON answers). */
  readonly body: string;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export interface OutboundOptions {
  /**
   * TEST ONLY: host names served by a loopback origin instead (`acme.test` -> `http://127.0.0.1:4123`).
   * Exactly these names bypass the address check; nothing else does. Set from OUTBOUND_TEST_TARGETS,
   * which the configuration accepts only when NODE_ENV=test. No request can add to it.
   */
  readonly testTargets?: ReadonlyMap<string, string>;
  /** Name resolution (tests inject one that answers private addresses). node:dns lookup by default. */
  readonly resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** More header names that hold secrets (besides Authorization, Cookie, X-Api-Key, ...), dropped on cross-origin redirects. */
  readonly secretHeaders?: readonly string[];
}

export interface OutboundRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Ends the request (the enrichment deadline). */
  readonly signal: AbortSignal;
  /**
   * A redirect to another origin: `strip` (default) follows it without the credential headers, as
   * the Fetch standard does; `refuse` fails the request (the provider adapter: its key is for its API).
   */
  readonly crossOriginRedirects?: 'strip' | 'refuse';
}

/** Headers that carry credentials: never sent to an origin other than the one they were given for. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-auth-token']);

/** The headers to send to the next hop of a redirect chain that started at `first`. */
function headersForHop(headers: Record<string, string> | undefined, first: URL, next: URL, secretHeaders: ReadonlySet<string>): Record<string, string> | undefined {
  if (headers === undefined || first.origin === next.origin) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()) && !secretHeaders.has(name.toLowerCase())));
}

const defaultResolve = (hostname: string) =>
  new Promise<Array<{ address: string; family: number }>>((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * The one outbound HTTP path of the live sources. Before connecting it resolves the host and refuses
 * any address that is not public; the connection then goes to the address that was checked (the
 * checked answer is handed to the socket, so there is no second resolution to rebind). http and
 * https only, ports 80 and 443, at most `maxRedirects` redirects (each checked again), bodies capped
 * at `maxBytes` (the rest is not read), and everything bounded by the caller's signal.
 */
export function createOutbound(options: OutboundOptions = {}) {
  const resolveHost = options.resolve ?? defaultResolve;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const userAgent = options.userAgent ?? 'EnrichBot/0.1 (+https://enrich.example.com/bot)';
  const secretHeaders = new Set((options.secretHeaders ?? []).map((name) => name.toLowerCase()));

  /** Resolves and checks; the socket connects to the checked address only. */
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolveHost(hostname).then(
      (addresses) => {
        const refused = addresses.find((a) => !isPublicAddress(a.address));
        if (addresses.length === 0 || refused) {
          callback(new OutboundRefused(`${hostname} resolves to a non-public address`), '', 0);
          return;
        }
        if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
  const guarded = new Agent({ connect: { lookup: guardedLookup }, connections: 64 });
  const loopback = new Agent({ connections: 16 });

  async function once(target: URL, init: OutboundRequest) {
    const testOrigin = options.testTargets?.get(target.hostname);
    let url = target;
    let dispatcher = guarded;
    if (testOrigin !== undefined) {
      url = new URL(`${target.pathname}${target.search}`, testOrigin);
      dispatcher = loopback;
    } else {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new OutboundRefused(`scheme ${target.protocol} is not allowed`);
      if (target.port !== '' && target.port !== '80' && target.port !== '443') throw new OutboundRefused(`port ${target.port} is not allowed`);
      if (target.username || target.password) throw new OutboundRefused('credentials in URLs are not allowed');
      const literal = target.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) && !isPublicAddress(literal)) throw new OutboundRefused(`${literal} is not a public address`);
    }
    return request(url, {
      method: init.method ?? 'GET',
      headers: {
        'user-agent': userAgent,
        accept: 'text/html,application/json;q=0.9,*/*;q=0.5',
        ...Object.fromEntries(Object.entries(init.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
      },
      ...(init.body !== undefined && { body: init.body }),
      signal: init.signal,
      dispatcher,
      maxRedirections: 0,
    } as Parameters<typeof request>[1]);
  }

  return {
    async fetch(rawUrl: string, init: OutboundRequest): Promise<OutboundResponse> {
      const first = new URL(rawUrl);
      let url = first;
      let hop: OutboundRequest = init;
      for (let redirects = 0; ; redirects += 1) {
        const response = await once(url, hop);
        const location = response.headers['location'];
        if (response.statusCode >= 300 && response.statusCode < 400 && location) {
          await response.body.dump();
          if (redirects >= maxRedirects) throw new OutboundRefused(`more than ${maxRedirects} redirects`);
          const next = new URL(Array.isArray(location) ? location[0]! : location, url);
          if (next.origin !== first.origin && init.crossOriginRedirects === 'refuse') throw new OutboundRefused(`a redirect to another origin (${next.origin})`);
          // As the Fetch standard: a 303 (or a 301/302 after a POST) becomes a GET without a body;
          // credentials stay with the origin they were given for, even if the chain comes back to it.
          const toGet = response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && hop.method === 'POST');
          const headers = headersForHop(hop.headers, url, next, secretHeaders);
          hop = { signal: init.signal, method: toGet ? 'GET' : (hop.method ?? 'GET'), ...(headers !== undefined && { headers }), ...(!toGet && hop.body !== undefined && { body: hop.body }) };
          url = next;
          continue;
        }
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          const buffer = chunk as Buffer;
          chunks.push(size + buffer.length > maxBytes ? buffer.subarray(0, maxBytes - size) : buffer);
          size += buffer.length;
          if (size >= maxBytes) {
            response.body.destroy();
            break;
          }
        }
        const headers: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value : [value];
        }
        return responseOf(response.statusCode, headers, joined(chunks), url.toString());
      }
    },
    async close(): Promise<void> {
      await Promise.all([guarded.close(), loopback.close()]);
    },
  };
}

export type Outbound = ReturnType<typeof createOutbound>;

/** The chunks in one buffer that owns its memory (Buffer.concat may hand out a slice of a shared pool, which cannot be transferred). */
function joined(chunks: readonly Uint8Array[]): Uint8Array {
  // Not zero-filled (every byte is written below), and never a slice of Buffer's shared pool.
  const bytes = Buffer.allocUnsafeSlow(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

function responseOf(status: number, headers: Record<string, string[]>, bytes: Uint8Array, url: string): OutboundResponse {
  let text: string | undefined;
  return {
    status,
    headers,
    bytes,
    url,
    get body() {
      return (text ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    },
  };
}

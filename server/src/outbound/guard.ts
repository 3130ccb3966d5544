import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';

/** Why an outbound request was not made. */
export class OutboundRefused extends Error {
  constructor(readonly reason: string) {
    super(`outbound request refused: ${reason}`);
    this.name = 'OutboundRefused';
  }
}

/**
 * True only for public unicast addresses. Loopback, private (RFC 1918), CGNAT, link-local (cloud
 * metadata at 169.254.169.254), unique-local, unspecified, multicast, reserved, and IPv6 forms that
 * embed IPv4 (mapped, 6to4, Teredo, NAT64) are all refused; an IPv4-mapped IPv6 address is judged as
 * the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

export interface OutboundResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers (set-cookie) keep every value. */
  readonly headers: Record<string, string[]>;
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
}

export interface OutboundRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Ends the request (the enrichment deadline). */
  readonly signal: AbortSignal;
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
      headers: { 'user-agent': userAgent, accept: 'text/html,application/json;q=0.9,*/*;q=0.5', ...init.headers },
      ...(init.body !== undefined && { body: init.body }),
      signal: init.signal,
      dispatcher,
      maxRedirections: 0,
    } as Parameters<typeof request>[1]);
  }

  return {
    async fetch(rawUrl: string, init: OutboundRequest): Promise<OutboundResponse> {
      let url = new URL(rawUrl);
      for (let redirects = 0; ; redirects += 1) {
        const response = await once(url, init);
        const location = response.headers['location'];
        if (response.statusCode >= 300 && response.statusCode < 400 && location) {
          await response.body.dump();
          if (redirects >= maxRedirects) throw new OutboundRefused(`more than ${maxRedirects} redirects`);
          url = new URL(Array.isArray(location) ? location[0]! : location, url);
          continue;
        }
        const chunks: Buffer[] = [];
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
        return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), url: url.toString() };
      }
    },
    async close(): Promise<void> {
      await Promise.all([guarded.close(), loopback.close()]);
    },
  };
}

export type Outbound = ReturnType<typeof createOutbound>;

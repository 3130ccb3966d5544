import { Resolver } from 'node:dns/promises';
import type { DnsLookups } from '../enrichment/sources/dns';

/**
 * MX and TXT through node:dns, against `servers` when given (`DNS_SERVERS`, e.g. 127.0.0.1:5353 in
 * tests) or the system's resolvers. Each query is bounded by the request deadline.
 */
export function createDnsLookups(servers: readonly string[]): DnsLookups {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  if (servers.length > 0) resolver.setServers([...servers]);
  const bounded = <T>(work: Promise<T>, signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  return {
    mx: async (domain, signal) => (await bounded(resolver.resolveMx(domain), signal)).sort((a, b) => a.priority - b.priority).map((r) => r.exchange),
    txt: async (domain, signal) => (await bounded(resolver.resolveTxt(domain), signal)).map((chunks) => chunks.join('')),
  };
}

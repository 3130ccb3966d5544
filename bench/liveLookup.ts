// The live web lookup on its own: the web source (guarded outbound path, HTML parsing, JSON-LD,
// fingerprint matching) against a fixture company site on 127.0.0.1, 10 lookups in flight at a time.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebSource } from '../server/src/enrichment/sources/web';
import { normaliseIdentifiers } from '../server/src/enrichment/identifiers';
import { createPagePool } from '../server/src/enrichment/page/pool';
import { createOutbound } from '../server/src/outbound/guard';
import { COMPANY_HOME } from '../server/test/fixtures';

export interface LiveRow {
  lookups: number;
  concurrency: number;
  p50: number;
  p90: number;
  p99: number;
  failures: number;
}

export async function liveLookup(lookups = 1000, concurrency = 10): Promise<LiveRow> {
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html', Server: 'cloudflare', 'Set-Cookie': '_ga=GA1.1.1; Path=/' });
    res.end(COMPANY_HOME);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const outbound = createOutbound({ testTargets: new Map([['fixture-company.com', origin]]) });
  const pages = createPagePool({ threads: 1, maxQueue: concurrency * 2 });
  const web = createWebSource({ fetchPage: (url, signal) => outbound.fetch(url, { signal }), analyzePage: pages.analyze, slowPageTtlMs: 0, isFreeMailbox: () => false, now: () => new Date() });
  const identifiers = normaliseIdentifiers({ domain: 'fixture-company.com' });
  const timings: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < lookups) {
      next += 1;
      const started = performance.now();
      const found = await web.lookup(identifiers, web.provides, AbortSignal.timeout(1500), {}).catch(() => null);
      timings.push(performance.now() - started);
      if (found?.company_name === undefined) failures += 1;
    }
  };
  await web.lookup(identifiers, web.provides, AbortSignal.timeout(5000), {}); // warm-up: loads the fingerprints
  await Promise.all(Array.from({ length: concurrency }, worker));
  await outbound.close();
  await pages.close();
  await new Promise((resolve) => site.close(resolve));
  timings.sort((a, b) => a - b);
  const at = (q: number) => Math.round(timings[Math.min(timings.length - 1, Math.floor(timings.length * q))]! * 10) / 10;
  return { lookups: timings.length, concurrency, p50: at(0.5), p90: at(0.9), p99: at(0.99), failures };
}

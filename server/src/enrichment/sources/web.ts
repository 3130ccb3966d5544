import type { FieldName, IdentifierName } from '../fields';
import { CONFIDENCE } from '../confidence';
import type { FoundValue, Source, SourceFindings } from '../engine';
import { LRUCache } from 'lru-cache';
import type { Identifiers } from '../identifiers';
import type { FetchedPage, JsonObject, PageAnalysis } from '../page/analyze';

const W = CONFIDENCE.web;

/** What the web source needs to fetch a page: the guarded outbound path (server/src/outbound/guard.ts). */
export type PageFetcher = (url: string, signal: AbortSignal) => Promise<{ status: number; headers: Record<string, string[]>; bytes: Uint8Array; url: string }>;

export interface WebSourceOptions {
  readonly fetchPage: PageFetcher;
  readonly isFreeMailbox: (host: string) => boolean;
  readonly now: () => Date;
  /** Parses the page off the event loop, given up at `signal` (server/src/enrichment/page/pool.ts); may take the page's bytes by transfer. */
  readonly analyzePage: (page: FetchedPage, signal: AbortSignal) => Promise<PageAnalysis>;
  /** How long a domain whose page could not be analysed within the deadline is left alone. */
  readonly slowPageTtlMs: number;
}

/** The contract's maxLength for company fields, and for the technologies list (openapi/enrich.yaml). */
const MAX_VALUE_LENGTH = 512;
const MAX_TECHNOLOGIES_LENGTH = 4096;

/** At most this many slow domains are remembered; the least recently seen go first. */
const SLOW_PAGES_MAX = 10_000;

/** A page that recently took longer than a deadline to analyse: not fetched or parsed again for a while. */
export class SlowPageSkipped extends Error {
  constructor(domain: string) {
    super(`the home page of ${domain} recently took longer than the deadline to analyse`);
    this.name = 'SlowPageSkipped';
  }
}

/** Employee count -> the contract's size band. */
export function sizeBand(count: number): string | null {
  if (!Number.isFinite(count) || count < 1) return null;
  const bands: Array<[number, string]> = [[10, '1-10'], [50, '11-50'], [200, '51-200'], [500, '201-500'], [1000, '501-1000'], [5000, '1001-5000'], [10000, '5001-10000']];
  return bands.find(([max]) => count <= max)?.[1] ?? '10001+';
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim().replace(/\s+/g, ' ');
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && 'name' in value) return text((value as JsonObject)['name']);
  return null;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
function country(value: unknown): string | null {
  const name = text(value);
  if (name !== null && /^[A-Za-z]{2}$/.test(name)) return regionNames.of(name.toUpperCase()) ?? name;
  return name;
}

function employees(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d[\d,]*$/.test(value.trim())) return Number(value.replace(/,/g, ''));
  if (value && typeof value === 'object') {
    const q = value as JsonObject;
    const exact = employees(q['value']);
    if (exact !== null) return exact;
    const min = employees(q['minValue']);
    const max = employees(q['maxValue']);
    if (min !== null && max !== null) return Math.round((min + max) / 2);
    return min ?? max;
  }
  return null;
}

/**
 * The company's own home page: schema.org JSON-LD (Organization and kin: name, address, telephone,
 * numberOfEmployees, sameAs -> LinkedIn), OpenGraph/meta tags (the name), and the technologies its
 * headers, scripts, meta tags and cookies show (webappanalyzer fingerprints). Company fields only.
 */
export function createWebSource(options: WebSourceOptions): Source {
  const slowPages = new LRUCache<string, true>({ max: SLOW_PAGES_MAX, ttl: Math.max(1, options.slowPageTtlMs) });
  const provides: FieldName[] = ['company_name', 'company_size', 'location', 'city', 'state', 'country', 'zip_code', 'phone', 'linkedin_url', 'technologies'];
  return {
    name: 'web',
    entity: 'company',
    provides,
    async lookup(identifiers: Identifiers, _wanted, signal) {
      const target = companyDomain(identifiers, options.isFreeMailbox);
      if (target === null) return {};
      if (slowPages.has(target.domain)) throw new SlowPageSkipped(target.domain);
      let analysis: PageAnalysis | null;
      try {
        const page = await options.fetchPage(`https://${target.domain}/`, signal);
        analysis = page.status >= 400 ? null : await options.analyzePage({ bytes: page.bytes, headers: page.headers }, signal);
      } catch (error) {
        // Not fetched and analysed by the deadline, or the worker ran out of memory on it: remember the
        // page, so a hostile or slow site is not fetched and parsed again on every request.
        const slow = signal.aborted || (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (slow && options.slowPageTtlMs > 0) slowPages.set(target.domain, true);
        throw error;
      }
      if (analysis === null) return {};
      const fetchedAt = options.now();
      const findings: SourceFindings = {};
      const put = (field: FieldName, value: string | null, confidence: number, maxLength = MAX_VALUE_LENGTH) => {
        // A page can say anything: a value longer than the contract allows is not a value we trust.
        if (value !== null && value.length <= maxLength && findings[field] === undefined) findings[field] = { value, confidence, fetchedAt, matchedOn: target.matchedOn } satisfies FoundValue;
      };

      const { organization, meta, technologies } = analysis;
      if (organization) {
        put('company_name', text(organization['legalName']) ?? text(organization['name']), W.jsonLdName);
        const address = [organization['address']].flat()[0] as JsonObject | undefined;
        if (address && typeof address === 'object') {
          const city = text(address['addressLocality']);
          const state = text(address['addressRegion']);
          const land = country(address['addressCountry']);
          put('city', city, W.jsonLdAddress);
          put('state', state, W.jsonLdAddress);
          put('country', land, W.jsonLdAddress);
          put('zip_code', text(address['postalCode']), W.jsonLdAddress);
          const location = [city, state, land].filter((part) => part !== null).join(', ');
          put('location', location === '' ? null : location, W.jsonLdAddress);
        }
        put('phone', text(organization['telephone']), W.jsonLdTelephone);
        const count = employees(organization['numberOfEmployees']);
        put('company_size', count === null ? null : sizeBand(count), W.jsonLdEmployees);
        const linkedin = [organization['sameAs']].flat().find((url) => typeof url === 'string' && /^https:\/\/([a-z]{2,3}\.)?linkedin\.com\/company\//i.test(url));
        put('linkedin_url', typeof linkedin === 'string' ? linkedin : null, W.jsonLdLinkedIn);
      }
      put('company_name', meta['og:site_name']?.[0] ?? meta['application-name']?.[0] ?? null, W.metaSiteName);

      const listed: string[] = [];
      for (const name of technologies) if ([...listed, name].join(', ').length <= MAX_TECHNOLOGIES_LENGTH) listed.push(name);
      put('technologies', listed.length === 0 ? null : listed.join(', '), W.technologies, MAX_TECHNOLOGIES_LENGTH);
      return findings;
    },
  };
}

/** The company domain to look at: the `domain` sent, else a work email's domain. */
export function companyDomain(identifiers: Identifiers, isFreeMailbox: (host: string) => boolean): { domain: string; matchedOn: IdentifierName } | null {
  if (identifiers.domain) return { domain: identifiers.domain, matchedOn: 'domain' };
  const email = identifiers.email;
  if (email?.domain && !isFreeMailbox(email.host)) return { domain: email.domain, matchedOn: 'email' };
  return null;
}

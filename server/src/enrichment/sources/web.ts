import type { FieldName, IdentifierName } from '../fields';
import { CONFIDENCE } from '../confidence';
import type { FoundValue, Source, SourceFindings } from '../engine';

const W = CONFIDENCE.web;
import { detectTechnologies } from '../fingerprints';
import type { Identifiers } from '../identifiers';

/** What the web source needs to fetch a page: the guarded outbound path (server/src/outbound/guard.ts). */
export type PageFetcher = (url: string, signal: AbortSignal) => Promise<{ status: number; headers: Record<string, string[]>; body: string; url: string }>;

export interface WebSourceOptions {
  readonly fetchPage: PageFetcher;
  readonly isFreeMailbox: (host: string) => boolean;
  readonly now: () => Date;
}

type JsonObject = Record<string, unknown>;

const ORGANIZATION_TYPES = /^(Organization|Corporation|LocalBusiness|OnlineBusiness|NGO|EducationalOrganization|MedicalOrganization|SportsOrganization|GovernmentOrganization|Store|ProfessionalService)$/;

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

/** Every JSON-LD node of the page, @graph and arrays flattened; unparsable blocks are skipped. */
export function jsonLdNodes(html: string): JsonObject[] {
  const nodes: JsonObject[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const node = value as JsonObject;
      nodes.push(node);
      if (node['@graph']) visit(node['@graph']);
    }
  };
  for (const match of html.matchAll(/<script[^>]*type=["']application\/ld\+json["'][^>]*>([\s\S]*?)<\/script>/gi)) {
    try {
      visit(JSON.parse(match[1]!));
    } catch {
      // a broken block on someone's home page is their problem, not a failed lookup
    }
  }
  return nodes;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[match[1]!.toLowerCase()] = match[3] ?? match[4] ?? '';
  return out;
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The page's meta tags (name or property -> contents) and script URLs. */
export function pageTags(html: string): { meta: Record<string, string[]>; scripts: string[] } {
  const meta: Record<string, string[]> = {};
  for (const match of html.matchAll(/<meta\s[^>]*>/gi)) {
    const attrs = attributes(match[0]);
    const key = (attrs['name'] ?? attrs['property'])?.toLowerCase();
    if (key && attrs['content'] !== undefined) (meta[key] ??= []).push(decodeEntities(attrs['content']));
  }
  const scripts = [...html.matchAll(/<script\s[^>]*src\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
  return { meta, scripts };
}

function cookies(setCookie: string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const header of setCookie ?? []) {
    const [pair] = header.split(';');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0) (out[pair.slice(0, at).trim()] ??= []).push(pair.slice(at + 1).trim());
  }
  return out;
}

/**
 * The company's own home page: schema.org JSON-LD (Organization and kin: name, address, telephone,
 * numberOfEmployees, sameAs -> LinkedIn), OpenGraph/meta tags (the name), and the technologies its
 * headers, scripts, meta tags and cookies show (webappanalyzer fingerprints). Company fields only.
 */
export function createWebSource(options: WebSourceOptions): Source {
  const provides: FieldName[] = ['company_name', 'company_size', 'location', 'city', 'state', 'country', 'zip_code', 'phone', 'linkedin_url', 'technologies'];
  return {
    name: 'web',
    entity: 'company',
    provides,
    async lookup(identifiers: Identifiers, _wanted, signal) {
      const target = companyDomain(identifiers, options.isFreeMailbox);
      if (target === null) return {};
      const page = await options.fetchPage(`https://${target.domain}/`, signal);
      if (page.status >= 400) return {};
      const fetchedAt = options.now();
      const findings: SourceFindings = {};
      const put = (field: FieldName, value: string | null, confidence: number) => {
        if (value !== null && findings[field] === undefined) findings[field] = { value, confidence, fetchedAt, matchedOn: target.matchedOn } satisfies FoundValue;
      };

      const organization = jsonLdNodes(page.body).find((node) => [node['@type']].flat().some((type) => typeof type === 'string' && ORGANIZATION_TYPES.test(type)));
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
      const { meta, scripts } = pageTags(page.body);
      put('company_name', meta['og:site_name']?.[0] ?? meta['application-name']?.[0] ?? null, W.metaSiteName);

      const technologies = detectTechnologies({ html: page.body, headers: page.headers, scripts, meta, cookies: cookies(page.headers['set-cookie']) });
      put('technologies', technologies.length === 0 ? null : technologies.join(', '), W.technologies);
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

import { Parser } from 'htmlparser2';
import { detectTechnologies } from '../fingerprints';
import { MarkupWriter } from './markup';

/**
 * What the web source reads from a fetched home page, in one pass of htmlparser2's streaming
 * tokenizer (linear in the page: no regular expression ever runs over the page itself; the HTML
 * fingerprints run over the bounded markup of ./markup.ts). Runs in the page worker (./worker.ts):
 * the page arrives there as bytes, so decoding it costs the event loop nothing either.
 */
export interface FetchedPage {
  /** The body as fetched (at most OUTBOUND_MAX_BYTES). */
  readonly bytes: Uint8Array;
  /** Lower-cased header names, each with its values. */
  readonly headers: Record<string, string[]>;
}

/** Asked between steps; true once the request that wanted the page has given up on it. */
export type Cancelled = () => boolean;

/** Thrown in the worker when the request gave up: the rest of the page is not worth the CPU. */
export class PageAnalysisCancelled extends Error {
  constructor() {
    super('the page is no longer wanted');
  }
}

/** The parser is fed this much at a time, asking in between whether the page is still wanted. */
const PARSE_STEP = 64 * 1024;

export type JsonObject = Record<string, unknown>;

export interface PageAnalysis {
  /** The first schema.org Organization (or kin) node of the page's JSON-LD, if any. */
  readonly organization: JsonObject | null;
  /** Meta tags: lower-cased name or property -> contents (entities decoded). */
  readonly meta: Record<string, string[]>;
  readonly scripts: string[];
  /** Technologies the headers, scripts, meta tags, cookies and HTML show, most confident first. */
  readonly technologies: string[];
}

const ORGANIZATION_TYPES = new Set(['Organization', 'Corporation', 'LocalBusiness', 'OnlineBusiness', 'NGO', 'EducationalOrganization', 'MedicalOrganization', 'SportsOrganization', 'GovernmentOrganization', 'Store', 'ProfessionalService']);

/** Caps on what one page can make us keep: a page of a million meta tags keeps the first ones. */
export const PAGE_LIMITS = { metaTags: 500, scripts: 500, jsonLdBlocks: 20, jsonLdBytes: 256 * 1024 } as const;

/**
 * Meta tags, script URLs, JSON-LD blocks and the bounded markup the HTML fingerprints run over
 * (./markup.ts), from one pass of the tokenizer.
 */
export function readPage(html: string, cancelled: Cancelled = () => false): { meta: Record<string, string[]>; scripts: string[]; jsonLd: JsonObject[]; markup: string } {
  const meta: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const scripts: string[] = [];
  const jsonLd: JsonObject[] = [];
  let metaCount = 0;
  let blocks = 0;
  let block: string[] | null = null;
  let blockBytes = 0;
  const markup = new MarkupWriter();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const node = value as JsonObject;
      jsonLd.push(node);
      if (node['@graph']) visit(node['@graph']);
    }
  };
  const parser = new Parser(
    {
      onopentag(name, attrs, implied) {
        if (!implied) markup.openTag(name, attrs);
        if (name === 'meta') {
          const key = (attrs['name'] ?? attrs['property'])?.toLowerCase();
          if (key && attrs['content'] !== undefined && metaCount++ < PAGE_LIMITS.metaTags) (meta[key] ??= []).push(attrs['content']);
        } else if (name === 'script') {
          if (attrs['src'] && scripts.length < PAGE_LIMITS.scripts) scripts.push(attrs['src']);
          if (attrs['type']?.trim().toLowerCase() === 'application/ld+json' && blocks++ < PAGE_LIMITS.jsonLdBlocks) {
            block = [];
            blockBytes = 0;
          }
        }
      },
      ontext(data) {
        markup.text(data);
        if (block !== null) {
          blockBytes += data.length;
          if (blockBytes <= PAGE_LIMITS.jsonLdBytes) block.push(data);
        }
      },
      oncomment(data) {
        markup.comment(data);
      },
      onclosetag(name, implied) {
        if (!implied) markup.closeTag(name);
        if (name !== 'script' || block === null) return;
        const source = block.join('');
        const complete = blockBytes <= PAGE_LIMITS.jsonLdBytes;
        block = null;
        if (!complete) return;
        try {
          visit(JSON.parse(source));
        } catch {
          // a broken block on someone's home page is their problem, not a failed lookup
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  for (let at = 0; at < html.length; at += PARSE_STEP) {
    if (cancelled()) throw new PageAnalysisCancelled();
    parser.write(html.slice(at, at + PARSE_STEP));
  }
  parser.end();
  return { meta, scripts, jsonLd, markup: markup.toString() };
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

/** The page as text, in the charset its Content-Type names when there is one we know (UTF-8 otherwise). */
export function decodePage(page: FetchedPage): string {
  const charset = /charset\s*=\s*"?([\w.:-]{1,40})/i.exec(page.headers['content-type']?.[0] ?? '')?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(page.bytes);
}

/** Everything the web source needs from one page. CPU-bound: call it through the page pool. */
export function analyzePage(page: FetchedPage, cancelled: Cancelled = () => false): PageAnalysis {
  const { meta, scripts, jsonLd, markup } = readPage(decodePage(page), cancelled);
  const organization = jsonLd.find((node) => [node['@type']].flat().some((type) => typeof type === 'string' && ORGANIZATION_TYPES.has(type))) ?? null;
  const technologies = detectTechnologies({ html: markup, headers: page.headers, scripts, meta, cookies: cookies(page.headers['set-cookie']) }, cancelled);
  if (cancelled()) throw new PageAnalysisCancelled();
  return { organization, meta: { ...meta }, scripts, technologies };
}

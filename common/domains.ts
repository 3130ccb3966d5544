/**
 * What a domain says by itself, without a lookup: its registrable name and the country of its
 * country-code TLD. Small on purpose (the client bundle carries it); the server's `tldts` knows the
 * full public-suffix list.
 */

/** Second-level labels that, under a country code, are part of the suffix (`co.uk`, `com.br`). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or', 'gv', 'gob', 'ltd', 'plc']);

/** Country-code TLDs -> the country's English short name, as the API writes `country`. */
export const CCTLD_COUNTRIES: Readonly<Record<string, string>> = {
  ar: 'Argentina', at: 'Austria', au: 'Australia', be: 'Belgium', br: 'Brazil', ca: 'Canada', ch: 'Switzerland',
  cl: 'Chile', cn: 'China', cz: 'Czechia', de: 'Germany', dk: 'Denmark', es: 'Spain', fi: 'Finland',
  fr: 'France', gr: 'Greece', hk: 'Hong Kong', ie: 'Ireland', il: 'Israel', in: 'India', it: 'Italy', jp: 'Japan',
  kr: 'South Korea', mx: 'Mexico', my: 'Malaysia', ng: 'Nigeria', nl: 'Netherlands', no: 'Norway', nz: 'New Zealand',
  pe: 'Peru', ph: 'Philippines', pl: 'Poland', pt: 'Portugal', ro: 'Romania', se: 'Sweden', sg: 'Singapore',
  th: 'Thailand', tr: 'Turkey', tw: 'Taiwan', ua: 'Ukraine', uk: 'United Kingdom', us: 'United States',
  vn: 'Vietnam', za: 'South Africa',
};

/** Reserved names (RFC 2606, RFC 6761): nothing real lives there. */
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost', 'local']);

/** A host reduced to lower case, without scheme, port, path, `www.` or a trailing dot. */
export function bareHost(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

/** The registrable domain's labels: `mail.greenpixel.co.uk` -> { name: 'greenpixel', suffix: 'co.uk' }. */
export function splitDomain(host: string): { readonly name: string; readonly suffix: string } | null {
  const labels = bareHost(host).split('.').filter((label) => label.length > 0);
  if (labels.length < 2) return null;
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const twoLevel = tld.length === 2 && SECOND_LEVEL.has(second) && labels.length >= 3;
  const suffix = twoLevel ? `${second}.${tld}` : tld;
  const name = labels[labels.length - (twoLevel ? 3 : 2)]!;
  return { name, suffix };
}

/** The country a domain's country-code TLD names, or null for generic TLDs (`.com`, `.io`). */
export function countryOfDomain(host: string): string | null {
  const tld = bareHost(host).split('.').pop() ?? '';
  // .io, .ai, .co, .me, .tv and .cc are used worldwide; they say nothing about where a company is.
  return CCTLD_COUNTRIES[tld] ?? null;
}

/** True for reserved names such as `unknown-company.example`. */
export function isReservedDomain(host: string): boolean {
  return RESERVED_TLDS.has(bareHost(host).split('.').pop() ?? '');
}

/** A company name from its domain: `greenpixel.de` -> "Greenpixel", `bergmann-antriebe.de` -> "Bergmann Antriebe". */
export function companyNameFromDomain(host: string): string | null {
  const parts = splitDomain(host);
  if (parts === null) return null;
  const words = parts.name.split(/[-_]+/).filter((word) => /^[\p{L}\p{N}]+$/u.test(word));
  if (words.length === 0) return null;
  return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
}

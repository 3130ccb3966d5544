import { parse as parseDomain } from 'tldts';

/** An email as given and the parts the sources need. */
export interface EmailIdentifier {
  /** Trimmed and lower-cased, as the person's address. */
  readonly address: string;
  /** The local part without a `+tag`. */
  readonly local: string;
  /** The mailbox host, lower-cased. */
  readonly host: string;
  /** The registrable domain of the host (`mail.acme.co.uk` -> `acme.co.uk`), or null when it has none. */
  readonly domain: string | null;
  /** The key people are stored and found under: see `emailKey`. */
  readonly key: string;
}

/** The identifiers of one request after normalisation; absent ones are undefined. */
export interface Identifiers {
  readonly email?: EmailIdentifier;
  /** Registrable domain from a bare host, `www.` host, URL or email. */
  readonly domain?: string;
  /** As given, trimmed, inner spaces collapsed. */
  readonly companyName?: string;
  /** The key companies are found under by name: see `companyNameKey`. */
  readonly companyNameKey?: string;
}

/** Registrable domain (tldts, ICANN section only) of a host, URL or email; null when there is none. */
export function registrableDomain(input: string): string | null {
  const trimmed = input.trim().toLowerCase();
  const host = trimmed.includes('@') && !trimmed.includes('/') ? trimmed.slice(trimmed.lastIndexOf('@') + 1) : trimmed;
  const parsed = parseDomain(host, { allowPrivateDomains: false });
  if (parsed.isIp || !parsed.domain || !parsed.isIcann) return null;
  return parsed.domain;
}

/** Mailbox hosts that ignore dots in the local part (and are one mailbox under two names). */
const DOTLESS_HOSTS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The lookup key of an email: trimmed, lower-cased, `+tag` dropped, and for Gmail the dots of the
 * local part ignored (`Jane.Doe+x@googlemail.com` -> `janedoe@gmail.com`).
 */
export function emailKey(raw: string): string {
  const address = raw.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  let local = address.slice(0, at).split('+')[0] ?? '';
  let host = address.slice(at + 1);
  const dotless = DOTLESS_HOSTS[host];
  if (dotless !== undefined) {
    local = local.replace(/\./g, '');
    host = dotless;
  }
  return `${local}@${host}`;
}

export function normaliseEmail(raw: string): EmailIdentifier {
  const address = raw.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).split('+')[0] ?? '';
  const host = address.slice(at + 1);
  return { address, local, host, domain: registrableDomain(host), key: emailKey(address) };
}

/** Legal-form words set aside when comparing company names (matched as whole tokens, after punctuation is gone). */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company',
  'gmbh', 'mbh', 'ag', 'kg', 'ug', 'se', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'asa',
  'aps', 'pty', 'pte', 'kk', 'kabushiki', 'kaisha', 'sl', 'sp', 'zoo', 'ltda', 'sab', 'cv', 'de', 'holding', 'holdings',
]);

/**
 * The words of a company name after case, accents, punctuation, `&`/`and`, a leading `The` and
 * trailing legal forms are set aside: `The Acme & Sons, Inc.` -> [acme, sons].
 */
export function companyNameTokens(raw: string): string[] {
  const words = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/(\p{L})\.(?=\p{L}\.)/gu, '$1') // S.A. -> SA., G.m.b.H. -> GmbH.
    .replace(/(\p{L})\.(?=\p{L}\b)/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0 && word !== 'and');
  if (words[0] === 'the' && words.length > 1) words.shift();
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words;
}

/** The exact-match key of a company name: its tokens joined by one space, or null when it has none. */
export function companyNameKey(raw: string): string | null {
  const tokens = companyNameTokens(raw);
  return tokens.length === 0 ? null : tokens.join(' ');
}

/** Token similarity of two names (Sørensen–Dice over their token sets), 0..1. */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setB = new Set(b);
  const shared = new Set(a.filter((token) => setB.has(token))).size;
  return (2 * shared) / (new Set(a).size + setB.size);
}

export function normaliseCompanyName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

/** Normalises the identifiers of a request; a domain with no registrable part, or a name with no words, is left out. */
export function normaliseIdentifiers(request: { email?: string; domain?: string; company_name?: string }): Identifiers {
  const domain = request.domain === undefined ? null : registrableDomain(request.domain);
  const nameKey = request.company_name === undefined ? null : companyNameKey(request.company_name);
  return {
    ...(request.email !== undefined && { email: normaliseEmail(request.email) }),
    ...(domain !== null && { domain }),
    ...(request.company_name !== undefined && nameKey !== null && { companyName: normaliseCompanyName(request.company_name), companyNameKey: nameKey }),
  };
}

import { domainToASCII } from 'node:url';
import { parse as parseDomain } from 'tldts';
import { isBlank } from '../../../common/fields';

/** An email as given and the parts the sources need. */
export interface EmailIdentifier {
  /** Trimmed, NFC-normalised and lower-cased, as the person's address. */
  readonly address: string;
  /** The local part without a `+tag`. */
  readonly local: string;
  /** The mailbox host, lower-cased, in ASCII (punycode) form. */
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

/** The ASCII (punycode) form of a host, so `müller.de` and `xn--mller-kva.de` are one key; the host itself when it has none. */
export function asciiHost(host: string): string {
  const ascii = domainToASCII(host);
  return ascii === '' ? host : ascii;
}

/** Trimmed, Unicode-normalised (NFC) and lower-cased: the form every identifier is compared in. */
function canonical(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

/**
 * Registrable domain (tldts, ICANN section only) of a host, URL or email, in ASCII (punycode) form;
 * null when there is none.
 */
export function registrableDomain(input: string): string | null {
  const trimmed = canonical(input);
  // An email's host is what follows its last `@` (a URL may hold an `@` in its path, so one with a `/` is left whole).
  const host = trimmed.includes('/') ? trimmed : trimmed.slice(trimmed.lastIndexOf('@') + 1);
  const hostname = parseDomain(host).hostname;
  if (!hostname) return null;
  // Private suffixes (github.io) are not registrable here: tldts leaves them out by default, and isIcann
  // is false for them, for an IP and for an unknown suffix (isIcann with no domain: a bare suffix, co.uk).
  const parsed = parseDomain(asciiHost(hostname));
  return parsed.isIcann === true ? parsed.domain : null;
}

/**
 * An email address as the contract's `Email` pattern describes it (less its blank alternative; a dot-atom
 * local part: no quotes, brackets or other specials unquoted addresses cannot hold): the
 * API, the importer and the client accept the same addresses, internationalised ones included.
 */
export const EMAIL_PATTERN = /^[^\s@"(),:;<>[\]\\]{1,64}@[^\s@.]([^\s@]*[^\s@.])?\.[^\s@.]{2,}$/u;

/** True for an address the API can look up (surrounding spaces set aside). */
export function isEmailAddress(raw: string): boolean {
  const value = raw.trim();
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

/** Mailbox hosts that ignore dots in the local part (and are one mailbox under two names). */
const DOTLESS_HOSTS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The lookup key of an email: trimmed, lower-cased, `+tag` dropped, and for Gmail the dots of the
 * local part ignored (`Jane.Doe+x@googlemail.com` -> `janedoe@gmail.com`).
 */
export function emailKey(raw: string): string {
  let { local, host } = mailbox(canonical(raw));
  const dotless = DOTLESS_HOSTS[host];
  if (dotless !== undefined) {
    local = local.replace(/\./g, '');
    host = dotless;
  }
  return `${local}@${host}`;
}

/** The local part of a canonical address without its `+tag`, and its host in ASCII form. */
function mailbox(address: string): { local: string; host: string } {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at).split('+')[0]!, host: asciiHost(address.slice(at + 1)) };
}

/** An email as the sources need it; `raw` may carry surrounding spaces and a Unicode local part or host. */
export function normaliseEmail(raw: string): EmailIdentifier {
  const address = canonical(raw);
  const { local, host } = mailbox(address);
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
  const letters = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/(\p{L})\.(?=\p{L}\.)/gu, '$1') // S.A. -> SA., G.m.b.H. -> GmbH., О.О.О. -> ООО.
    .replace(/(\p{L})\.(?=\p{L}\b)/gu, '$1'); // S.A -> SA (\b is ASCII-only: the line above joins other scripts)
  const words = (letters.match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word !== 'and');
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
  return nameMatch(a, b).similarity;
}

/** Words shorter than this must match exactly: one letter off in a short word is another word. */
const TYPO_MIN_LENGTH = 5;

/** True when two words differ by one edit: a letter dropped, added, replaced, or two neighbours swapped. */
export function oneEditApart(a: string, b: string): boolean {
  if (a.length < b.length) return oneEditApart(b, a); // from here `a` is the longer word
  if (a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i += 1; // they differ somewhere: at the latest where `b` ends
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // replaced
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
  }
  return a.slice(i + 1) === b.slice(i); // dropped from `b` (false when the lengths differ by more than one)
}

/**
 * How alike two names' words are: Sørensen–Dice over their word sets, where a word of five or more
 * letters one edit away from an unmatched word of the other name counts as shared (a typo), and how
 * many words matched only that way.
 */
export function nameMatch(a: readonly string[], b: readonly string[]): { similarity: number; typos: number } {
  const setA = new Set(a);
  const setB = new Set(b);
  const total = setA.size + setB.size;
  if (total === 0) return { similarity: 0, typos: 0 }; // two names without words: nothing alike (and no 0/0)
  const unmatched = new Set([...setB].filter((word) => !setA.has(word)));
  let shared = 0;
  let typos = 0;
  for (const word of setA) {
    if (setB.has(word)) {
      shared += 1;
      continue;
    }
    if (word.length < TYPO_MIN_LENGTH) continue;
    const near = [...unmatched].find((other) => other.length >= TYPO_MIN_LENGTH && oneEditApart(word, other));
    if (near === undefined) continue;
    unmatched.delete(near);
    shared += 1;
    typos += 1;
  }
  return { similarity: (2 * shared) / total, typos };
}

export function normaliseCompanyName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

export type IdentifierRequest = { email?: string; domain?: string; company_name?: string };

export { isBlank };

/**
 * Normalises the identifiers of a request. Blank ones count as absent; a domain with no registrable
 * part, or a name with no words, is left out.
 */
export function normaliseIdentifiers(request: IdentifierRequest): Identifiers {
  const email = isBlank(request.email) ? undefined : request.email!;
  const domain = isBlank(request.domain) ? null : registrableDomain(request.domain!);
  const name = isBlank(request.company_name) ? undefined : request.company_name!;
  const nameKey = name === undefined ? null : companyNameKey(name);
  return {
    ...(email !== undefined && { email: normaliseEmail(email) }),
    ...(domain !== null && { domain }),
    ...(name !== undefined && nameKey !== null && { companyName: normaliseCompanyName(name), companyNameKey: nameKey }),
  };
}

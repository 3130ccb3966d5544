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
}

/** The identifiers of one request after normalisation; absent ones are undefined. */
export interface Identifiers {
  readonly email?: EmailIdentifier;
  /** Registrable domain from a bare host, `www.` host or URL. */
  readonly domain?: string;
  /** As given, trimmed, inner spaces collapsed. */
  readonly companyName?: string;
}

/** Registrable domain (tldts, ICANN section only) of a host, URL or email; null when there is none. */
export function registrableDomain(input: string): string | null {
  const trimmed = input.trim().toLowerCase();
  const host = trimmed.includes('@') && !trimmed.includes('/') ? trimmed.slice(trimmed.lastIndexOf('@') + 1) : trimmed;
  const parsed = parseDomain(host, { allowPrivateDomains: false });
  if (parsed.isIp || !parsed.domain || !parsed.isIcann) return null;
  return parsed.domain;
}

export function normaliseEmail(raw: string): EmailIdentifier {
  const address = raw.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).split('+')[0] ?? '';
  const host = address.slice(at + 1);
  return { address, local, host, domain: registrableDomain(host) };
}

export function normaliseCompanyName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

/** Normalises the identifiers of a request; a domain that has no registrable part is left out. */
export function normaliseIdentifiers(request: { email?: string; domain?: string; company_name?: string }): Identifiers {
  const domain = request.domain === undefined ? null : registrableDomain(request.domain);
  return {
    ...(request.email !== undefined && { email: normaliseEmail(request.email) }),
    ...(domain !== null && { domain }),
    ...(request.company_name !== undefined && { companyName: normaliseCompanyName(request.company_name) }),
  };
}

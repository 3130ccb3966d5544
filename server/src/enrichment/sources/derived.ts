import type { FieldName } from '../fields';
import type { FoundValue, Source, SourceFindings } from '../engine';
import type { EmailIdentifier } from '../identifiers';

/** Mailboxes that belong to a role or a system, not to a person: no names come from them. */
const ROLE_MAILBOXES = new Set([
  'admin', 'administrator', 'billing', 'careers', 'contact', 'enquiries', 'feedback', 'hello', 'help', 'hi',
  'hr', 'info', 'inquiries', 'jobs', 'legal', 'mail', 'marketing', 'media', 'news', 'newsletter', 'no-reply',
  'noreply', 'office', 'postmaster', 'press', 'privacy', 'sales', 'security', 'service', 'support', 'team',
  'webmaster',
]);

const NAME_PART = /^\p{L}[\p{L}'-]*\p{L}$/u;

function capitalise(part: string): string {
  return part
    .split('-')
    .map((piece) => (piece.length === 0 ? piece : piece[0]!.toUpperCase() + piece.slice(1)))
    .join('-');
}

/**
 * Names from an email local part: `jane.doe`, `jane_doe` -> Jane / Doe (0.7); a lone `jane` -> Jane (0.4).
 * Role mailboxes and parts with digits give nothing.
 */
export function namesFromLocalPart(local: string): { first?: string; last?: string; confidence: number } | null {
  if (ROLE_MAILBOXES.has(local)) return null;
  const parts = local.split(/[._]/).filter((part) => part.length > 0);
  if (parts.length === 2 && parts.every((part) => NAME_PART.test(part))) {
    return { first: capitalise(parts[0]!), last: capitalise(parts[1]!), confidence: 0.7 };
  }
  if (parts.length === 1 && NAME_PART.test(parts[0]!) && parts[0]!.length >= 3) {
    return { first: capitalise(parts[0]!), confidence: 0.4 };
  }
  return null;
}

export interface DerivedSourceOptions {
  /** True when the host is a free or consumer mailbox provider (gmail.com, yahoo.com, ...). */
  readonly isFreeMailbox: (host: string) => boolean;
  readonly now: () => Date;
}

/** What follows from the identifiers alone, with no lookup: names from the email, and which kind of email it is. */
export function createDerivedSource(options: DerivedSourceOptions): Source {
  const provides: FieldName[] = ['first_name', 'last_name', 'personal_email', 'business_email'];
  return {
    name: 'derived',
    provides,
    async lookup(identifiers) {
      const findings: SourceFindings = {};
      const email: EmailIdentifier | undefined = identifiers.email;
      if (email === undefined) return findings;
      const fetchedAt = options.now();
      const at = (value: string, confidence: number): FoundValue => ({ value, confidence, fetchedAt, matchedOn: 'email' });
      const names = namesFromLocalPart(email.local);
      if (names?.first !== undefined) findings.first_name = at(names.first, names.confidence);
      if (names?.last !== undefined) findings.last_name = at(names.last, names.confidence);
      if (options.isFreeMailbox(email.host)) {
        findings.personal_email = at(email.address, 0.95);
      } else if (email.domain !== null) {
        findings.business_email = at(email.address, ROLE_MAILBOXES.has(email.local) ? 0.5 : 0.9);
      }
      return findings;
    },
  };
}

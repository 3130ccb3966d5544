import type { FieldName } from '../fields';
import type { FoundValue, Source, SourceFindings } from '../engine';
import { departmentFromTitle, seniorityFromTitle } from '../titles';
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
  /** True when the host hands out throwaway mailboxes (mailinator.com, ...): such an address is nobody's email. */
  readonly isDisposableMailbox: (host: string) => boolean;
  readonly now: () => Date;
}

/**
 * What follows from the identifiers alone, with no lookup: names from the email, which kind of email it
 * is, and seniority and department from a title an earlier source found. A disposable address gives nothing.
 */
export function createDerivedSource(options: DerivedSourceOptions): Source {
  const provides: FieldName[] = ['first_name', 'last_name', 'personal_email', 'business_email', 'seniority', 'department'];
  return {
    name: 'derived',
    provides,
    async lookup(identifiers, _wanted, _signal, known) {
      const findings: SourceFindings = {};
      const fetchedAt = options.now();
      if (known.title !== undefined) {
        const seniority = seniorityFromTitle(known.title);
        const department = departmentFromTitle(known.title);
        if (seniority !== null) findings.seniority = { value: seniority, confidence: 0.8, fetchedAt, matchedOn: 'email' };
        if (department !== null) findings.department = { value: department, confidence: 0.75, fetchedAt, matchedOn: 'email' };
      }
      const email: EmailIdentifier | undefined = identifiers.email;
      if (email === undefined || options.isDisposableMailbox(email.host)) return findings;
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

import type { FieldName } from '../fields';
import type { FoundValue, Source, SourceFindings } from '../engine';
import { departmentFromTitle, seniorityFromTitle } from '../titles';
import { isRoleMailbox, namesFromLocalPart } from '../names';
import type { EmailIdentifier } from '../identifiers';

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
        findings.business_email = at(email.address, isRoleMailbox(email.local) ? 0.5 : 0.9);
      }
      return findings;
    },
  };
}

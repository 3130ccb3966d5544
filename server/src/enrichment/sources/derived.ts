import { CONFIDENCE, roundConfidence } from '../confidence';
import type { FieldName } from '../fields';
import type { DeriveStage, FoundValue, SourceFindings } from '../engine';
import { departmentFromTitle, seniorityFromTitle } from '../titles';
import { isRoleMailbox, namesFromLocalPart } from '../names';

export interface DeriveStageOptions {
  /** True when the host is a free or consumer mailbox provider (gmail.com, yahoo.com, ...). */
  readonly isFreeMailbox: (host: string) => boolean;
  /** True when the host hands out throwaway mailboxes (mailinator.com, ...): such an address is nobody's email. */
  readonly isDisposableMailbox: (host: string) => boolean;
  readonly now: () => Date;
}

const LOCATION_PARTS = ['city', 'state', 'country'] as const;

/**
 * What follows from the identifiers and the merged values, run after every source: seniority and
 * department from whichever title was found; names from the email only when no source gave them;
 * the kind of email the caller sent; `location` composed from city/state/country and the reverse.
 * Each derived value's confidence is its rule's times that of what it was derived from, so it never
 * claims more than its input. A disposable address gives nothing.
 */
export function createDeriveStage(options: DeriveStageOptions): DeriveStage {
  const rules = CONFIDENCE.derived;
  return (identifiers, merged) => {
    const findings: SourceFindings = {};
    const fetchedAt = options.now();
    const from = (inputs: readonly FoundValue[], rule: number, value: string): FoundValue => ({
      value,
      confidence: roundConfidence(rule * Math.min(...inputs.map((input) => input.confidence))),
      fetchedAt,
      matchedOn: inputs[0]!.matchedOn,
    });

    const title = merged.get('title');
    if (title !== undefined) {
      const seniority = seniorityFromTitle(title.value);
      const department = departmentFromTitle(title.value);
      if (seniority !== null) findings.seniority = from([title], rules.seniorityFromTitle, seniority);
      if (department !== null) findings.department = from([title], rules.departmentFromTitle, department);
    }

    const parts = LOCATION_PARTS.map((field) => merged.get(field)).filter((part): part is NonNullable<typeof part> => part !== undefined);
    const location = merged.get('location');
    if (location === undefined && (merged.has('city') || merged.has('country'))) { // a state alone is no location
      findings.location = from(parts, rules.locationRecomposed, parts.map((part) => part.value).join(', '));
    }
    if (location !== undefined) {
      const pieces = location.value.split(',').map((piece) => piece.trim()).filter((piece) => piece.length > 0);
      const split: Partial<Record<(typeof LOCATION_PARTS)[number], string>> =
        pieces.length === 3 ? { city: pieces[0]!, state: pieces[1]!, country: pieces[2]! } : pieces.length === 2 ? { city: pieces[0]!, country: pieces[1]! } : {};
      for (const [field, value] of Object.entries(split) as Array<[FieldName, string]>) {
        if (!merged.has(field)) findings[field] = from([location], rules.locationRecomposed, value);
      }
    }

    const email = identifiers.email;
    if (email === undefined || options.isDisposableMailbox(email.host)) return findings;
    const at = (value: string, confidence: number): FoundValue => ({ value, confidence, fetchedAt, matchedOn: 'email' });
    const names = namesFromLocalPart(email.local);
    if (names !== null) {
      const confidence = names.last === undefined ? rules.namesFromEmailFirstOnly : rules.namesFromEmailFull;
      if (!merged.has('first_name')) findings.first_name = at(names.first, confidence);
      if (names.last !== undefined && !merged.has('last_name')) findings.last_name = at(names.last, confidence);
    }
    if (options.isFreeMailbox(email.host)) {
      findings.personal_email = at(email.address, rules.personalEmailFromAddress);
    } else if (email.domain !== null) {
      findings.business_email = at(email.address, isRoleMailbox(email.local) ? rules.businessEmailFromRoleAddress : rules.businessEmailFromAddress);
    }
    return findings;
  };
}

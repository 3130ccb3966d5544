/**
 * Every confidence Enrich reports, in one table, each with the reason for its number. A confidence
 * is a probability: a value reported at 0.9 should be right about 90% of the time. The store's
 * match confidences are checked by `make eval` (docs/QUALITY.md: precision, recall and calibration
 * per match method); the others are set from what each method can know, and say so.
 */
export const CONFIDENCE = {
  store: {
    /** The work email's lookup key is unique per person: on the eval set every such match was the right person. */
    personByEmail: 0.98,
    /** A personal (free-mail) address an operator recorded for the person: right, but recorded less carefully than the work email. */
    personByPersonalEmail: 0.95,
    /** The matched person's own company row (linked by registrable domain). */
    companyOfPerson: 0.95,
    /** The registrable domain sent is the company's key. */
    companyByDomain: 0.95,
    /** A work email's domain: almost always the employer, sometimes a group's shared mail domain. */
    companyByEmailDomain: 0.92,
    /** Name equal after case, punctuation and legal forms are set aside: two companies can share a name. */
    companyByName: 0.9,
    /** Multiplied by the token similarity (>= STORE_FUZZY_MIN_SIMILARITY): fuzzy matches stay below exact ones. */
    companyByFuzzyName: 0.75,
    /** A company known only from people rows (no company row): its name as those people's rows give it. */
    companyFromPeople: 0.8,
  },
  derived: {
    /** `jane.doe@` names two parts; people mostly use their own names in work addresses, not always (nicknames, shared boxes). */
    namesFromEmailFull: 0.7,
    /** A lone `jane@` may be a first name or a nickname or a surname. */
    namesFromEmailFirstOnly: 0.4,
    /** A free-mail address the caller sent is a personal address of someone; that it is this person's is as sure as the input. */
    personalEmailFromAddress: 0.95,
    /** A company-domain address the caller sent is a business address. */
    businessEmailFromAddress: 0.9,
    /** info@, sales@: a business address, but nobody's own. */
    businessEmailFromRoleAddress: 0.5,
    /** Title keyword rules (titles.ts) for seniority: multiplied by the title's own confidence. */
    seniorityFromTitle: 0.85,
    /** Department keyword rules are looser than seniority ones ("Product Marketing" is product or marketing). */
    departmentFromTitle: 0.8,
    /** `location` composed from city/state/country, or split into them: multiplied by the inputs' lowest confidence. */
    locationRecomposed: 0.95,
  },
  web: {
    /** schema.org legalName/name on the company's own page. */
    jsonLdName: 0.85,
    /** schema.org PostalAddress: the company's own statement, sometimes a registered office rather than the main site. */
    jsonLdAddress: 0.8,
    jsonLdTelephone: 0.75,
    /** numberOfEmployees is often stale on marketing pages. */
    jsonLdEmployees: 0.7,
    /** sameAs pointing at a LinkedIn company page. */
    jsonLdLinkedIn: 0.85,
    /** og:site_name / application-name: often a product or brand name, not the company's. */
    metaSiteName: 0.6,
    /** Fingerprints on the home page: the page may use a technology only on some pages, or a fingerprint may misfire. */
    technologies: 0.7,
  },
  dns: {
    /** MX/TXT verification records are authoritative that a service was set up, not that it is still used. */
    technologies: 0.75,
  },
  provider: {
    /** Confidence per point of the provider's 1..10 likelihood: 10 -> 0.9, never above operator data. */
    perLikelihoodPoint: 0.09,
    /** When the provider states no likelihood. */
    defaultLikelihood: 5,
  },
} as const;

/** Fuzzy company-name matches below this token similarity are no match. */
export const STORE_FUZZY_MIN_SIMILARITY = 0.6;

/** Rounds a computed confidence to two decimals, as answers carry it. */
export function roundConfidence(value: number): number {
  return Math.round(value * 100) / 100;
}

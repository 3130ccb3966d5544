/**
 * The labelled evaluation set of `make eval`: built from the shipped sample data (data/sample, itself
 * generated with a fixed seed by scripts/sample-data.ts) plus extra records the set needs (IDN
 * companies, people with internationalised addresses, similar-named companies in other countries),
 * and queries that send each record's identifiers the way CRM exports hold them. Every query says
 * which record it must find (a person by the key of their email, a company by its domain) or that it
 * must find none. Same seed, same set.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { companyNameKey } from '../../server/src/enrichment/identifiers';
import { mulberry32 } from '../../scripts/random';

export const EVAL_SEED = 20261130;

export type IdentifierKind = 'email' | 'domain' | 'company_name';
export type QueryGroup = 'clean' | 'variant' | 'decoy';
export type Entity = 'person' | 'company';

/** A request body as a caller sends it (only the identifiers; the harness adds `enrich`). */
export interface EvalRequest {
  email?: string;
  domain?: string;
  company_name?: string;
}

export interface EvalQuery {
  readonly id: number;
  /** The identifier this query tests. */
  readonly kind: IdentifierKind;
  readonly group: QueryGroup;
  /** What was done to the identifier, e.g. `plus_tag`, `url_with_path`, `typo`. */
  readonly variant: string;
  readonly request: EvalRequest;
  /** The entity the query is about: email queries find people, domain and name queries companies. */
  readonly entity: Entity;
  /** The record that must be found (person: lower-cased email; company: domain), or null when none may be. */
  readonly expected: string | null;
}

export type Row = Record<string, string>;

export interface EvalSet {
  readonly seed: number;
  readonly queries: EvalQuery[];
  /** Records in the importer's canonical columns: the sample data and the extras, as imported (the sample's duplicate LinkedIn pages made unique). */
  readonly companies: Row[];
  readonly people: Row[];
  /** Only the extra records (written to CSV and imported beside the sample data). */
  readonly extraCompanies: Row[];
  readonly extraPeople: Row[];
}

export const SAMPLE_DIR = path.resolve(__dirname, '../../data/sample');


export function readCsv(file: string): Row[] {
  return parseCsv(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Row[];
}

const LEGAL: Record<string, string[]> = {
  'United States': ['Inc.', 'LLC', 'Corp.'],
  'United Kingdom': ['Ltd', 'PLC', 'Limited'],
  Germany: ['GmbH', 'AG', 'GmbH & Co. KG'],
  France: ['SA', 'SAS', 'SARL'],
  Canada: ['Inc.', 'Ltd.', 'Corp.'],
  Brazil: ['Ltda.', 'S.A.'],
  Australia: ['Pty Ltd', 'Ltd'],
  India: ['Pvt. Ltd.', 'Ltd.'],
  Japan: ['K.K.', 'Co., Ltd.'],
  Spain: ['S.L.', 'S.A.'],
  Netherlands: ['B.V.', 'N.V.'],
  Singapore: ['Pte. Ltd.'],
};
const ALL_LEGAL = [...new Set(Object.values(LEGAL).flat())].sort((a, b) => b.length - a.length);
const OTHER_COUNTRIES: Array<[country: string, tld: string, legal: string]> = [
  ['Germany', 'de', 'GmbH'],
  ['France', 'fr', 'SAS'],
  ['Spain', 'es', 'S.L.'],
  ['Netherlands', 'nl', 'B.V.'],
  ['United Kingdom', 'co.uk', 'Ltd'],
  ['Brazil', 'com.br', 'Ltda.'],
];
const OTHER_WORDS = ['Ventures', 'Studios', 'Dynamics', 'Consulting', 'Analytics', 'Kitchens', 'Farms', 'Textiles'];
const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'];
const OTHER_FIRST = ['Nadia', 'Tobias', 'Ingrid', 'Mateo', 'Yara', 'Oskar', 'Leila', 'Bruno'];
const OTHER_LAST = ['Kowalski', 'Haddad', 'Lindqvist', 'Okafor', 'Novak', 'Esposito', 'Byrne', 'Castillo'];

/** The company name without its trailing legal form (`Redsignal Industries Pty Ltd` -> `Redsignal Industries`). */
export function baseName(name: string): string {
  for (const legal of ALL_LEGAL) if (name.endsWith(` ${legal}`)) return name.slice(0, -legal.length - 1);
  return name;
}

const slug = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Companies with internationalised domains, stored as CRM exports hold them: Unicode or punycode. */
const IDN_COMPANIES: Array<[domainUnicode: string, name: string, country: string, city: string, storedAs: 'unicode' | 'punycode']> = [
  ['müller-antriebe.de', 'Müller Antriebe GmbH', 'Germany', 'Stuttgart', 'punycode'],
  ['bäckerei-schön.de', 'Bäckerei Schön GmbH', 'Germany', 'Munich', 'unicode'],
  ['café-lumière.fr', 'Café Lumière SAS', 'France', 'Lyon', 'punycode'],
  ['señor-datos.es', 'Señor Datos S.L.', 'Spain', 'Madrid', 'unicode'],
  ['über-werke.de', 'Über Werke AG', 'Germany', 'Hamburg', 'punycode'],
  ['élan-vital.fr', 'Élan Vital SA', 'France', 'Paris', 'unicode'],
  ['søndergaard-data.dk', 'Søndergaard Data ApS', 'Denmark', 'Copenhagen', 'punycode'],
  ['łódź-logistyka.pl', 'Łódź Logistyka Sp. z o.o.', 'Poland', 'Łódź', 'unicode'],
];
/** People whose address has an internationalised local part (RFC 6531), at ASCII domains. */
const UNICODE_PEOPLE: Array<[local: string, first: string, last: string]> = [
  ['josé.garcía', 'José', 'García'],
  ['zoë.müller', 'Zoë', 'Müller'],
  ['françois.lefèvre', 'François', 'Lefèvre'],
  ['søren.østergaard', 'Søren', 'Østergaard'],
  ['łukasz.żak', 'Łukasz', 'Żak'],
  ['ana.muñoz', 'Ana', 'Muñoz'],
  ['jürgen.groß', 'Jürgen', 'Groß'],
  ['inès.béranger', 'Inès', 'Béranger'],
];

function typo(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letters = 'aeiourstnl';
  const roll = random();
  if (roll < 0.34) return word.slice(0, at) + word.slice(at + 1); // a letter dropped
  if (roll < 0.67) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2); // two letters swapped
  let letter = letters[Math.floor(random() * letters.length)]!;
  if (letter === word[at]) letter = 'x';
  return word.slice(0, at) + letter + word.slice(at + 1); // a letter replaced
}

/** Builds the evaluation set (every record gets its queries; the jest slice takes a few hundred of them). */
export function buildEvalSet(options: { sampleDir?: string; seed?: number } = {}): EvalSet {
  const seed = options.seed ?? EVAL_SEED;
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const sampleDir = options.sampleDir ?? SAMPLE_DIR;
  const sampleCompanies = readCsv(path.join(sampleDir, 'companies.csv'));
  const samplePeople = readCsv(path.join(sampleDir, 'people.csv'));

  const extraCompanies: Row[] = [];
  const extraPeople: Row[] = [];
  const domains = new Set(sampleCompanies.map((c) => c['domain']!));
  const nameKeys = new Map<string, number>();
  const countKey = (name: string) => {
    const key = companyNameKey(name);
    if (key !== null) nameKeys.set(key, (nameKeys.get(key) ?? 0) + 1);
  };
  sampleCompanies.forEach((c) => countKey(c['company_name']!));

  // 1. Similar-named companies in other countries, in the store: a typo or fuzzy query must not pick them.
  const siblingsOf = sampleCompanies.slice(1).filter(() => random() < 0.15);
  for (const company of siblingsOf) {
    const [first] = baseName(company['company_name']!).split(' ');
    const [country, tld, legal] = pick(OTHER_COUNTRIES);
    const base = `${first} ${pick(OTHER_WORDS)}`;
    const domain = `${slug(base).replace(/-/g, '')}.${tld}`;
    if (domains.has(domain) || nameKeys.has(companyNameKey(base) ?? '')) continue;
    domains.add(domain);
    countKey(base);
    extraCompanies.push({ domain, company_name: `${base} ${legal}`, country, linkedin_url: `https://www.linkedin.com/company/${slug(base)}-${tld.replace('.', '')}` });
  }
  // 2. Companies with internationalised domains and their people.
  for (const [unicode, name, country, city, storedAs] of IDN_COMPANIES) {
    const ascii = domainToASCII(unicode);
    extraCompanies.push({ domain: storedAs === 'unicode' ? unicode : ascii, company_name: name, country, city, linkedin_url: `https://www.linkedin.com/company/${slug(name)}-idn` });
    domains.add(unicode);
    countKey(name);
    const first = pick(OTHER_FIRST);
    const last = pick(OTHER_LAST);
    // The importer's email check wants an ASCII host: people of IDN companies are stored with the punycode host.
    extraPeople.push({ email: `${first.toLowerCase()}.${last.toLowerCase()}@${ascii}`, first_name: first, last_name: last, company_name: name, country, linkedin_url: `https://www.linkedin.com/in/${slug(`${first}-${last}`)}-idn-${digits(4)}` });
  }
  // 3. People with internationalised local parts, at sample companies.
  for (const [local, first, last] of UNICODE_PEOPLE) {
    const company = pick(sampleCompanies.slice(1));
    extraPeople.push({ email: `${local}@${company['domain']}`, first_name: first, last_name: last, company_name: company['company_name']!, country: company['country']!, linkedin_url: `https://www.linkedin.com/in/${slug(`${first}-${last}`)}-${digits(4)}` });
  }

  const companies = [...sampleCompanies, ...extraCompanies];
  const people = [...samplePeople, ...extraPeople];
  // The judged field must name one record: the sample data gives two companies built from the same
  // words (`blue-cloud.com`, `bluecloud.de`) the same LinkedIn page, so later ones get their own.
  const seenUrls = new Set<string>();
  for (const record of [...companies, ...people]) {
    let url = record['linkedin_url']!;
    for (let n = 2; seenUrls.has(url); n += 1) url = `${record['linkedin_url']}-${n}`;
    record['linkedin_url'] = url;
    seenUrls.add(url);
  }
  const emails = new Set(people.map((p) => p['email']!.toLowerCase()));
  const personalCount = new Map<string, number>();
  for (const p of people) if (p['personal_email']) personalCount.set(p['personal_email'].toLowerCase(), (personalCount.get(p['personal_email'].toLowerCase()) ?? 0) + 1);

  const queries: EvalQuery[] = [];
  const add = (kind: IdentifierKind, group: QueryGroup, variant: string, request: EvalRequest, expected: string | null) => {
    queries.push({ id: queries.length, kind, group, variant, request, entity: kind === 'email' ? 'person' : 'company', expected });
  };

  // People: the work email as sent, then noisy forms of it, then their personal address.
  for (const person of people) {
    const email = person['email']!;
    const id = email.toLowerCase();
    const [local, host] = [email.slice(0, email.lastIndexOf('@')), email.slice(email.lastIndexOf('@') + 1)];
    add('email', 'clean', 'as_stored', { email }, id);
    if (email.toUpperCase().toLowerCase() === id) add('email', 'variant', 'upper_case', { email: email.toUpperCase() }, id);
    add('email', 'variant', 'title_case', { email: local.split('.').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('.') + '@' + host.charAt(0).toUpperCase() + host.slice(1) }, id);
    add('email', 'variant', 'surrounding_spaces', { email: `  ${email} ` }, id);
    add('email', 'variant', 'plus_tag', { email: `${local}+${pick(['crm', 'newsletter', 'hubspot', 'sales'])}@${host}` }, id);
    add('email', 'variant', 'blank_domain_beside', { email, domain: '' }, id);
    if (host.startsWith('xn--') || /[^\x00-\x7f]/.test(host)) add('email', 'variant', 'idn_host_unicode', { email: `${local}@${domainToUnicode(host)}` }, id);
    if (/[^\x00-\x7f]/.test(local)) add('email', 'variant', 'unicode_local_nfd', { email: email.normalize('NFD') }, id);
    const personal = person['personal_email'];
    if (personal && personalCount.get(personal.toLowerCase()) === 1 && !emails.has(personal.toLowerCase())) {
      add('email', 'variant', 'personal_email', { email: personal }, id);
      const [pLocal, pHost] = [personal.slice(0, personal.lastIndexOf('@')), personal.slice(personal.lastIndexOf('@') + 1)];
      if (pHost === 'gmail.com') {
        add('email', 'variant', 'gmail_dots', { email: `${pLocal.replace(/\./g, '')}@${pHost}` }, id);
        add('email', 'variant', 'googlemail', { email: `${pLocal}@googlemail.com` }, id);
        add('email', 'variant', 'gmail_plus_tag', { email: `${pLocal}+${pick(['shop', 'news'])}@${pHost}` }, id);
      }
    }
  }
  // Email decoys: someone else at a known company, and free-mail addresses of other people.
  for (const person of samplePeople.filter(() => random() < 0.25)) {
    const email = person['email']!;
    const host = email.slice(email.lastIndexOf('@') + 1);
    const [first, last] = [person['first_name']!, person['last_name']!].map((n) => slug(n).replace(/-/g, ''));
    const colleague = `${first}.${slug(pick(OTHER_LAST))}@${host}`;
    if (!emails.has(colleague)) add('email', 'decoy', 'colleague_same_company', { email: colleague }, null);
    const namesake = `${first}.${last}@${pick(FREE_MAIL)}`;
    if (!emails.has(namesake) && !personalCount.has(namesake)) add('email', 'decoy', 'free_mail_namesake', { email: namesake }, null);
    const stranger = `${slug(pick(OTHER_FIRST))}${slug(pick(OTHER_LAST))}${digits(2)}@${pick(FREE_MAIL)}`;
    if (!emails.has(stranger) && !personalCount.has(stranger)) add('email', 'decoy', 'free_mail_stranger', { email: stranger }, null);
  }

  // Companies: the domain in every form it turns up in, then the name.
  for (const company of companies) {
    const stored = company['domain']!;
    const domain = domainToUnicode(stored) || stored;
    const id = stored;
    const isIdn = domainToASCII(domain) !== domain;
    add('domain', 'clean', 'as_stored', { domain: stored }, id);
    add('domain', 'variant', 'upper_case', { domain: domain.toUpperCase() }, id);
    add('domain', 'variant', 'surrounding_spaces', { domain: ` ${domain}  ` }, id);
    add('domain', 'variant', 'www', { domain: `www.${domain}` }, id);
    add('domain', 'variant', 'url_with_path', { domain: `https://www.${domain}/${pick(['about', 'contact', 'en/team', 'products?ref=crm'])}` }, id);
    add('domain', 'variant', 'subdomain_url', { domain: `http://${pick(['shop', 'blog', 'careers', 'app'])}.${domain}:8080/` }, id);
    add('domain', 'variant', 'trailing_dot', { domain: `${domain}.` }, id);
    add('domain', 'variant', 'blank_name_beside', { domain, company_name: '   ' }, id);
    if (isIdn) {
      add('domain', 'variant', 'idn_unicode', { domain }, id);
      add('domain', 'variant', 'idn_punycode', { domain: domainToASCII(domain) }, id);
    }
  }
  // Domain decoys: the same name under another country's domain, not in the store.
  for (const company of sampleCompanies.filter(() => random() < 0.3)) {
    const label = company['domain']!.split('.')[0]!;
    const [, tld] = pick(OTHER_COUNTRIES);
    const decoy = `${label}.${tld}`;
    if (!domains.has(decoy)) add('domain', 'decoy', 'same_label_other_country', { domain: decoy }, null);
  }

  for (const company of companies) {
    const name = company['company_name']!;
    const key = companyNameKey(name);
    if (key === null || nameKeys.get(key) !== 1) continue; // two stored companies share the name: no single right answer
    const id = company['domain']!;
    const base = baseName(name);
    const legal = name.slice(base.length).trim();
    const countryLegal = LEGAL[company['country']!] ?? ['Inc.'];
    const other = countryLegal.find((l) => l !== legal) ?? 'Holdings';
    const nameVariant = (variant: string, value: string) => {
      const k = companyNameKey(value);
      if (k !== null && k !== key && nameKeys.has(k)) return; // the variant is another stored company's name
      add('company_name', 'variant', variant, { company_name: value }, id);
    };
    add('company_name', 'clean', 'as_stored', { company_name: name }, id);
    if (legal !== '') nameVariant('without_legal_suffix', base);
    nameVariant('other_legal_suffix', `${base} ${other}`);
    if (name.toUpperCase().toLowerCase() === name.toLowerCase()) nameVariant('upper_case', name.toUpperCase());
    nameVariant('lower_case', name.toLowerCase());
    nameVariant('punctuation_spacing', `  ${base.replace(' ', '  ')},${legal ? ` ${legal}` : ''} `);
    const words = base.split(' ');
    if (words.length >= 2) nameVariant('word_order', [...words.slice(1), words[0]!].join(' '));
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.length >= 4) nameVariant('typo', `${base.replace(longest, typo(longest, random))}${legal ? ` ${legal}` : ''}`);
    if (/[^\x00-\x7f]/.test(base)) nameVariant('accents_stripped', base.normalize('NFKD').replace(/\p{M}/gu, ''));
  }
  // Name decoys: a similar name (one word changed) with another country's legal form, not in the store.
  for (const company of sampleCompanies.filter(() => random() < 0.3)) {
    const words = baseName(company['company_name']!).split(' ');
    const [, , legal] = pick(OTHER_COUNTRIES);
    const decoy = `${words[0]} ${pick(OTHER_WORDS)} ${legal}`;
    const key = companyNameKey(decoy);
    if (key !== null && !nameKeys.has(key)) add('company_name', 'decoy', 'similar_name_other_country', { company_name: decoy }, null);
  }
  return { seed, queries, companies, people, extraCompanies, extraPeople };
}

/** At most `perVariant` queries of each (kind, group, variant), spread evenly over it, so a small slice keeps every variant. */
export function sliceQueries(queries: readonly EvalQuery[], perVariant: number): EvalQuery[] {
  const byVariant = new Map<string, EvalQuery[]>();
  for (const query of queries) {
    const key = `${query.kind}/${query.group}/${query.variant}`;
    byVariant.set(key, [...(byVariant.get(key) ?? []), query]);
  }
  const out: EvalQuery[] = [];
  for (const list of byVariant.values()) {
    const step = Math.max(1, Math.floor(list.length / perVariant));
    for (let i = 0; i < list.length && i < step * perVariant; i += step) out.push(list[i]!);
  }
  return out.sort((a, b) => a.id - b.id);
}

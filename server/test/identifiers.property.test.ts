import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { getPublicSuffix } from 'tldts';
import { enrichRequestSchema } from '../../openapi/generated/contract';
import { emailKey, isEmailAddress, normaliseIdentifiers, registrableDomain } from '../src/enrichment/identifiers';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { createStoreReader } from '../src/store/repository';
import { writeBatch } from '../src/store/writer';

/** The API's own request check: the contract's schema, as the validator and the client apply it. */
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const apiAccepts = ajv.compile(enrichRequestSchema);

// Letters people's names and company hosts are made of, ASCII and not (no ß: its upper case is two letters).
const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzéèüöäøçñåíóúłž'.split(''));
const word = fc.array(letter, { minLength: 2, maxLength: 8 }).map((letters) => letters.join(''));
const local = fc.array(word, { minLength: 1, maxLength: 3 }).chain((words) => fc.constantFrom('.', '_', '-').map((sep) => words.join(sep)));
const host = fc.tuple(word, fc.constantFrom('de', 'com', 'io', 'co.uk', 'fr', 'es', 'com.br', 'co.jp'));
const email = fc.tuple(local, host).map(([name, [label, tld]]) => ({ address: `${name}@${label}.${tld}`, name, host: `${label}.${tld}` }));

/** How a CRM export mangles the same address: spaces, case, a +tag, the host in punycode. */
const variant = (e: { name: string; host: string }) =>
  fc.record({ pad: fc.constantFrom('', ' ', '  ', '\t'), upper: fc.boolean(), tag: fc.option(word, { nil: undefined }), punycode: fc.boolean() }).map(({ pad, upper, tag, punycode }) => {
    const hostForm = punycode ? domainToASCII(e.host) : e.host;
    const text = `${e.name}${tag ? `+${tag}` : ''}@${hostForm}`;
    return `${pad}${upper ? text.toUpperCase() : text}${pad}`;
  });

describe('identifiers: what the importer accepts the API can look up, and the reverse', () => {
  it('the API accepts every email the importer accepts, in every form a CRM export sends it', () => {
    fc.assert(
      fc.property(email.chain((e) => fc.tuple(fc.constant(e), variant(e))), ([e, sent]) => {
        expect(isEmailAddress(e.address)).toBe(true);
        expect(apiAccepts({ email: sent })).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('every variant of an address finds the record the importer keyed under it', () => {
    fc.assert(
      fc.property(email.chain((e) => fc.tuple(fc.constant(e), variant(e))), ([e, sent]) => {
        expect(normaliseIdentifiers({ email: sent }).email?.key).toBe(emailKey(e.address));
      }),
      { numRuns: 500 },
    );
  });

  it('the importer accepts every non-blank email the API accepts', () => {
    const candidates = fc.oneof(fc.emailAddress(), fc.string({ maxLength: 40 }), email.map((e) => e.address));
    fc.assert(
      fc.property(candidates, (candidate) => {
        if (candidate.trim() === '' || candidate.length > 254 || !apiAccepts({ email: candidate })) return;
        expect(isEmailAddress(candidate)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a domain is one key in Unicode, punycode, URL and www. forms', () => {
    fc.assert(
      fc.property(host, fc.constantFrom('', 'www.', 'mail.'), fc.constantFrom('', '/about', '/de/kontakt?x=1'), ([label, tld], sub, pathPart) => {
        const unicode = `${label}.${tld}`;
        fc.pre(getPublicSuffix(domainToASCII(unicode)) !== domainToASCII(unicode)); // `tm.fr` is itself a suffix: nobody's domain
        const key = registrableDomain(unicode);
        expect(key).toBe(domainToASCII(unicode));
        for (const form of [domainToASCII(unicode), `https://${sub}${unicode}${pathPart}`, ` ${unicode.toUpperCase()} `]) {
          expect(apiAccepts({ domain: form })).toBe(true);
          expect(registrableDomain(form)).toBe(key);
        }
      }),
      { numRuns: 300 },
    );
  });

  describe('through a real SQLite store', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'enrich-property-'));
    let store: OpenedDatabase;
    beforeAll(async () => {
      store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
      await migrateToLatest(store.db);
    });
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('finds each stored person by a mangled form of their work or personal address', async () => {
      const reader = createStoreReader(store.db);
      await fc.assert(
        fc.asyncProperty(
          email.chain((work) => fc.tuple(fc.constant(work), email, variant(work))),
          email.chain((personal) => variant(personal).map((sent) => ({ personal, sent }))),
          async ([work, , sentWork], { personal, sent }) => {
            await writeBatch(store.db, 'person', [{ naturalId: work.address, fields: { first_name: 'P', personal_email: personal.address }, source: 'import' }]);
            const byWork = await reader.personByEmailKey(normaliseIdentifiers({ email: sentWork }).email!.key);
            expect(byWork?.fields.personal_email).toBe(personal.address);
            const byPersonal = await reader.personByPersonalEmailKey(normaliseIdentifiers({ email: sent }).email!.key);
            expect(byPersonal).not.toBeNull();
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});

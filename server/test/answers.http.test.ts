import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { loadSampleData } from '../src/foundations';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { importFile } from '../src/store/importer';
import { writeBatch } from '../src/store/writer';
import { SPEC_PATH } from '../src/spec';
import { AUTH, testApp } from './helpers';

jestOpenAPI(SPEC_PATH);

/** The answers a new user got wrong on the first round (issue 11), each as the user sent it. */
describe('POST /enrich answers as users send identifiers (SQLite with the sample data)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-answers-'));
  let store: OpenedDatabase;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
    // Imported without seniority or department: only the title is known.
    await writeBatch(store.db, 'person', [{ naturalId: 'vp.person@titleonly.io', fields: { first_name: 'Vera', last_name: 'Person', title: 'VP of Engineering' }, source: 'import' }]);
    // A company known only through its people: no company row for peopleonly-labs.com.
    await writeBatch(store.db, 'person', [
      { naturalId: 'ann.one@peopleonly-labs.com', fields: { first_name: 'Ann', company_name: 'Peopleonly Labs GmbH' }, source: 'import' },
      { naturalId: 'bob.two@peopleonly-labs.com', fields: { first_name: 'Bob', company_name: 'Peopleonly Labs GmbH' }, source: 'import' },
    ]);
    // Internationalised addresses, through the importer as an operator would load them.
    const csv = path.join(dir, 'idn.csv');
    writeFileSync(csv, 'email,first_name,last_name,company_name,title\njosé.garcía@müller.de,José,García,Müller GmbH,Head of Sales\n');
    const summary = await importFile(store.db, { file: csv, kind: 'person', rejectsFile: path.join(dir, 'rejects.jsonl') });
    expect(summary.inserted).toBe(1);
    app = testApp({}, { store }).app;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: object) => request(app).post('/enrich').set(AUTH).send(body);

  it('derives seniority and department from the stored title when only they are asked for', async () => {
    const res = await post({ email: 'vp.person@titleonly.io', enrich: ['seniority', 'department'] });
    expect(res.status).toBe(200);
    expect(res).toSatisfyApiSpec();
    expect(res.body).toMatchObject({ seniority: 'VP', department: 'Engineering' });
    expect(Object.keys(res.body).sort()).toEqual(['department', 'meta', 'seniority']); // the title was looked up, not answered
    expect(res.body.meta.fields.seniority).toMatchObject({ source: 'derived', confidence: 0.83 });
    expect(res.body.meta.match).toMatchObject({ status: 'full', person: { found: true, matched_on: 'email', confidence: 0.98 } });
  });

  it('does not let names guessed from the email hide the stored ones at min_confidence 0.8', async () => {
    const res = await post({ email: 'hina.nakamura@greenpixel-systems.co.jp', enrich: ['first_name', 'last_name'], min_confidence: 0.8 });
    expect(res.body).toMatchObject({ first_name: 'Hina', last_name: 'Nakamura' });
    expect(res.body.meta.fields.first_name).toMatchObject({ source: 'store', confidence: 0.98 });
  });

  it('reports the person and the company found apart from whether every field was filled', async () => {
    const res = await post({ email: 'jane.doe@acme.io', enrich: ['first_name', 'personal_email'] });
    expect(res.body.meta.match).toEqual({
      status: 'partial',
      matched_on: ['email'],
      person: { found: true, matched_on: 'email', confidence: 0.98 },
      company: { found: true, matched_on: 'email', confidence: 0.95 },
    });
  });

  it('trims a padded email from a CRM export and finds the person', async () => {
    const res = await post({ email: '  Maria.Gonzalez@Cedardata-Technologies.es ', enrich: ['first_name', 'company_name'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ first_name: 'María', company_name: 'Cedardata Technologies S.A.' });
  });

  it('treats an empty identifier next to a valid one as absent', async () => {
    const res = await post({ email: '', domain: 'acme.io', enrich: ['company_name'] });
    expect(res.status).toBe(200);
    expect(res.body.company_name).toBe('Acme Analytics');
    expect(res.body.meta.match.company).toEqual({ found: true, matched_on: 'domain', confidence: 0.95 });
  });

  it.each([[{ company_name: '   ' }], [{ email: '', domain: ' ' }]])('answers 400 naming the blank identifiers when none is usable: %j', async (body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res).toSatisfyApiSpec();
    expect(res.body.detail).toMatch(/blank/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(Object.keys(body).map((name) => `/body/${name}`));
  });

  it('finds an internationalised email in its Unicode and its punycode form', async () => {
    for (const email of ['josé.garcía@müller.de', 'José.García@XN--MLLER-KVA.DE', ' josé.garcía@müller.de']) {
      const res = await post({ email, enrich: ['first_name', 'title'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ first_name: 'José', title: 'Head of Sales' });
    }
  });

  it('finds a company known only through its people by an IDN domain, its punycode, and its name', async () => {
    for (const body of [{ domain: 'müller.de' }, { domain: 'https://www.xn--mller-kva.de/kontakt' }, { company_name: 'müller gmbh' }]) {
      const res = await post({ ...body, enrich: ['company_name'] });
      expect(res.body.company_name).toBe('Müller GmbH');
      expect(res.body.meta.match.company).toMatchObject({ found: true, confidence: 0.8 });
    }
  });

  it('finds a person by their personal address', async () => {
    const res = await post({ email: 'Milan.Visser35@gmail.com', enrich: ['first_name', 'last_name', 'business_email', 'personal_email'] });
    expect(res.body).toMatchObject({ first_name: 'Milan', last_name: 'Visser', business_email: 'milan.visser@silver-spark.nl', personal_email: 'milan.visser35@gmail.com' });
    expect(res.body.meta.match.person).toEqual({ found: true, matched_on: 'email', confidence: 0.95 });
  });

  it('finds a company known only through imported people by its domain and by its name', async () => {
    const byDomain = await post({ domain: 'peopleonly-labs.com', enrich: ['company_name', 'industry'] });
    expect(byDomain.body.company_name).toBe('Peopleonly Labs GmbH');
    expect(byDomain.body.meta.fields.company_name).toMatchObject({ source: 'store', confidence: 0.8 });
    const byName = await post({ company_name: 'Peopleonly Labs', enrich: ['company_name'] });
    expect(byName.body.company_name).toBe('Peopleonly Labs GmbH');
    expect(byName.body.meta.match.company).toEqual({ found: true, matched_on: 'company_name', confidence: 0.8 });
  });

  it('still refuses what is not an email or a domain, saying what was expected', async () => {
    const res = await post({ email: 'not-an-email', domain: 'bad domain!' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/body/email', detail: 'must be an email address (name@company.com)' },
      { pointer: '/body/domain', detail: 'must be a domain or a URL (acme.io, https://www.acme.io/about)' },
    ]);
  });
});

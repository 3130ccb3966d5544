import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStoreSource } from '../src/enrichment/sources/store';
import { normaliseIdentifiers } from '../src/enrichment/identifiers';
import { Migrator, type Kysely } from 'kysely';
import { FIELD_NAMES } from '../src/enrichment/fields';
import { migrateToLatest, type OpenedDatabase } from '../src/store/db';
import { migrationProvider } from '../src/store/migrations';
import { importFile } from '../src/store/importer';
import { countPeople, createStoreReader, readGeneration } from '../src/store/repository';
import { writeBatch } from '../src/store/writer';
import { createKeyring } from '../src/access/apiKeys';
import { createKeyStore } from '../src/access/keyStore';

/**
 * The store's behaviour, run against each database it supports (store.sqlite.test.ts,
 * store.pg.test.ts). `open` gives a fresh, empty database; `close` tears it down.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the migration test writes rows in the previous schema's shape */
export function storeSuite(open: () => Promise<OpenedDatabase>, close: (store: OpenedDatabase) => Promise<void>): void {
  let store: OpenedDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-store-'));
  const file = (name: string, text: string) => {
    const target = path.join(dir, name);
    writeFileSync(target, text);
    return target;
  };
  const signal = new AbortController().signal;
  const isFreeMailbox = (host: string) => ['gmail.com', 'yahoo.com'].includes(host);

  beforeEach(async () => {
    store = await open();
    await migrateToLatest(store.db);
  });
  afterEach(async () => {
    await close(store);
  });

  describe('migrations', () => {
    it('apply once and are then up to date', async () => {
      expect(await migrateToLatest(store.db)).toEqual([]);
      expect(await countPeople(store.db)).toBe(0);
      expect(await readGeneration(store.db)).toBe(0);
    });
  });

  describe('migration 003 (per-field provenance, personal email and company name keys)', () => {
    it('upgrades a store made with the previous schema in place and answers the same, plus the new lookups', async () => {
      const migrator = new Migrator({ db: store.db, provider: migrationProvider });
      const down = await migrator.migrateTo('002_api_keys');
      expect(down.error).toBeUndefined();
      const empty = Object.fromEntries(FIELD_NAMES.map((field) => [field, null]));
      const stamp = '2026-11-01T00:00:00.000Z';
      // Rows exactly as the previous schema held them (no field_meta, no new keys).
      await (store.db as Kysely<any>)
        .insertInto('people')
        .values([
          { ...empty, email_key: 'jane.doe@acme.io', email: 'jane.doe@acme.io', domain_key: 'acme.io', first_name: 'Jane', title: 'CTO', personal_email: 'Jane.Doe@GoogleMail.com', company_name: 'Acme Analytics', source: 'import', fetched_at: stamp, updated_at: stamp },
          { ...empty, email_key: 'li.wei@hooli.sg', email: 'li.wei@hooli.sg', domain_key: 'hooli.sg', first_name: 'Li', company_name: 'Hooli Pte. Ltd.', source: 'import', fetched_at: stamp, updated_at: stamp },
        ])
        .execute();
      await (store.db as Kysely<any>)
        .insertInto('companies')
        .values({ ...empty, domain_key: 'acme.io', domain: 'acme.io', name_key: 'acme analytics', company_name: 'Acme Analytics', industry: 'Software', technologies: 'React', source: 'web', fetched_at: stamp, updated_at: stamp })
        .execute();
      const before = await lookup({ email: 'jane.doe@acme.io' });

      expect(await migrateToLatest(store.db)).toContain('003_field_provenance');
      expect(await lookup({ email: 'jane.doe@acme.io' })).toEqual(before);
      expect(before.technologies).toMatchObject({ value: 'React', origin: 'web' }); // a legacy live row keeps its row-level source
      expect((await lookup({ email: 'janedoe@gmail.com' })).first_name).toMatchObject({ value: 'Jane', confidence: 0.95 });
      expect((await lookup({ company_name: 'Hooli' })).company_name).toMatchObject({ value: 'Hooli Pte. Ltd.', matchedOn: 'company_name' });
      expect((await lookup({ domain: 'hooli.sg' })).company_name).toMatchObject({ value: 'Hooli Pte. Ltd.', matchedOn: 'domain' });
    });
  });

  describe('writeBatch', () => {
    const acme = { naturalId: 'acme.io', fields: { company_name: 'Acme Analytics, Inc.', industry: 'Computer Software' }, source: 'test' };

    it('inserts new rows, leaves identical ones alone and updates changed ones, bumping the generation only on change', async () => {
      expect(await writeBatch(store.db, 'company', [acme])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      expect(await readGeneration(store.db)).toBe(1);
      expect(await writeBatch(store.db, 'company', [acme])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
      expect(await readGeneration(store.db)).toBe(1);
      const changed = { ...acme, fields: { ...acme.fields, industry: 'Analytics' } };
      expect(await writeBatch(store.db, 'company', [changed])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await readGeneration(store.db)).toBe(2);
      const company = await createStoreReader(store.db).companyByDomain('acme.io');
      expect(company?.fields.industry).toBe('Analytics');
      expect(company?.nameKey).toBe('acme analytics');
    });

    it('keys people by normalised email, so tags and Gmail dots find the same person', async () => {
      await writeBatch(store.db, 'person', [{ naturalId: 'Jane.Doe@gmail.com', fields: { first_name: 'Jane' }, source: 'test' }]);
      const reader = createStoreReader(store.db);
      expect((await reader.personByEmailKey(normaliseIdentifiers({ email: 'janedoe+news@googlemail.com' }).email!.key))?.fields.first_name).toBe('Jane');
    });
  });

  const lookup = (request: { email?: string; domain?: string; company_name?: string }) =>
    createStoreSource({ reader: createStoreReader(store.db), isFreeMailbox }).lookup(normaliseIdentifiers(request), [], signal, {});

  describe('the store source', () => {
    beforeEach(async () => {
      await writeBatch(store.db, 'company', [
        { naturalId: 'acme.io', fields: { company_name: 'Acme Analytics, Inc.', industry: 'Computer Software', city: 'San Francisco' }, source: 'test' },
        { naturalId: 'globex.co.uk', fields: { company_name: 'Globex Holdings Ltd', industry: 'Financial Services', city: 'London' }, source: 'test' },
        { naturalId: 'acme-foods.com', fields: { company_name: 'Acme Foods Group', industry: 'Food & Beverages' }, source: 'test' },
      ]);
      await writeBatch(store.db, 'person', [
        { naturalId: 'jane.doe@acme.io', fields: { first_name: 'Jane', last_name: 'Doe', title: 'CTO', city: 'Oakland' }, source: 'test' },
      ]);
    });

    it('answers the person and their company for a known email', async () => {
      const found = await lookup({ email: 'Jane.Doe+x@ACME.io' });
      expect(found.first_name).toMatchObject({ value: 'Jane', confidence: 0.98, matchedOn: 'email', entity: 'person' });
      expect(found.industry).toMatchObject({ value: 'Computer Software', confidence: 0.95, matchedOn: 'email', entity: 'company' });
      expect(found.city?.value).toBe('Oakland'); // the person's own city wins over the company's
    });

    it('answers lookups made at once (the rows of a batch chunk) with fewer queries, each with its own record, the same as one at a time', async () => {
      // Companies no company row describes, known from their people: most at initech.com say "Initech";
      // at hooli.com two names tie (two people each), and the first in order wins, alone or together.
      await writeBatch(store.db, 'person', [
        { naturalId: 'peter@initech.com', fields: { first_name: 'Peter', company_name: 'Initech' }, source: 'test' },
        { naturalId: 'milton@initech.com', fields: { first_name: 'Milton', company_name: 'Initech' }, source: 'test' },
        { naturalId: 'bill@initech.com', fields: { first_name: 'Bill', company_name: 'Initech Corporation' }, source: 'test' },
        { naturalId: 'gavin@hooli.com', fields: { company_name: 'Hooli XYZ' }, source: 'test' },
        { naturalId: 'jian@hooli.com', fields: { company_name: 'Hooli XYZ' }, source: 'test' },
        { naturalId: 'nelson@hooli.com', fields: { company_name: 'Hooli' }, source: 'test' },
        { naturalId: 'denpok@hooli.com', fields: { company_name: 'Hooli' }, source: 'test' },
      ]);
      const requests = [
        { domain: 'initech.com' },
        { email: 'someone.else@initech.com' },
        { email: 'jane.doe@acme.io' },
        { domain: 'globex.co.uk' },
        { email: 'nobody@acme-foods.com' },
        { email: 'jane.doe@acme.io', domain: 'globex.co.uk' },
        { company_name: 'Globex Holdings' },
        { email: 'unknown@nowhere-at-all.org' },
        { domain: 'acme.io' },
        { domain: 'hooli.com' },
        { domain: 'initech.com' }, // the same key twice in one batch
      ];
      // One reader for all, as the service has: what is asked at once shares its queries (counted here).
      let queries = 0;
      const counted = store.db.withPlugin({ transformQuery: ({ node }) => ((queries += 1), node), transformResult: async ({ result }) => result });
      const source = createStoreSource({ reader: createStoreReader(counted), isFreeMailbox });
      const ask = (request: (typeof requests)[number]) => source.lookup(normaliseIdentifiers(request), [], signal, {});
      const alone: unknown[] = [];
      for (const request of requests) alone.push(await ask(request));
      const queriesAlone = queries;
      queries = 0;
      const together = await Promise.all(requests.map(ask));
      expect(together).toEqual(alone);
      expect(queries).toBeLessThan(queriesAlone / 2);
      expect(together[0]).toMatchObject({ company_name: { value: 'Initech', matchedOn: 'domain' } });
      expect(together[1]).toMatchObject({ company_name: { value: 'Initech', matchedOn: 'email' } });
      expect(together[2]).toMatchObject({ first_name: { value: 'Jane' }, industry: { value: 'Computer Software' } });
      expect(together[3]).toMatchObject({ industry: { value: 'Financial Services' } });
      expect(together[4]).toMatchObject({ industry: { value: 'Food & Beverages' } });
      expect(together[7]).toEqual({});
      expect(together[9]).toMatchObject({ company_name: { value: 'Hooli', matchedOn: 'domain' } });
      expect(together[10]).toEqual(together[0]);
    });

    it('answers the company for a domain, URL or unknown person at a company domain', async () => {
      expect((await lookup({ domain: 'https://www.globex.co.uk/about' })).industry).toMatchObject({ value: 'Financial Services', matchedOn: 'domain' });
      expect((await lookup({ email: 'someone.new@globex.co.uk' })).company_name).toMatchObject({ value: 'Globex Holdings Ltd', matchedOn: 'email' });
    });

    it('keeps the matched person consistent with their own company when the domain sent points elsewhere', async () => {
      const found = await lookup({ email: 'jane.doe@acme.io', domain: 'globex.co.uk' });
      expect(found.first_name?.value).toBe('Jane');
      expect(found.company_name?.value).toBe('Acme Analytics, Inc.');
      expect(found.industry?.value).toBe('Computer Software');
    });

    it('does not take a free-mail host for a company', async () => {
      await writeBatch(store.db, 'company', [{ naturalId: 'gmail.com', fields: { company_name: 'Google Mail' }, source: 'test' }]);
      expect(await lookup({ email: 'stranger@gmail.com' })).toEqual({});
    });

    it('matches a company name after case, punctuation, The and legal suffixes', async () => {
      const found = await lookup({ company_name: 'the GLOBEX holdings, LTD.' });
      expect(found.industry).toMatchObject({ value: 'Financial Services', confidence: 0.9, matchedOn: 'company_name' });
    });

    it('falls back to the closest name by token similarity, with a lower confidence', async () => {
      const found = await lookup({ company_name: 'Acme Analytics Group' });
      expect(found.company_name?.value).toBe('Acme Analytics, Inc.');
      expect(found.company_name?.confidence).toBe(0.88); // 4 of 5 words: fuzzyNameConfidence, below an exact name's 0.9
    });

    it('finds a name with a one-letter typo in a long word, a little less sure than without', async () => {
      const found = await lookup({ company_name: 'Acme Analyitcs' });
      expect(found.company_name).toMatchObject({ value: 'Acme Analytics, Inc.', confidence: 0.84, matchedOn: 'company_name' });
      expect((await lookup({ company_name: 'Acmi Analytics' })).company_name).toBeUndefined(); // 'acmi' is too short to forgive: 1 of 2 words
    });

    it('finds nothing for a name that is not close enough', async () => {
      expect(await lookup({ company_name: 'Initech' })).toEqual({});
      expect(await lookup({ company_name: 'Acme Robotics Systems International' })).toEqual({});
    });
  });

  describe('importFile', () => {
    it('imports CSV with mapped columns, rejects invalid rows with reasons, and changes nothing the second time', async () => {
      const csv = file(
        'people.csv',
        'Email Address,first_name,Job Title,shoe_size\n' +
          'jane.doe@acme.io,Jane,Software Engineer,38\n' +
          'not-an-email,Bob,CEO,44\n' +
          ',Carol,CFO,39\n' +
          'oliver@northgate.co.uk,Oliver,"Chief Financial Officer, EMEA",42\n',
      );
      const rejects = path.join(dir, 'people.rejects.jsonl');
      const options = { file: csv, kind: 'person' as const, map: { 'Email Address': 'email', 'Job Title': 'title' }, rejectsFile: rejects, batchSize: 1 };
      const first = await importFile(store.db, options);
      expect(first).toEqual({ read: 4, inserted: 2, updated: 0, unchanged: 0, rejected: 2, ignoredColumns: ['shoe_size'], rejectsFile: rejects });
      const reasons = readFileSync(rejects, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      expect(reasons.map((r) => [r.line, r.reason])).toEqual([
        [3, 'email is not an email address'],
        [4, 'email is missing (a person needs the email to be found by)'],
      ]);
      const person = await createStoreReader(store.db).personByEmailKey('oliver@northgate.co.uk');
      expect(person?.fields.title).toBe('Chief Financial Officer, EMEA');
      expect(person?.domainKey).toBe('northgate.co.uk');

      const second = await importFile(store.db, options);
      expect(second).toMatchObject({ read: 4, inserted: 0, updated: 0, unchanged: 2, rejected: 2 });
      expect(await countPeople(store.db)).toBe(2);
    });

    it('imports JSONL companies and refuses lines that are not objects', async () => {
      const jsonl = file(
        'companies.jsonl',
        '{"domain":"https://www.acme.io","company_name":"Acme","company_size":"201-500"}\n' +
          'not json\n' +
          '[1,2]\n' +
          '{"domain":"localhost","company_name":"Nowhere"}\n' +
          '{"domain":"globex.co.uk","company_name":{"nested":true}}\n',
      );
      const summary = await importFile(store.db, { file: jsonl, kind: 'company', rejectsFile: path.join(dir, 'c.rejects.jsonl') });
      expect(summary).toMatchObject({ read: 5, inserted: 1, rejected: 4 });
      expect((await createStoreReader(store.db).companyByDomain('acme.io'))?.fields.company_size).toBe('201-500');
    });

    it('keeps every committed batch when the file breaks part-way, and no half batch', async () => {
      const rows = Array.from({ length: 7 }, (_, i) => `person${i}@acme.io,Person${i}`).join('\n');
      const csv = file('broken.csv', `email,first_name\n${rows}\n"unterminated,quote\n`);
      await expect(importFile(store.db, { file: csv, kind: 'person', batchSize: 3, rejectsFile: path.join(dir, 'b.rejects.jsonl') })).rejects.toThrow();
      // How many batches were read before the parser failed depends on timing; what was written is whole batches.
      const imported = await countPeople(store.db);
      expect(imported).toBeGreaterThanOrEqual(3);
      expect(imported % 3).toBe(0);
      const reader = createStoreReader(store.db);
      for (let i = 0; i < imported; i += 1) expect((await reader.personByEmailKey(`person${i}@acme.io`))?.fields.first_name).toBe(`Person${i}`);
    });
  });

  describe('API keys', () => {
    const t0 = Date.parse('2026-11-29T10:00:00Z');

    it('live through create, use, rotate with a grace period, expiry and revocation', async () => {
      const keys = createKeyStore(store.db);
      let now = t0;
      const keyring = createKeyring({ bootstrap: [], store: keys, now: () => now, cacheMs: 0, touchEveryMs: 0 });

      const made = await keys.create({ tenant: 'acme', name: 'web', limits: '5/m,100/h', environment: 'live', now: new Date(now) });
      expect(made.key).toMatch(/^enr_live_[0-9A-Za-z]{36}$/);
      const listed = await keys.list();
      expect(JSON.stringify(listed)).not.toContain(made.key);
      expect(listed[0]).toMatchObject({ id: made.id, tenant: 'acme', name: 'web', key_hint: made.key.slice(0, 13) + '…', revoked_at: null });

      const ok = await keyring.verify(made.key);
      expect(ok).toMatchObject({ status: 'ok', tenant: 'acme', keyId: made.id, limits: [{ name: 'minute', limit: 5, seconds: 60 }, { name: 'hour', limit: 100, seconds: 3600 }] });
      await new Promise((resolve) => setTimeout(resolve, 20)); // the best-effort last_used_at write
      expect((await keys.get(made.id))?.last_used_at).toBe(new Date(t0).toISOString());

      const rotated = await keys.rotate(made.id, { graceMs: 3_600_000, environment: 'live', now: new Date(now) });
      expect(rotated).not.toBeNull();
      expect(await keyring.verify(rotated!.key)).toMatchObject({ status: 'ok', tenant: 'acme' });
      now = t0 + 3_599_000;
      expect((await keyring.verify(made.key)).status).toBe('ok');
      now = t0 + 3_600_000;
      expect((await keyring.verify(made.key)).status).toBe('expired');
      expect((await keyring.verify(rotated!.key)).status).toBe('ok');

      expect(await keys.revoke(rotated!.id, new Date(now))).toBe(true);
      expect(await keys.revoke(rotated!.id, new Date(now))).toBe(false);
      expect((await keyring.verify(rotated!.key)).status).toBe('revoked');
      expect(await keys.rotate(rotated!.id, { graceMs: 1, environment: 'live', now: new Date(now) })).toBeNull();
    });

    it('rotate once, and the replacement keeps the expiry policy', async () => {
      const keys = createKeyStore(store.db);
      const ninetyDays = 90 * 86_400_000;
      const made = await keys.create({ tenant: 'acme', environment: 'live', now: new Date(t0), expiresAt: new Date(t0 + ninetyDays) });
      const later = t0 + 30 * 86_400_000;
      const rotated = await keys.rotate(made.id, { graceMs: 3_600_000, environment: 'live', now: new Date(later) });
      expect((await keys.get(rotated!.id))?.expires_at).toBe(new Date(later + ninetyDays).toISOString());
      expect((await keys.get(made.id))?.replaced_by).toBe(rotated!.id);
      await expect(keys.rotate(made.id, { graceMs: 3_600_000, environment: 'live', now: new Date(later) })).rejects.toThrow(/already rotated/);
      expect((await keys.list()).filter((key) => key.tenant === 'acme' && key.revoked_at === null && key.id !== made.id)).toHaveLength(1);
      // The replacement itself can be rotated (once).
      expect(await keys.rotate(rotated!.id, { graceMs: 1, environment: 'live', now: new Date(later) })).not.toBeNull();
    });

    it('expire on their own date and refuse unknown keys', async () => {
      const keys = createKeyStore(store.db);
      let now = t0;
      const keyring = createKeyring({ bootstrap: [], store: keys, now: () => now, cacheMs: 0 });
      const made = await keys.create({ tenant: 'acme', environment: 'test', now: new Date(now), expiresAt: new Date(t0 + 1000) });
      expect((await keyring.verify(made.key)).status).toBe('ok');
      now = t0 + 1000;
      expect((await keyring.verify(made.key)).status).toBe('expired');
      const other = await keys.create({ tenant: 'acme', environment: 'test', now: new Date(now) });
      await keys.revoke(other.id, new Date(now));
      const forged = `enr_test_${'A'.repeat(30)}`;
      expect((await keyring.verify(forged + 'AAAAAA')).status).toBe('bad_checksum');
    });
  });
}

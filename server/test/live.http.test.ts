import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { SPEC_PATH } from '../src/spec';
import { COMPANY_HOME, loopbackDns, loopbackSite, type LoopbackSite } from './fixtures';
import { FIELD_NAMES } from '../src/enrichment/fields';
import { AUTH, testApp, useScratchStore } from './helpers';

jestOpenAPI(SPEC_PATH);

/** Live sources against sites, a DNS server and a provider on 127.0.0.1, named through OUTBOUND_TEST_TARGETS. */
describe('POST /enrich with live sources (all on loopback)', () => {
  let site: LoopbackSite;
  let slow: LoopbackSite;
  let provider: LoopbackSite;
  let dns: Awaited<ReturnType<typeof loopbackDns>>;
  let env: Record<string, string>;
  const disposers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    site = await loopbackSite((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', Server: 'cloudflare', 'Set-Cookie': '_ga=GA1.1.1; Path=/' });
      res.end(COMPANY_HOME);
    });
    slow = await loopbackSite((_req, res) => {
      setTimeout(() => res.end('<html></html>'), 3000).unref();
    });
    const calls: Record<string, number> = {};
    provider = await loopbackSite((req, res) => {
      const email = new URL(req.url ?? '/', 'http://x').searchParams.get('email') ?? '';
      calls[email] = (calls[email] ?? 0) + 1;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
      if (req.headers['x-api-key'] !== 'provider-key-0000') return send(401, { status: 401 });
      const [local] = email.split('@');
      switch (local) {
        case 'match':
          return send(200, { status: 200, likelihood: 8, data: { first_name: 'ada', last_name: 'lovelace', job_title: 'chief technology officer', job_title_levels: ['cxo'], job_title_role: 'engineering', job_company_name: 'analytical engines', location_locality: 'london', location_country: 'united kingdom', linkedin_url: 'linkedin.com/in/ada', personal_emails: ['ada@example.org'] } });
        case 'nomatch':
          return send(404, { status: 404, error: { type: 'not_found' } });
        case 'ratelimited':
          return calls[email] === 1 ? send(429, { status: 429 }, { 'Retry-After': '0' }) : send(200, { status: 200, likelihood: 6, data: { job_title: 'analyst' } });
        case 'malformed':
          return send(200, '{"status": 200, "data": ');
        case 'slow':
          return void setTimeout(() => send(200, { status: 200, data: {} }), 3000).unref();
        default:
          return send(500, { status: 500 });
      }
    });
    dns = await loopbackDns({
      'fixture-company.com': { mx: ['aspmx.l.google.com'], txt: ['v=spf1 include:_spf.google.com include:mail.zendesk.com ~all', 'stripe-verification=abc'] },
      'quiet-company.com': { mx: ['acme-com.mail.protection.outlook.com'], txt: ['hubspot-developer-verification=1'] },
    });
    env = {
      WEB_LOOKUPS: 'on',
      OUTBOUND_TEST_TARGETS: `fixture-company.com=${site.origin},slow-company.com=${slow.origin},quiet-company.com=${site.origin.replace(/:\d+$/, ':9')},provider-api.com=${provider.origin}`,
      DNS_SERVERS: dns.server,
      PROVIDER_URL: 'https://provider-api.com',
      PROVIDER_KEY: 'provider-key-0000',
    };
  }, 20_000);
  afterAll(async () => {
    await Promise.all([site.close(), slow.close(), provider.close(), dns.close(), ...disposers.map((d) => d())]);
  });

  const built = async (extra: Record<string, string> = {}, overrides: Parameters<typeof testApp>[1] = {}) => {
    const made = testApp({ ...env, ...extra }, overrides);
    if (made.deps.dispose) disposers.push(made.deps.dispose);
    await made.deps.ready?.(); // the page worker loaded, as main.ts waits before listening
    return made;
  };
  const app = async (extra: Record<string, string> = {}, overrides: Parameters<typeof testApp>[1] = {}) => (await built(extra, overrides)).app;
  const post = (target: Awaited<ReturnType<typeof app>>, body: object) => request(target).post('/enrich').set(AUTH).send(body);

  it('enriches a domain that is not in the store from the company\'s own site', async () => {
    const res = await post(await app(), { domain: 'fixture-company.com', enrich: ['company_name', 'city', 'state', 'country', 'zip_code', 'location', 'phone', 'company_size', 'linkedin_url', 'technologies'] });
    expect(res.status).toBe(200);
    expect(res).toSatisfyApiSpec();
    expect(res.body).toMatchObject({
      company_name: 'Fixture Robotics GmbH',
      city: 'Munich',
      state: 'Bavaria',
      country: 'Germany',
      zip_code: '80331',
      location: 'Munich, Bavaria, Germany',
      phone: '+49 89 555 0100',
      company_size: '201-500',
      linkedin_url: 'https://www.linkedin.com/company/fixture-robotics',
    });
    for (const technology of ['WordPress', 'Google Analytics', 'HubSpot', 'Cloudflare']) expect(res.body.technologies).toContain(technology);
    expect(res.body.meta.fields.company_name).toMatchObject({ source: 'web', confidence: 0.85 });
    expect(res.body.meta.match).toEqual({ status: 'full', matched_on: ['domain'], person: { found: false, matched_on: null, confidence: null }, company: { found: true, matched_on: 'domain', confidence: 0.85 } });
  });

  it('reads the mail provider and SaaS from DNS when the site shows no technologies', async () => {
    const res = await post(await app(), { domain: 'quiet-company.com', enrich: ['technologies'] });
    expect(res.status).toBe(200);
    expect(res.body.technologies).toContain('Microsoft 365');
    expect(res.body.technologies).toContain('HubSpot');
    expect(res.body.meta.fields.technologies.source).toBe('dns');
    expect(res.body.meta.warnings).toEqual([{ source: 'web', code: 'error', detail: 'web failed; its fields are left out' }]);
  });

  it('answers partially, within the deadline, when the site is slow', async () => {
    const target = await app();
    await post(target, { domain: 'fixture-company.com', enrich: ['company_name'] }); // compiles the validator: not part of the deadline
    const started = Date.now();
    const res = await post(target, { email: 'someone@slow-company.com', enrich: ['first_name', 'company_name'], deadline_ms: 300 });
    expect(res.status).toBe(200);
    expect(res.body.first_name).toBe('Someone');
    expect(res.body.company_name).toBeNull();
    expect(res.body.meta.match.status).toBe('partial');
    expect(res.body.meta.warnings).toContainEqual({ source: 'web', code: 'timeout', detail: 'web did not answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('takes person fields from the provider, mapped onto ours', async () => {
    const res = await post(await app(), { email: 'match@analytical-engines.com', enrich: ['first_name', 'last_name', 'title', 'seniority', 'department', 'country', 'linkedin_url', 'personal_email'] });
    expect(res.status).toBe(200);
    expect(res).toSatisfyApiSpec();
    expect(res.body).toMatchObject({ title: 'Chief Technology Officer', seniority: 'C-level', department: 'Engineering', country: 'United Kingdom', linkedin_url: 'https://www.linkedin.com/in/ada', personal_email: 'ada@example.org' });
    expect(res.body.meta.fields.title).toMatchObject({ source: 'provider', confidence: 0.72 });
  });

  it('retries the provider after a 429, honouring Retry-After', async () => {
    const res = await post(await app(), { email: 'ratelimited@analytical-engines.com', enrich: ['title'] });
    expect(res.body.title).toBe('Analyst');
    expect(res.body.meta.warnings).toEqual([]);
  });

  it.each([
    ['a 500', 'broken@analytical-engines.com', 'error'],
    ['malformed JSON', 'malformed@analytical-engines.com', 'error'],
  ])('turns %s from the provider into a partial answer with a warning', async (_name, email, code) => {
    const res = await post(await app(), { email, enrich: ['first_name', 'title'] });
    expect(res.status).toBe(200);
    expect(res.body.first_name).not.toBeNull();
    expect(res.body.title).toBeNull();
    expect(res.body.meta.warnings).toContainEqual(expect.objectContaining({ source: 'provider', code }));
  });

  it('turns a slow provider into a timeout warning within the deadline', async () => {
    const res = await post(await app(), { email: 'slow@analytical-engines.com', enrich: ['title'], deadline_ms: 300 });
    expect(res.status).toBe(200);
    expect(res.body.meta.warnings).toContainEqual({ source: 'provider', code: 'timeout', detail: 'provider did not answer within 300 ms' });
  });

  it('opens the provider\'s breaker after repeated failures and reports it unavailable', async () => {
    const target = await app();
    const codes: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const res = await post(target, { email: `broken${i}@analytical-engines.com`, enrich: ['first_name', 'title'] });
      expect(res.status).toBe(200);
      codes.push(res.body.meta.warnings.find((w: { source: string }) => w.source === 'provider')?.code);
    }
    expect(codes.slice(0, 5)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(codes.slice(5)).toEqual(['unavailable', 'unavailable']);
  });

  it('asks no live source when WEB_LOOKUPS is off', async () => {
    const before = site.hits.length;
    const res = await post(await app({ WEB_LOOKUPS: 'off' }), { domain: 'fixture-company.com', enrich: ['company_name'] });
    expect(res.body.company_name).toBeNull();
    expect(site.hits.length).toBe(before);
  });

  describe('write-back with freshness', () => {
    const scratch = useScratchStore();
    const row = () => scratch.store.db.selectFrom('companies').selectAll().where('domain_key', '=', 'fixture-company.com').executeTakeFirstOrThrow();

    it('keeps what the site said, answers from the store while fresh, and looks again once stale', async () => {
      let now = Date.parse('2026-11-29T10:00:00Z');
      const made = await built({ LIVE_MAX_AGE_H: '24', CACHE_TTL_S: '0' }, { store: scratch.store, now: () => now });
      const target = made.app;
      const hits = () => site.hits.length;

      const first = await post(target, { domain: 'fixture-company.com', enrich: ['company_name', 'city'] });
      expect(first.body.meta.fields.company_name.source).toBe('web');
      await made.deps.enrichment.settled();
      const written = await row();
      expect(written).toMatchObject({ source: 'web', company_name: 'Fixture Robotics GmbH', city: 'Munich', fetched_at: '2026-11-29T10:00:00.000Z' });
      expect(JSON.parse(written.field_meta ?? '{}')).toEqual({
        company_name: { source: 'web', confidence: 0.85, fetched_at: '2026-11-29T10:00:00.000Z' },
        city: { source: 'web', confidence: 0.8, fetched_at: '2026-11-29T10:00:00.000Z' },
      });

      const seen = hits();
      now += 3_600_000;
      const second = await post(target, { domain: 'fixture-company.com', enrich: ['company_name', 'city'] });
      expect(hits()).toBe(seen); // from the store, not the site
      // Each value read back with its own source and confidence, not the store's.
      expect(second.body.meta.fields.city).toEqual({ source: 'web', confidence: 0.8, fetched_at: '2026-11-29T10:00:00.000Z' });
      expect(second.body.meta.fields.company_name).toEqual({ source: 'web', confidence: 0.85, fetched_at: '2026-11-29T10:00:00.000Z' });

      now += 24 * 3_600_000;
      await post(target, { domain: 'fixture-company.com', enrich: ['company_name', 'city'] });
      expect(hits()).toBe(seen + 1); // stale: looked up again
      await made.deps.enrichment.settled();
      expect(JSON.parse((await row()).field_meta ?? '{}').city.fetched_at).toBe(new Date(now).toISOString());
    });

    it('labels technologies found in DNS as dns, field by field, when the site gave the other fields', async () => {
      const now = Date.parse('2026-11-29T10:00:00Z');
      const made = await built({ CACHE_TTL_S: '0' }, { store: scratch.store, now: () => now });
      // quiet-company.com: the site is unreachable, DNS answers; fixture-company.com: both answer.
      await post(made.app, { domain: 'quiet-company.com', enrich: ['technologies'] });
      await made.deps.enrichment.settled();
      const again = await post(made.app, { domain: 'quiet-company.com', enrich: ['technologies'] });
      expect(again.body.meta.fields.technologies).toMatchObject({ source: 'dns', confidence: 0.75 });
    });

    it('never overwrites what an operator imported', async () => {
      const now = Date.parse('2026-11-29T10:00:00Z');
      await scratch.store.db
        .insertInto('companies')
        .values({ ...Object.fromEntries(FIELD_NAMES.map((f) => [f, null])), domain_key: 'fixture-company.com', domain: 'fixture-company.com', name_key: 'operator name', company_name: 'Operator Name', city: null, source: 'import', fetched_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', field_meta: null } as never)
        .onConflict((oc) => oc.column('domain_key').doUpdateSet({ company_name: 'Operator Name', city: null, source: 'import', field_meta: null }))
        .execute();
      const made = await built({ CACHE_TTL_S: '0' }, { store: scratch.store, now: () => now });
      const res = await post(made.app, { domain: 'fixture-company.com', enrich: ['company_name', 'city'] });
      expect(res.body.company_name).toBe('Operator Name');
      expect(res.body.meta.fields.company_name.source).toBe('store');
      expect(res.body.city).toBe('Munich'); // the site filled what the operator left empty
      await made.deps.enrichment.settled();
      const stored = await row();
      expect(stored).toMatchObject({ company_name: 'Operator Name', city: 'Munich', source: 'import' });
    });
  });
});

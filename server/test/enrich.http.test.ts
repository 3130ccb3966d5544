import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { SPEC_PATH } from '../src/spec';
import type { Source } from '../src/enrichment/engine';
import { AUTH, OTHER_TENANT_KEY, TEST_KEY, testApp } from './helpers';

const NOT_FOUND = { found: false, matched_on: null, confidence: null };

jestOpenAPI(SPEC_PATH);

const post = (app: ReturnType<typeof testApp>['app'], body: unknown, headers: Record<string, string> = AUTH) =>
  request(app).post('/enrich').set(headers).send(body as object);

describe('POST /enrich', () => {
  const { app } = testApp();

  describe('answers from the identifiers', () => {
    it('derives names and the business email from a work address, as a partial match', async () => {
      const res = await post(app, { email: 'Jane.Doe+news@ACME.io' });
      expect(res.status).toBe(200);
      expect(res).toSatisfyApiSpec();
      expect(res.body.first_name).toBe('Jane');
      expect(res.body.last_name).toBe('Doe');
      expect(res.body.business_email).toBe('jane.doe+news@acme.io');
      expect(res.body.personal_email).toBeNull();
      expect(res.body.meta.match).toEqual({ status: 'partial', matched_on: ['email'], person: NOT_FOUND, company: NOT_FOUND });
      expect(res.body.meta.fields.first_name).toMatchObject({ source: 'derived', confidence: 0.7 });
      expect(res.body.meta.mock).toBe(false);
      expect(res.body.meta.cached).toBe(false);
      expect(res.body.meta.missing).toContain('title');
      expect(res.body.meta.request_id).toBe(res.headers['x-request-id']);
    });

    it('files a free-mail address as the personal email', async () => {
      const res = await post(app, { email: 'maria.garcia@yahoo.com', enrich: ['personal_email', 'business_email'] });
      expect(res.status).toBe(200);
      expect(res).toSatisfyApiSpec();
      expect(res.body.personal_email).toBe('maria.garcia@yahoo.com');
      expect(res.body.business_email).toBeNull();
    });

    it('answers exactly the requested fields, each present even when null', async () => {
      const res = await post(app, { email: 'jane.doe@acme.io', enrich: ['first_name', 'title', 'business_email'] });
      expect(res.status).toBe(200);
      expect(res).toSatisfyApiSpec();
      expect(Object.keys(res.body).sort()).toEqual(['business_email', 'first_name', 'meta', 'title']);
      expect(res.body.title).toBeNull();
      expect(res.body.meta.missing).toEqual(['title']);
    });

    it('is a 200 with every field null and match status none when nothing is known, not a 404', async () => {
      const res = await post(app, { domain: 'https://www.unknown-company.co.uk/about' });
      expect(res.status).toBe(200);
      expect(res).toSatisfyApiSpec();
      expect(res.body.meta.match).toEqual({ status: 'none', matched_on: [], person: NOT_FOUND, company: NOT_FOUND });
      expect(res.body.meta.fields).toEqual({});
      expect(res.body.meta.missing).toHaveLength(19);
      for (const [key, value] of Object.entries(res.body)) if (key !== 'meta') expect(value).toBeNull();
    });

    it('leaves out values below min_confidence and lists them as missing', async () => {
      const res = await post(app, { email: 'jane.doe@acme.io', enrich: ['first_name', 'business_email'], min_confidence: 0.8 });
      expect(res.status).toBe(200);
      expect(res.body.first_name).toBeNull();
      expect(res.body.business_email).toBe('jane.doe@acme.io');
      expect(res.body.meta.missing).toEqual(['first_name']);
      expect(res.body.meta.fields.first_name).toBeUndefined();
    });

    it('gives no names for a role mailbox', async () => {
      const res = await post(app, { email: 'info@acme.io', enrich: ['first_name', 'last_name'] });
      expect(res.body.first_name).toBeNull();
      expect(res.body.meta.match.status).toBe('none');
    });
  });

  describe('refuses invalid input with a 400 problem that points at it', () => {
    const cases: Array<[string, unknown, string]> = [
      ['no identifier at all', {}, '/body'],
      ['only a field list', { enrich: ['first_name'] }, '/body'],
      ['an unknown field name', { email: 'a.b@acme.io', enrich: ['shoe_size'] }, '/body/enrich/0'],
      ['a repeated field name', { email: 'a.b@acme.io', enrich: ['title', 'title'] }, '/body/enrich'],
      ['an empty field list', { email: 'a.b@acme.io', enrich: [] }, '/body/enrich'],
      ['an email that is not a string', { email: 5 }, '/body/email'],
      ['an email that is not an email', { email: 'not-an-email' }, '/body/email'],
      ['an email over 254 characters', { email: `${'a'.repeat(250)}@acme.io` }, '/body/email'],
      ['a domain over 253 characters', { domain: `${'a'.repeat(60)}.`.repeat(5) + 'com' }, '/body/domain'],
      ['a domain with spaces', { domain: 'acme .io' }, '/body/domain'],
      ['a company name over 200 characters', { company_name: 'A'.repeat(201) }, '/body/company_name'],
      ['an empty company name', { company_name: '' }, '/body/company_name'],
      ['an extra property', { email: 'a.b@acme.io', phone_number: '123' }, '/body/phone_number'],
      ['min_confidence above 1', { email: 'a.b@acme.io', min_confidence: 1.5 }, '/body/min_confidence'],
      ['deadline_ms below 100', { email: 'a.b@acme.io', deadline_ms: 5 }, '/body/deadline_ms'],
      ['deadline_ms not an integer', { email: 'a.b@acme.io', deadline_ms: 150.5 }, '/body/deadline_ms'],
      ['a body that is an array', [{ email: 'a.b@acme.io' }], '/body'],
    ];
    it.each(cases)('%s', async (_name, body, pointer) => {
      const res = await post(app, body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res).toSatisfyApiSpec();
      expect(res.body).toMatchObject({ status: 400, type: 'https://enrich.example.com/problems/invalid-request', instance: '/enrich' });
      expect(res.body.request_id).toBe(res.headers['x-request-id']);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // no stack
    });

    it('says which identifier is missing when none is sent', async () => {
      const res = await post(app, {});
      expect(res.body.detail).toBe('Send at least one of email, domain or company_name.');
      expect(res.body.errors).toEqual([{ pointer: '/body', detail: 'must have at least one of email, domain, company_name' }]);
    });

    it('reports only the real problem when an identifier is present but invalid', async () => {
      const res = await post(app, { email: 'not-an-email' });
      expect(res.body.errors).toEqual([{ pointer: '/body/email', detail: 'must be an email address (name@company.com)' }]);
    });

    it('refuses malformed JSON', async () => {
      const res = await request(app).post('/enrich').set(AUTH).set('Content-Type', 'application/json').send('{"email": ');
      expect(res.status).toBe(400);
      expect(res).toSatisfyApiSpec();
      expect(res.body.errors).toEqual([{ pointer: '/body', detail: 'is not valid JSON' }]);
    });

    it('refuses an unknown query parameter', async () => {
      const res = await request(app).post('/enrich?debug=1').set(AUTH).send({ email: 'a.b@acme.io' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].pointer).toBe('/query/debug');
    });

    it('refuses an X-Account-ID with characters outside its alphabet', async () => {
      const res = await post(app, { email: 'a.b@acme.io' }, { ...AUTH, 'X-Account-ID': 'acct 1/..' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].pointer).toBe('/headers/x-account-id');
    });
  });

  describe('authenticates with a bearer key', () => {
    const refusals: Array<[string, Record<string, string>, string]> = [
      ['no Authorization header', {}, 'Send your API key as "Authorization: Bearer <key>".'],
      ['an unknown key', { Authorization: 'Bearer enr_test_not-a-key-of-ours-000000' }, 'This API key is not valid.'],
      ['a Basic header', { Authorization: `Basic ${Buffer.from('acme:x').toString('base64')}` }, 'The Authorization header must be "Bearer <key>".'],
      ['a Bearer header without a key', { Authorization: 'Bearer ' }, 'The Authorization header must be "Bearer <key>".'],
    ];
    it.each(refusals)('answers 401 with a Bearer challenge for %s', async (_name, headers, detail) => {
      const res = await post(app, { email: 'a.b@acme.io' }, headers);
      expect(res.body.detail).toBe(detail);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="enrich"');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res).toSatisfyApiSpec();
      expect(res.body.type).toBe('https://enrich.example.com/problems/unauthorized');
    });

    it('checks the key before reading the body', async () => {
      const res = await request(app).post('/enrich').set('Content-Type', 'application/json').send('{broken');
      expect(res.status).toBe(401);
    });

    it('refuses a key sent in the query string and says to use the header', async () => {
      const res = await request(app).post(`/enrich?api_key=${TEST_KEY}`).send({ email: 'a.b@acme.io' });
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/Authorization: Bearer/);
    });

    it('accepts every configured tenant key', async () => {
      const res = await post(app, { email: 'a.b@acme.io' }, { Authorization: `Bearer ${OTHER_TENANT_KEY}` });
      expect(res.status).toBe(200);
    });
  });

  describe('bounds and types the body', () => {
    it('answers 413 for a body over the limit', async () => {
      const res = await request(app)
        .post('/enrich')
        .set(AUTH)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'a.b@acme.io', company_name: 'x'.repeat(20000) }));
      expect(res.status).toBe(413);
      expect(res).toSatisfyApiSpec();
      expect(res.body.detail).toBe('Bodies are limited to 16384 bytes.');
    });

    it.each([
      ['text/plain', 'email=a.b@acme.io'],
      ['application/x-www-form-urlencoded', 'email=a.b%40acme.io'],
    ])('answers 415 for a %s body', async (type, body) => {
      const res = await request(app).post('/enrich').set(AUTH).set('Content-Type', type).send(body);
      expect(res.status).toBe(415);
      expect(res).toSatisfyApiSpec();
      expect(res.body.type).toBe('https://enrich.example.com/problems/unsupported-media-type');
    });

    it('answers 415 for a POST without a body or Content-Type', async () => {
      const res = await request(app).post('/enrich').set(AUTH);
      expect(res.status).toBe(415);
    });
  });

  describe('carries a request id', () => {
    it('echoes a well-formed X-Request-ID', async () => {
      const res = await post(app, { email: 'a.b@acme.io' }, { ...AUTH, 'X-Request-ID': 'client-req.42' });
      expect(res.headers['x-request-id']).toBe('client-req.42');
      expect(res.body.meta.request_id).toBe('client-req.42');
    });

    it('replaces an unsafe X-Request-ID with its own', async () => {
      const res = await post(app, { email: 'a.b@acme.io' }, { ...AUTH, 'X-Request-ID': 'x'.repeat(300) });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('degrades instead of failing', () => {
    const slow: Source = {
      name: 'web',
      provides: ['industry'],
      lookup: (_ids, _wanted, signal) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => resolve({}), 5000);
          signal.addEventListener('abort', () => clearTimeout(timer));
        }),
    };
    const broken: Source = { name: 'provider', provides: ['phone'], lookup: async () => Promise.reject(new Error('boom')) };

    it('answers partially, with a timeout warning, when a source misses the deadline', async () => {
      const { deps } = testApp();
      const withSlow = testApp({}, { sources: [...deps.sources, slow] }).app;
      const res = await post(withSlow, { email: 'jane.doe@acme.io', enrich: ['first_name', 'industry'], deadline_ms: 150 });
      expect(res.status).toBe(200);
      expect(res).toSatisfyApiSpec();
      expect(res.body.first_name).toBe('Jane');
      expect(res.body.industry).toBeNull();
      expect(res.body.meta.match.status).toBe('partial');
      expect(res.body.meta.warnings).toEqual([{ source: 'web', code: 'timeout', detail: 'web did not answer within 150 ms' }]);
    });

    it('answers partially, with an error warning, when a source fails', async () => {
      const { deps } = testApp();
      const withBroken = testApp({}, { sources: [...deps.sources, broken] }).app;
      const res = await post(withBroken, { email: 'jane.doe@acme.io', enrich: ['first_name', 'phone'] });
      expect(res.status).toBe(200);
      expect(res.body.meta.warnings).toEqual([{ source: 'provider', code: 'error', detail: 'provider failed; its fields are left out' }]);
    });

    it('answers 503 with Retry-After when no source could be consulted at all', async () => {
      const onlyBroken = testApp({}, { sources: [broken] }).app;
      const res = await post(onlyBroken, { email: 'jane.doe@acme.io', enrich: ['phone'] });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res).toSatisfyApiSpec();
    });

    it('treats a source that throws synchronously as a failed source', async () => {
      const explode: Source = { name: 'store', provides: ['title'], lookup: () => { throw new Error('secret internals at db.ts:12'); } };
      const res = await post(testApp({}, { sources: [explode] }).app, { email: 'jane.doe@acme.io', enrich: ['title'] });
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body)).not.toContain('secret internals');
    });

    it('turns an answer that breaks the contract into a 500 problem, logged, without internals', async () => {
      const wrong: Source = {
        name: 'store',
        provides: ['title'],
        lookup: async () => ({ title: { value: 42 as unknown as string, confidence: 0.9, fetchedAt: new Date(0), matchedOn: 'email' } }),
      };
      const { app: bad, logText } = testApp({}, { sources: [wrong] });
      const res = await post(bad, { email: 'jane.doe@acme.io', enrich: ['title'] });
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: 'https://enrich.example.com/problems/internal-error',
        title: 'Something went wrong on our side.',
        status: 500,
        detail: 'The error has been logged with this request id.',
        instance: '/enrich',
        request_id: res.headers['x-request-id'],
      });
      expect(logText()).toContain('"level":"error"');
      expect(logText()).not.toContain('jane.doe');
    });
  });

  describe('rate limits per account and per tenant', () => {
    it('refuses the 4th request in a minute with 429, Retry-After and RateLimit headers', async () => {
      const { app: limited } = testApp({ RATE_LIMITS: '3/m,100/h', TENANT_LIMIT_FACTOR: '10' });
      for (let i = 0; i < 3; i += 1) {
        const ok = await post(limited, { email: 'a.b@acme.io' }, { ...AUTH, 'X-Account-ID': 'acct_1' });
        expect(ok.status).toBe(200);
        expect(ok.headers['ratelimit']).toBe(`"minute";r=${2 - i};t=60`);
      }
      const res = await post(limited, { email: 'a.b@acme.io' }, { ...AUTH, 'X-Account-ID': 'acct_1' });
      expect(res.status).toBe(429);
      expect(res).toSatisfyApiSpec();
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(res.headers['ratelimit-policy']).toBe('"minute";q=3;w=60, "hour";q=100;w=3600, "tenant_minute";q=30;w=60, "tenant_hour";q=1000;w=3600');
      expect(res.headers['ratelimit']).toMatch(/^"minute";r=0;t=\d+$/);
      expect(res.body.type).toBe('https://iana.org/assignments/http-problem-types#quota-exceeded');
      expect(res.body.violated_policies).toEqual(['minute']);

      const other = await post(limited, { email: 'a.b@acme.io' }, { ...AUTH, 'X-Account-ID': 'acct_2' });
      expect(other.status).toBe(200);
      const otherTenant = await post(limited, { email: 'a.b@acme.io' }, { Authorization: `Bearer ${OTHER_TENANT_KEY}`, 'X-Account-ID': 'acct_1' });
      expect(otherTenant.status).toBe(200);
    });

    it('stops a client that invents account ids at the tenant cap', async () => {
      const { app: limited } = testApp({ RATE_LIMITS: '3/m', TENANT_LIMIT_FACTOR: '2' });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const res = await post(limited, { email: 'a.b@acme.io' }, { ...AUTH, 'X-Account-ID': `invented_${i}` });
        statuses.push(res.status);
        if (res.status === 429) expect(res.body.violated_policies).toEqual(['tenant_minute']);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    });
  });

  it('never logs keys or identifiers in clear', async () => {
    const { app: logged, logText } = testApp();
    await post(logged, { email: 'secret.person@hidden-corp.io', company_name: 'Hidden Corp' });
    await post(logged, { email: 'secret.person@hidden-corp.io' }, { Authorization: 'Bearer enr_test_wrong-key-that-must-not-leak' });
    const text = logText();
    expect(text).toContain('"operation":"enrich"');
    for (const secret of [TEST_KEY, 'enr_test_wrong-key-that-must-not-leak', 'secret.person', 'hidden-corp', 'Hidden Corp', 'Secret']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('routes outside the contract', () => {
  const { app } = testApp();
  it('answers 404 problem+json for an unknown path', async () => {
    const res = await request(app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
  it('answers 405 with Allow for an undocumented method', async () => {
    const res = await request(app).get('/enrich').set(AUTH);
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toMatch(/POST/);
  });
  it('does not say it is Express', async () => {
    const res = await request(app).get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

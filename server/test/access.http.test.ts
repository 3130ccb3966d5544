import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { parseItem, parseList } from 'structured-headers';
import { createKeyStore } from '../src/access/keyStore';
import { SPEC_PATH } from '../src/spec';
import { AUTH, testApp, useScratchStore } from './helpers';

jestOpenAPI(SPEC_PATH);

describe('POST /enrich with stored API keys', () => {
  const scratch = useScratchStore();
  const enrich = (app: ReturnType<typeof testApp>['app'], key: string, headers: Record<string, string> = {}) =>
    request(app).post('/enrich').set({ Authorization: `Bearer ${key}`, ...headers }).send({ email: 'jane.doe@acme.io', enrich: ['first_name'] });

  it('accepts a stored key and applies its own limits', async () => {
    const keys = createKeyStore(scratch.store.db);
    const made = await keys.create({ tenant: 'acme', limits: '2/m', environment: 'test', now: new Date() });
    const { app } = testApp({ KEY_CACHE_S: '0' }, { store: scratch.store });
    const first = await enrich(app, made.key);
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"minute";q=2;w=60, "tenant_minute";q=20;w=60');
    expect((await enrich(app, made.key)).status).toBe(200);
    const third = await enrich(app, made.key);
    expect(third.status).toBe(429);
    expect(third.body.violated_policies).toEqual(['minute']);
  });

  it('answers 403 for a revoked key and 401 for an expired one', async () => {
    const keys = createKeyStore(scratch.store.db);
    const revoked = await keys.create({ tenant: 'acme', environment: 'test', now: new Date() });
    await keys.revoke(revoked.id, new Date());
    const expired = await keys.create({ tenant: 'acme', environment: 'test', now: new Date(), expiresAt: new Date(Date.now() - 1000) });
    const { app } = testApp({ KEY_CACHE_S: '0' }, { store: scratch.store });

    const forbidden = await enrich(app, revoked.key);
    expect(forbidden.status).toBe(403);
    expect(forbidden).toSatisfyApiSpec();
    expect(forbidden.body).toMatchObject({ type: 'https://enrich.example.com/problems/forbidden', detail: 'This API key has been revoked.' });

    const late = await enrich(app, expired.key);
    expect(late.status).toBe(401);
    expect(late.body.detail).toBe('This API key has expired. Use the key that replaced it.');
  });

  it('refuses a key with a wrong checksum without looking it up', async () => {
    const lookups: string[] = [];
    const keyStore = { findByHash: async (hash: string) => (lookups.push(hash), null), touch: async () => undefined };
    const { app } = testApp({}, { keyStore });
    const made = await createKeyStore(scratch.store.db).create({ tenant: 'acme', environment: 'live', now: new Date() });
    const typo = made.key.slice(0, -1) + (made.key.endsWith('a') ? 'b' : 'a');
    const res = await enrich(app, typo);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/checksum/);
    expect(lookups).toEqual([]);
    await enrich(app, made.key); // well formed: looked up (and unknown to this fake)
    expect(lookups).toHaveLength(1);
  });

  it('answers 503 when keys cannot be checked because the store is down', async () => {
    const keyStore = { findByHash: async () => Promise.reject(new Error('SQLITE_BUSY')), touch: async () => undefined };
    const made = await createKeyStore(scratch.store.db).create({ tenant: 'acme', environment: 'live', now: new Date() });
    const res = await enrich(testApp({}, { keyStore }).app, made.key);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });
});

describe('rate-limit headers', () => {
  it('are RFC 8941 lists as the RateLimit draft defines them', async () => {
    const { app } = testApp({ RATE_LIMITS: '100/m,1000/h,10000/d' });
    const res = await request(app).post('/enrich').set(AUTH).send({ email: 'jane.doe@acme.io' });
    const policies = parseList(String(res.headers['ratelimit-policy']));
    expect(policies.map(([name, params]) => [name, params.get('q'), params.get('w')])).toEqual([
      ['minute', 100, 60],
      ['hour', 1000, 3600],
      ['day', 10000, 86400],
      ['tenant_minute', 1000, 60],
      ['tenant_hour', 10000, 3600],
      ['tenant_day', 100000, 86400],
    ]);
    const [name, params] = parseItem(String(res.headers['ratelimit']));
    expect(name).toBe('minute');
    expect(params.get('r')).toBe(99);
    expect(params.get('t')).toBe(60);
  });
});

describe('authentication failures', () => {
  const GUESS = 'enr_test_guess-000000000000000000';
  it('are limited per (client address, key prefix): the bad key waits, a good key from the same address still works', async () => {
    const { app } = testApp({ AUTH_FAILURE_LIMIT: '3/m' });
    for (let i = 0; i < 3; i += 1) {
      expect((await request(app).post('/enrich').set('Authorization', `Bearer ${GUESS}`).send({ email: 'a.b@acme.io' })).status).toBe(401);
    }
    const blocked = await request(app).post('/enrich').set('Authorization', `Bearer ${GUESS}`).send({ email: 'a.b@acme.io' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.violated_policies).toEqual(['auth_failures']);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(app).post('/enrich').set(AUTH).send({ email: 'a.b@acme.io' })).status).toBe(200);
  });

  it('are counted by address behind a trusted proxy, so one client cannot lock out another', async () => {
    const { app } = testApp({ AUTH_FAILURE_LIMIT: '2/m', TRUST_PROXY: 'loopback' });
    const wrong = { Authorization: 'Bearer wrong-key-0000000000' };
    for (let i = 0; i < 2; i += 1) {
      await request(app).post('/enrich').set({ ...wrong, 'X-Forwarded-For': '203.0.113.7' }).send({ email: 'a.b@acme.io' });
    }
    expect((await request(app).post('/enrich').set({ ...wrong, 'X-Forwarded-For': '203.0.113.7' }).send({ email: 'a.b@acme.io' })).status).toBe(429);
    expect((await request(app).post('/enrich').set({ ...wrong, 'X-Forwarded-For': '198.51.100.9' }).send({ email: 'a.b@acme.io' })).status).toBe(401);
    expect((await request(app).post('/enrich').set({ ...AUTH, 'X-Forwarded-For': '203.0.113.7' }).send({ email: 'a.b@acme.io' })).status).toBe(200);
  });
});

describe('hardening', () => {
  const { app } = testApp();

  it.each([
    ['__proto__', '{"email":"a.b@acme.io","__proto__":{"polluted":true}}'],
    ['constructor', '{"email":"a.b@acme.io","constructor":{"prototype":{"polluted":true}}}'],
  ])('refuses a body with a %s key and pollutes nothing', async (_name, body) => {
    const res = await request(app).post('/enrich').set(AUTH).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  describe('with a store', () => {
    const scratch = useScratchStore();
    it('says how long each source took in Server-Timing', async () => {
    const { app } = testApp({}, { store: scratch.store });
    const res = await request(app).post('/enrich').set(AUTH).send({ email: 'timing.test@acme.io' });
    expect(res.headers['server-timing']).toMatch(/^store;dur=[\d.]+, total;dur=[\d.]+$/);
    const again = await request(app).post('/enrich').set(AUTH).send({ email: 'timing.test@acme.io' });
    expect(again.headers['server-timing']).toMatch(/^cache;desc="hit", total;dur=[\d.]+$/);
  });
  });
});

describe('GET /metrics access', () => {
  it('needs the metrics token when one is configured, and never takes an API key', async () => {
    const { app } = testApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
    expect((await request(app).get('/metrics')).status).toBe(401);
    expect((await request(app).get('/metrics').set(AUTH)).status).toBe(401);
    const res = await request(app).get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789');
    expect(res.status).toBe(200);
  });
});

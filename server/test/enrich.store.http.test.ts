import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import type { Source } from '../src/enrichment/engine';
import { createRedisClient } from '../src/cache/redisClient';
import { loadSampleData, type GenerationTracker } from '../src/foundations';
import { freePort } from '../../mocks/prism';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { readGeneration } from '../src/store/repository';
import { writeBatch } from '../src/store/writer';
import { SPEC_PATH } from '../src/spec';
import { AUTH, testApp } from './helpers';

jestOpenAPI(SPEC_PATH);

describe('POST /enrich over the store (SQLite with the sample data)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-http-store-'));
  let store: OpenedDatabase;
  let generation: GenerationTracker;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    expect(await loadSampleData(store)).toBe(2000);
    generation = { current: await readGeneration(store.db) };
    app = testApp({}, { store, generation }).app;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: object) => request(app).post('/enrich').set(AUTH).send(body);

  it('answers the full sample record from the store, then the same answer from the cache', async () => {
    const first = await post({ email: 'jane.doe@acme.io' });
    expect(first.status).toBe(200);
    expect(first).toSatisfyApiSpec();
    expect(first.body).toMatchObject({ first_name: 'Jane', last_name: 'Doe', title: 'Software Engineer', company_name: 'Acme Analytics', industry: 'Computer Software', seniority: 'Mid-level', personal_email: null });
    expect(first.body.meta.fields.title.source).toBe('store');
    expect(first.body.meta.missing).toEqual(['personal_email']);
    expect(first.body.meta.cached).toBe(false);

    const second = await post({ email: 'jane.doe@acme.io' });
    expect(second).toSatisfyApiSpec();
    expect(second.body.meta.cached).toBe(true);
    expect(second.body.meta.request_id).toBe(second.headers['x-request-id']);
    const { request_id: _a, cached: _b, ...firstMeta } = first.body.meta;
    const { request_id: _c, cached: _d, ...secondMeta } = second.body.meta;
    expect(secondMeta).toEqual(firstMeta); // provenance unchanged: still `store`
  });

  it('answers exactly the requested fields', async () => {
    const res = await post({ email: 'jane.doe@acme.io', enrich: ['title', 'industry', 'personal_email'] });
    expect(Object.keys(res.body).sort()).toEqual(['industry', 'meta', 'personal_email', 'title']);
    expect(res.body.meta.match.status).toBe('partial');
  });

  it('answers company fields for a domain and leaves person fields null: a partial match', async () => {
    const res = await post({ domain: 'https://www.acme.io/careers' });
    expect(res.status).toBe(200);
    expect(res).toSatisfyApiSpec();
    expect(res.body.company_name).toBe('Acme Analytics');
    expect(res.body.first_name).toBeNull();
    expect(res.body.meta.match).toEqual({ status: 'partial', matched_on: ['domain'], person: { found: false, matched_on: null, confidence: null }, company: { found: true, matched_on: 'domain', confidence: 0.95 } });
  });

  it('answers a company name despite case, punctuation and legal suffix', async () => {
    const res = await post({ company_name: 'THE ACME ANALYTICS, INC', enrich: ['industry'] });
    expect(res.body.industry).toBe('Computer Software');
    expect(res.body.meta.fields.industry.confidence).toBe(0.9);
  });

  it('is a 200 with nulls and match status none for an unknown company', async () => {
    const res = await post({ domain: 'never-heard-of-it.example' });
    expect(res.status).toBe(200);
    expect(res.body.meta.match.status).toBe('none');
  });

  it('answers from the store again after an import changes the record', async () => {
    await post({ email: 'jane.doe@acme.io', enrich: ['title'] });
    await writeBatch(store.db, 'person', [{ naturalId: 'jane.doe@acme.io', fields: { first_name: 'Jane', last_name: 'Doe', title: 'Staff Engineer', business_email: 'jane.doe@acme.io' }, source: 'test' }]);
    generation.current = await readGeneration(store.db); // what the server's poll does
    const res = await post({ email: 'jane.doe@acme.io', enrich: ['title'] });
    expect(res.body.title).toBe('Staff Engineer');
    expect(res.body.meta.cached).toBe(false);
  });
});

describe('POST /enrich when the store is down', () => {
  it('answers 503 with Retry-After when the store is the only source that could answer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'enrich-down-'));
    const store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    const { app } = testApp({}, { store });
    await store.close();
    const res = await request(app).post('/enrich').set(AUTH).send({ company_name: 'Acme', enrich: ['industry'] });
    expect(res.status).toBe(503);
    expect(res).toSatisfyApiSpec();
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.type).toBe('https://enrich.example.com/problems/unavailable');

    const partial = await request(app).post('/enrich').set(AUTH).send({ email: 'jane.doe@acme.io', enrich: ['first_name', 'industry'] });
    expect(partial.status).toBe(200);
    expect(partial.body.first_name).toBe('Jane');
    expect(partial.body.meta.warnings).toEqual([{ source: 'store', code: 'error', detail: 'store failed; its fields are left out' }]);

    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ store: 'unreachable' });
    rmSync(dir, { recursive: true, force: true });
  });
  it('logs the store failing once when it starts and once when it answers again, not per request', async () => {
    let down = true;
    const store: Source = {
      name: 'store',
      provides: ['industry'],
      lookup: async () => {
        if (down) throw new Error('connection terminated');
        return {};
      },
    };
    const { app, logText } = testApp({ CACHE_TTL_S: '0', CACHE_NEGATIVE_TTL_S: '0' }, { sources: [store] });
    const ask = () => request(app).post('/enrich').set(AUTH).send({ email: 'jane.doe@acme.io', enrich: ['first_name', 'industry'] });
    for (let i = 0; i < 3; i += 1) expect((await ask()).body.meta.warnings).toHaveLength(1);
    down = false;
    for (let i = 0; i < 2; i += 1) expect((await ask()).body.meta.warnings).toEqual([]);
    expect(logText().match(/"event":"source_failing"/g)).toHaveLength(1);
    expect(logText()).toContain('"outcome":"error"');
    expect(logText().match(/"event":"source_recovered"/g)).toHaveLength(1);
  });
});

describe('POST /enrich when Redis is down', () => {
  it('answers without the cache, logs the outage once, and /ready names Redis', async () => {
    const redis = createRedisClient(`redis://127.0.0.1:${await freePort()}`);
    const { app, logText } = testApp({}, { redis });
    for (let i = 0; i < 3; i += 1) {
      const res = await request(app).post('/enrich').set(AUTH).send({ email: 'jane.doe@acme.io' });
      expect(res.status).toBe(200);
      expect(res.body.meta.cached).toBe(false);
    }
    expect(logText().match(/"event":"cache_unavailable"/g)).toHaveLength(1);
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ redis: 'unreachable' });
    redis.disconnect();
  });
});

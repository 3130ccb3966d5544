import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { parse } from 'yaml';
import { SPEC_PATH } from '../src/spec';
import { AUTH, testApp } from './helpers';

jestOpenAPI(SPEC_PATH);

describe('GET /health', () => {
  it('answers ok with version and uptime, without a key', async () => {
    let now = 1_000_000;
    const { app } = testApp({}, { now: () => now });
    now += 42_000;
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res).toSatisfyApiSpec();
    expect(res.body).toEqual({ status: 'ok', version: '0.1.0', uptime_s: 42 });
    expect(res.headers['x-request-id']).toBeDefined();
  });
});

describe('GET /ready', () => {
  it('is ready when every check answers', async () => {
    const { app } = testApp({}, { readinessChecks: [{ name: 'store', check: async () => true }] });
    const res = await request(app).get('/ready');
    expect(res.status).toBe(200);
    expect(res).toSatisfyApiSpec();
    expect(res.body).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });

  it('is a 503 with Retry-After naming the dependency that failed', async () => {
    const { app } = testApp({}, {
      readinessChecks: [
        { name: 'store', check: async () => true },
        { name: 'redis', check: async () => Promise.reject(new Error('ECONNREFUSED')) },
      ],
    });
    const res = await request(app).get('/ready');
    expect(res.status).toBe(503);
    expect(res).toSatisfyApiSpec();
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({ status: 'not_ready', checks: { store: 'ok', redis: 'unreachable' } });
  });
});

describe('GET /metrics', () => {
  it('counts what the app did, in Prometheus text format', async () => {
    const { app } = testApp();
    await request(app).post('/enrich').set(AUTH).send({ email: 'jane.doe@acme.io' });
    await request(app).post('/enrich').send({ email: 'jane.doe@acme.io' });
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('enrich_outcomes_total{match="partial"} 1');
    expect(res.text).toContain('enrich_auth_failures_total{reason="missing"} 1');
    expect(res.text).toMatch(/enrich_http_request_duration_seconds_count\{operation="enrich",method="POST",status="200"\} 1/);
  });
});

describe('GET /openapi.yaml', () => {
  it('serves the contract the server validates against', async () => {
    const { app, deps } = testApp();
    const res = await request(app).get('/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    expect(res.text).toBe(deps.spec.text);
    expect(parse(res.text).openapi).toBe('3.0.3');
  });
});

describe('GET /docs', () => {
  const { app } = testApp();
  it('renders the reference from local assets, with no inline script', async () => {
    const res = await request(app).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const scripts = [...res.text.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="\/docs\/assets\//);
      expect(inline).toBe('');
    }
    expect(res.text).not.toMatch(/https?:\/\//);
  });

  it.each(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/assets/enrich-docs.js'])('serves %s', async (asset) => {
    const res = await request(app).get(asset);
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(50);
  });

  it('answers 404 problem for an asset that does not exist', async () => {
    const res = await request(app).get('/docs/assets/nothing.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { personas } from '../../openapi/generated/contract';
import { TEST_KEY, testApp } from '../../server/test/helpers';
import { buildGateway, createGatewayMetrics } from '../gateway/app';
import { createGatewayLogger } from '../gateway/logger';

function gateway(studioDir: string | undefined, apiUrl = 'http://127.0.0.1:9') {
  return buildGateway({
    client: { baseUrl: apiUrl, apiKey: TEST_KEY, retries: 0 },
    logger: createGatewayLogger({ level: 'error', stream: new PassThrough() }),
    metrics: createGatewayMetrics(false),
    studioDir,
  }).app;
}

/** The gateway as the Studio's server: its static files under a strict CSP, and the timing it passes on. */
describe('the gateway serving the Studio', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-gateway-studio-'));
  beforeAll(() => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Studio</title><script type="module" src="studio.js"></script>');
    writeFileSync(path.join(dir, 'studio.js'), 'export {};');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page and its script under a CSP with no inline code and nothing from elsewhere, revalidated by ETag', async () => {
    const app = gateway(dir);
    const page = await request(app).get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = await request(app).get('/studio.js');
    expect(script.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect((await request(app).get('/studio.js').set('If-None-Match', script.headers['etag']!)).status).toBe(304);
    expect((await request(app).get('/.env')).status).toBe(404);
  });

  it('says how to build the Studio when it is not built', async () => {
    const res = await request(gateway(path.join(dir, 'missing'))).get('/');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build');
  });

  it('gives a call the deadline it asks for when that is beyond the gateway\'s budget', async () => {
    // An API that answers in 600 ms, behind a gateway whose own budget is 300 ms.
    const persona = Object.values(personas)[0]!;
    const answer = JSON.stringify({ ...persona, meta: { ...persona.meta, mock: false, mock_reason: undefined } });
    const slowApi: typeof fetch = (_input, init) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(new Response(answer, { status: 200, headers: { 'Content-Type': 'application/json' } })), 600);
        init?.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(init.signal!.reason)));
      });
    const app = buildGateway({
      client: { baseUrl: 'http://127.0.0.1:9', apiKey: TEST_KEY, retries: 0, budgetMs: 300, fetch: slowApi },
      logger: createGatewayLogger({ level: 'error', stream: new PassThrough() }),
      metrics: createGatewayMetrics(false),
    }).app;
    const hurried = await request(app).post('/api/enrich').send({ email: 'jane.doe@acme.io' });
    expect(hurried.headers['x-enrich-source']).toBe('mock');
    const patient = await request(app).post('/api/enrich').send({ email: 'jane.doe@acme.io', deadline_ms: 1500 });
    expect(patient.headers['x-enrich-source']).toBe('real');
  });

  it('passes the API\'s Server-Timing on, with its own time after it', async () => {
    const api = testApp({ RATE_LIMITS: '1000/m' }).app.listen(0, '127.0.0.1');
    await new Promise((resolve) => api.once('listening', resolve));
    try {
      const { port } = api.address() as { port: number };
      const res = await request(gateway(undefined, `http://127.0.0.1:${port}`)).post('/api/enrich').send({ email: 'jane.doe@acme.io', enrich: ['first_name'] });
      expect(res.status).toBe(200);
      expect(res.headers['x-enrich-source']).toBe('real');
      // `total` is the API's own entry (its sources before it, when any was consulted); `gateway` is added here.
      expect(res.headers['server-timing']).toMatch(/(^|, )total;dur=[\d.]+, gateway;dur=[\d.]+$/);
    } finally {
      await new Promise((resolve) => api.close(resolve));
    }
  });
});

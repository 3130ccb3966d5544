import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { startPrism, type RunningPrism } from '../../mocks/prism';
import { TEST_KEY, testApp } from '../../server/test/helpers';
import { buildGateway, createGatewayMetrics } from '../gateway/app';
import { createGatewayLogger as createLogger } from '../gateway/logger';
import { createUpstreamPool } from '../gateway/upstream';
import { createEnrichClient } from '../src';

/** The gateway in front of a real Enrich server on loopback and a real Prism mock of the same contract. */
describe('the gateway (POST /api/enrich) with a real API and a real Prism', () => {
  // As main.ts runs it: calls to the API and to Prism go over one upstream pool (undici's request(), not fetch).
  const pool = createUpstreamPool({ connections: 8 });
  const pooled = pool.forEnrichClient;
  let prism: RunningPrism;
  let api: Server;
  let apiUrl: string;
  beforeAll(async () => {
    prism = await startPrism({ mode: 'mock' });
    api = testApp({ RATE_LIMITS: '1000/m' }).app.listen(0, '127.0.0.1');
    await new Promise((resolve) => api.once('listening', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  }, 40_000);
  afterAll(async () => {
    await pool.close();
    await prism?.stop();
    if (api.listening) await new Promise((resolve) => api.close(resolve));
  });

  function gateway() {
    const stream = new PassThrough();
    let logs = '';
    stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const metrics = createGatewayMetrics(false);
    const { app, client } = buildGateway({
      client: { baseUrl: apiUrl, apiKey: TEST_KEY, mockUrl: prism.url, retries: 1, breaker: { failures: 2, openMs: 60_000 }, ...pooled },
      logger: createLogger({ level: 'info', stream }),
      metrics,
    });
    return { app, client, logs: () => logs };
  }

  it('answers real data from the API, marked real', async () => {
    const { app } = gateway();
    const res = await request(app).post('/api/enrich').set('X-Account-ID', 'acct_9').send({ email: 'jane.doe@acme.io', enrich: ['first_name', 'business_email'] });
    expect(res.status).toBe(200);
    expect(res.headers['x-enrich-source']).toBe('real');
    expect(res.body).toMatchObject({ first_name: 'Jane', business_email: 'jane.doe@acme.io', meta: { mock: false } });
  });

  it('answers the caller\'s own mistake with a 400 and details, never a mock', async () => {
    const { app } = gateway();
    const res = await request(app).post('/api/enrich').send({ enrich: ['first_name'] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ pointer: '/body', detail: 'must have at least one of email, domain, company_name' }]);
    const broken = await request(app).post('/api/enrich').set('Content-Type', 'application/json').send('{nope');
    expect(broken.status).toBe(400);
  });

  it('falls back to the Prism persona with a bad key, marked mock, and logs and counts a configuration error', async () => {
    const stream = new PassThrough();
    let logs = '';
    stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const metrics = createGatewayMetrics(false);
    const { app } = buildGateway({
      client: { baseUrl: apiUrl, apiKey: 'enr_test_wrong-key-000000000000', mockUrl: prism.url, retries: 0, ...pooled },
      logger: createLogger({ level: 'info', stream }),
      metrics,
    });
    const res = await request(app).post('/api/enrich').send({ email: 'oliver.bennett@northgatepay.co.uk' });
    expect(res.status).toBe(200);
    expect(res.headers['x-enrich-source']).toBe('mock');
    expect(res.body.meta).toMatchObject({ mock: true, mock_reason: 'api_4xx' });
    expect(res.body).toMatchObject({ business_email: 'oliver.bennett@northgatepay.co.uk', first_name: 'Oliver', company_name: 'Northgatepay', country: 'United Kingdom' });
    const line = JSON.parse(logs.split('\n').find((l) => l.includes('configuration_error'))!);
    expect(line).toMatchObject({ level: 'error', status: 401, reason: 'api_4xx', problem_type: expect.stringContaining('unauthorized') });
    expect(logs).not.toContain('oliver');
    const text = (await request(app).get('/metrics')).text;
    expect(text).toContain('enrich_gateway_configuration_errors_total{status="401"} 1');
    expect(text).not.toContain('enrich_gateway_fallbacks_total{reason="api_4xx"}');
  });

  it('answers a marked mock when ENRICH_API_URL redirects, logs and counts it as a configuration error, and sends the key nowhere else', async () => {
    const elsewhere: string[] = [];
    const target = createServer((req, res) => {
      elsewhere.push(req.headers.authorization ?? 'no key');
      res.end('{}');
    }).listen(0, '127.0.0.1');
    await once(target, 'listening');
    const moved = createServer((_req, res) => void res.writeHead(308, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/enrich` }).end()).listen(0, '127.0.0.1');
    await once(moved, 'listening');
    const stream = new PassThrough();
    let logs = '';
    stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const metrics = createGatewayMetrics(false);
    const { app } = buildGateway({
      client: { baseUrl: `http://127.0.0.1:${(moved.address() as AddressInfo).port}`, apiKey: TEST_KEY, retries: 0, ...pooled },
      logger: createLogger({ level: 'info', stream }),
      metrics,
    });
    const res = await request(app).post('/api/enrich').send({ email: 'jane.doe@acme.io' });
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({ mock: true, mock_reason: 'invalid_response' });
    const line = JSON.parse(logs.split('\n').find((l) => l.includes('configuration_error'))!);
    expect(line).toMatchObject({ level: 'error', status: 308, message: expect.stringContaining('ENRICH_API_URL') });
    expect((await request(app).get('/metrics')).text).toContain('enrich_gateway_configuration_errors_total{status="308"} 1');
    expect(elsewhere).toEqual([]);
    target.close();
    moved.close();
  });

  it('gives the same mock through Prism as from the compiled personas, byte for byte', async () => {
    const inputs = [{ email: 'paul.muller@greenpixel.de' }, { domain: 'greenpixel.de' }, { email: 'info@acme.io' }, { email: 'sam.tan@gmail.com' }, { company_name: 'Globex' }];
    for (const input of inputs) {
      const viaPrism = await createEnrichClient({ baseUrl: 'http://127.0.0.1:9', mockUrl: prism.url, retries: 0, onFallback: (e) => expect(e.from).toBe('prism') }).enrich(input);
      const compiled = await createEnrichClient({ baseUrl: 'http://127.0.0.1:9', retries: 0, onFallback: (e) => expect(e.from).toBe('compiled') }).enrich(input);
      expect(JSON.stringify(viaPrism)).toBe(JSON.stringify(compiled));
    }
  });

  it('answers the browser: CORS for configured origins only, the preflight, request ids, problems from the shared templates', async () => {
    const { app } = buildGateway({
      client: { baseUrl: apiUrl, apiKey: TEST_KEY, retries: 0, ...pooled },
      logger: createLogger({ level: 'error', stream: new PassThrough() }),
      metrics: createGatewayMetrics(false),
      corsOrigins: ['http://app.test'],
    });
    const preflight = await request(app).options('/api/enrich').set('Origin', 'http://app.test').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type,x-account-id');
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'http://app.test', 'access-control-allow-methods': expect.stringContaining('POST') });
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Account-ID/i);
    const stranger = await request(app).options('/api/enrich').set('Origin', 'http://evil.test').set('Access-Control-Request-Method', 'POST');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();

    const ok = await request(app).post('/api/enrich').set('Origin', 'http://app.test').set('X-Request-ID', 'browser-1').send({ email: 'jane.doe@acme.io', enrich: ['first_name'] });
    expect(ok.headers['access-control-allow-origin']).toBe('http://app.test');
    expect(ok.headers['x-request-id']).toBe('browser-1');
    expect(ok.body.meta.request_id).toBe('browser-1'); // passed on to the API
    expect(ok.headers['access-control-expose-headers']).toMatch(/X-Enrich-Source/);

    const tooLarge = await request(app).post('/api/enrich').set('Content-Type', 'application/json').send(JSON.stringify({ company_name: 'x'.repeat(20_000) }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ status: 413, type: 'https://enrich.example.com/problems/payload-too-large', request_id: tooLarge.headers['x-request-id'] });
    const badAccount = await request(app).post('/api/enrich').set('X-Account-ID', 'no spaces').send({ email: 'jane.doe@acme.io' });
    expect(badAccount.body).toMatchObject({ status: 400, errors: [{ pointer: '/headers/x-account-id' }], request_id: expect.any(String) });
  });

  it('sends GATEWAY_REAL_PERCENT of accounts (by a stable hash) to the API and answers the rest from the marked mock', async () => {
    const metrics = createGatewayMetrics(false);
    const { app } = buildGateway({
      client: { baseUrl: apiUrl, apiKey: TEST_KEY, retries: 0, ...pooled },
      logger: createLogger({ level: 'error', stream: new PassThrough() }),
      metrics,
      realPercent: 30,
    });
    const sources = new Map<string, string>();
    for (let i = 0; i < 40; i += 1) {
      const res = await request(app).post('/api/enrich').set('X-Account-ID', `acct-${i}`).send({ email: 'jane.doe@acme.io', enrich: ['first_name'] });
      sources.set(`acct-${i}`, `${res.headers['x-enrich-source']}:${res.body.meta.mock_reason ?? ''}`);
    }
    const real = [...sources.values()].filter((s) => s === 'real:').length;
    expect([...sources.values()].every((s) => s === 'real:' || s === 'mock:rollout')).toBe(true);
    expect(real).toBeGreaterThan(4);
    expect(real).toBeLessThan(22);
    // Stable: the same account takes the same route every time.
    const again = await request(app).post('/api/enrich').set('X-Account-ID', 'acct-7').send({ email: 'jane.doe@acme.io', enrich: ['first_name'] });
    expect(`${again.headers['x-enrich-source']}:${again.body.meta.mock_reason ?? ''}`).toBe(sources.get('acct-7'));
    const text = (await request(app).get('/metrics')).text;
    expect(text).toContain('enrich_gateway_real_percent 30');
    expect(text).toMatch(/enrich_gateway_rollout_total\{route="mock"\} \d+/);
  });

  it('keeps answering, fast and marked, when the API goes down; metrics count the fallbacks by reason', async () => {
    const { app, client, logs } = gateway();
    expect((await request(app).post('/api/enrich').send({ email: 'jane.doe@acme.io' })).headers['x-enrich-source']).toBe('real');
    await new Promise((resolve) => api.close(resolve));
    api.closeAllConnections?.();

    const network = await request(app).post('/api/enrich').send({ email: 'jane.doe@acme.io' });
    expect(network.headers['x-enrich-source']).toBe('mock');
    expect(network.body.meta.mock_reason).toBe('network');
    await request(app).post('/api/enrich').send({ email: 'jane.doe@acme.io' });
    expect(client.circuit).toBe('open');

    const open = await request(app).post('/api/enrich').send({ email: 'jane.doe@acme.io' });
    expect(open.body.meta.mock_reason).toBe('circuit_open'); // how fast this is: `make bench`

    const metrics = await request(app).get('/metrics');
    expect(metrics.text).toContain('enrich_gateway_fallbacks_total{reason="network"} 2');
    expect(metrics.text).toContain('enrich_gateway_fallbacks_total{reason="circuit_open"} 1');
    expect(logs().match(/"event":"fallback"/g)).toHaveLength(3);
  });
});

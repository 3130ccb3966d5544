import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { startPrism, type RunningPrism } from '../../mocks/prism';
import { createLogger } from '../../server/src/observability/logger';
import { TEST_KEY, testApp } from '../../server/test/helpers';
import { buildGateway, createGatewayMetrics } from '../gateway/app';

/** The gateway in front of a real Enrich server on loopback and a real Prism mock of the same contract. */
describe('the gateway (POST /api/enrich) with a real API and a real Prism', () => {
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
    await prism?.stop();
    if (api.listening) await new Promise((resolve) => api.close(resolve));
  });

  function gateway() {
    const stream = new PassThrough();
    let logs = '';
    stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const metrics = createGatewayMetrics(false);
    const { app, client } = buildGateway({
      client: { baseUrl: apiUrl, apiKey: TEST_KEY, mockUrl: prism.url, retries: 1, timeoutMs: 1000, breaker: { failures: 2, openMs: 60_000 } },
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

  it('falls back to the Prism persona with a bad key, marked mock with the reason', async () => {
    const stream = new PassThrough();
    const { app } = buildGateway({
      client: { baseUrl: apiUrl, apiKey: 'enr_test_wrong-key-000000000000', mockUrl: prism.url, retries: 0 },
      logger: createLogger({ level: 'info', stream }),
      metrics: createGatewayMetrics(false),
    });
    const res = await request(app).post('/api/enrich').send({ email: 'oliver.bennett@northgatepay.co.uk' });
    expect(res.status).toBe(200);
    expect(res.headers['x-enrich-source']).toBe('mock');
    expect(res.body.meta).toMatchObject({ mock: true, mock_reason: 'api_4xx' });
    expect(res.body.business_email).toBe('oliver.bennett@northgatepay.co.uk');
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

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadSampleData } from '../../server/src/foundations';
import { startBatchWorker } from '../../server/src/batch/runtime';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../server/src/store/db';
import { OTHER_TENANT_KEY, TEST_KEY, testApp } from '../../server/test/helpers';
import { buildGateway, createGatewayMetrics } from '../gateway/app';
import { createGatewayLogger } from '../gateway/logger';
import { createBatchClient } from '../src';

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** The gateway forwarding the batch operations to a real API (in-process, with a batch worker), key kept server-side. */
describe('the gateway\'s batch forwarding (/api/enrich/enqueue, /api/jobs/{id})', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-gateway-batch-'));
  let store: OpenedDatabase;
  let api: Server;
  let apiUrl: string;
  let runtime: ReturnType<typeof startBatchWorker>;
  const gateways: Server[] = [];

  beforeAll(async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
    const t = testApp({ WEB_LOOKUPS: 'off' }, { store });
    runtime = startBatchWorker(t.deps, t.deps.batch!, { pollMs: 20 });
    api = createServer(t.app);
    apiUrl = await listen(api);
  });
  afterAll(async () => {
    for (const gateway of gateways) await close(gateway);
    await runtime.stop();
    await close(api);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function gateway(options: { apiUrl?: string; uploadLimitBytes?: number } = {}) {
    const metrics = createGatewayMetrics(false);
    const { app } = buildGateway({
      client: { baseUrl: options.apiUrl ?? apiUrl, apiKey: TEST_KEY, retries: 0 },
      logger: createGatewayLogger({ level: 'error', stream: new PassThrough() }),
      metrics,
      ...(options.uploadLimitBytes !== undefined && { uploadLimitBytes: options.uploadLimitBytes }),
    });
    const server = createServer(app);
    gateways.push(server);
    return { origin: await listen(server), metrics };
  }

  it('uploads a CSV with the gateway\'s key (not the browser\'s), follows the job and streams the results as a CSV download', async () => {
    const { origin, metrics } = await gateway();
    const csv = 'id,email,domain,company_name\nr1,jane.doe@acme.io,,\nr2,not-an-email,,\nr3,,unknown-company.example,\n';
    const res = await fetch(`${origin}/api/enrich/enqueue?enrich=first_name,company_name`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: 'Bearer enr_test_a-browser-must-not-choose-this-key' },
      body: csv,
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; counts: { total: number }; enrich: string[] };
    expect(res.headers.get('location')).toBe(`/api/jobs/${job.id}`);
    expect(job).toMatchObject({ counts: { total: 3 }, enrich: ['first_name', 'company_name'] });
    // The job is the gateway key's tenant's: another tenant cannot see it.
    const foreign = await fetch(`${apiUrl}/jobs/${job.id}`, { headers: { Authorization: `Bearer ${OTHER_TENANT_KEY}` } });
    expect(foreign.status).toBe(404);

    // The typed batch client without a key, as the Studio uses it.
    const batch = createBatchClient({ baseUrl: `${origin}/api` });
    const done = await batch.waitForJob(job.id, { intervalMs: 20, timeoutMs: 15_000 });
    expect(done.kind === 'ok' && done.data).toMatchObject({ state: 'completed', counts: { total: 3, done: 3 } });

    const download = await fetch(`${origin}/api/jobs/${job.id}/results.csv`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${job.id}.csv"`);
    const lines = (await download.text()).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('jane.doe@acme.io');
    expect(lines[1]).toContain('Jane');

    const rows = [];
    for await (const row of batch.results(job.id)) rows.push(row);
    expect(rows.map((row) => row.id)).toEqual(['r1', 'r2', 'r3']);
    expect(await metrics.registry.getSingleMetricAsString('enrich_gateway_batch_forwarded_total')).toContain('operation="enqueue",status="202"');
  });

  it('cancels a job through DELETE', async () => {
    const { origin, metrics } = await gateway();
    const batch = createBatchClient({ baseUrl: `${origin}/api` });
    const records = Array.from({ length: 2000 }, (_, i) => ({ id: `c${i}`, domain: `cancel-${i}.example` }));
    const queued = await batch.enqueue({ records, enrich: ['company_name'] });
    if (queued.kind !== 'ok') throw new Error(`not enqueued: ${JSON.stringify(queued)}`);
    const cancelled = await batch.cancel(queued.data.id);
    if (cancelled.kind !== 'ok') throw new Error(`not cancelled: ${JSON.stringify(cancelled)}`);
    expect(cancelled.data.state).toBe('cancelled');
    expect(cancelled.data.counts.done).toBeLessThan(2000);
    expect(await metrics.registry.getSingleMetricAsString('enrich_gateway_batch_forwarded_total')).toContain('operation="cancel",status="200"');
  });

  it('refuses anything but a job id in the path, without calling the API', async () => {
    const { origin, metrics } = await gateway();
    const res = await fetch(`${origin}/api/jobs/..%2Fenrich`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toContain('job_');
    expect(await metrics.registry.getSingleMetricAsString('enrich_gateway_batch_forwarded_total')).not.toContain('operation="job"');
  });

  it('answers 503 (never a mock) when the API cannot be reached', async () => {
    const dead = createServer();
    const deadUrl = await listen(dead);
    await close(dead);
    const { origin } = await gateway({ apiUrl: deadUrl });
    const res = await fetch(`${origin}/api/enrich/enqueue`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: 'id,email\nr1,jane.doe@acme.io\n' });
    expect(res.status).toBe(503);
    const problem = (await res.json()) as { detail: string; request_id: string };
    expect(problem.detail).toContain('never answered with mock data');
    expect(problem.request_id).toBe(res.headers.get('x-request-id'));
    expect((await fetch(`${origin}/api/jobs/job_0123456789abcdef`)).status).toBe(503);
  });

  it('cuts an upload off past the limit with a 413', async () => {
    const { origin } = await gateway({ uploadLimitBytes: 1024 });
    const body = `id,email\n${Array.from({ length: 200 }, (_, i) => `r${i},person${i}@acme.io`).join('\n')}\n`;
    const res = await fetch(`${origin}/api/enrich/enqueue`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toContain('1024 bytes');
  });
});

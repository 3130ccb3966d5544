import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBatchClient } from '../src';
import { loadSampleData } from '../../server/src/foundations';
import { startBatchWorker } from '../../server/src/batch/runtime';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../server/src/store/db';
import { TEST_KEY, OTHER_TENANT_KEY, testApp } from '../../server/test/helpers';

describe('createBatchClient against a running server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-client-batch-'));
  let store: OpenedDatabase;
  let server: Server;
  let runtime: ReturnType<typeof startBatchWorker>;
  let baseUrl: string;

  beforeAll(async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
    const t = testApp({ WEB_LOOKUPS: 'off' }, { store });
    runtime = startBatchWorker(t.deps, t.deps.batch!, { pollMs: 20 });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await runtime.stop();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enqueues, waits for the job and iterates its rows in order', async () => {
    const client = createBatchClient({ baseUrl, apiKey: TEST_KEY, fetch: globalThis.fetch });
    const queued = await client.enqueue({ records: [{ id: 'a', email: 'jane.doe@acme.io' }, { id: 'b', email: 'nope' }], enrich: ['first_name'] }, { idempotencyKey: 'client-1' });
    if (queued.kind !== 'ok') throw new Error(`expected a job, got ${JSON.stringify(queued)}`);
    const again = await client.enqueue({ records: [{ id: 'a', email: 'jane.doe@acme.io' }] }, { idempotencyKey: 'client-1' });
    expect(again.kind === 'ok' && again.data.id).toBe(queued.data.id);
    const done = await client.waitForJob(queued.data.id, { intervalMs: 20, timeoutMs: 20000 });
    expect(done.kind === 'ok' && done.data.state).toBe('completed');
    const rows = [];
    for await (const row of client.results(queued.data.id)) rows.push(row);
    expect(rows.map((r) => [r.row, r.id, r.reason])).toEqual([
      [1, 'a', null],
      [2, 'b', 'invalid_identifier'],
    ]);
    expect(rows[0]!['first_name']).toBe('Jane');
  });

  it('gives typed problems: invalid for a bad list, 404 for another tenant', async () => {
    const client = createBatchClient({ baseUrl, apiKey: TEST_KEY, fetch: globalThis.fetch });
    const invalid = await client.enqueue({ records: [] });
    expect(invalid).toMatchObject({ kind: 'invalid', source: 'api' });
    const queued = await client.enqueue({ records: [{ email: 'jane.doe@acme.io' }] });
    const other = createBatchClient({ baseUrl, apiKey: OTHER_TENANT_KEY, fetch: globalThis.fetch });
    const theirs = await other.job(queued.kind === 'ok' ? queued.data.id : 'job_0000000000000000');
    expect(theirs).toMatchObject({ kind: 'problem', status: 404 });
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSampleData } from '../src/foundations';
import { startBatchWorker } from '../src/batch/runtime';
import { runBatch } from '../src/cli/batch';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { TEST_KEY, testApp } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

describe('npx enrich batch (the CLI against a running server)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-cli-batch-'));
  let store: OpenedDatabase;
  let server: Server;
  let runtime: ReturnType<typeof startBatchWorker>;
  let url: string;

  beforeAll(async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
    const t = testApp({ WEB_LOOKUPS: 'off', RATE_LIMITS: '1000/m,100000/h,100000/d' }, { store });
    runtime = startBatchWorker(t.deps, t.deps.batch!, { pollMs: 20 });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await runtime.stop();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enriches data/sample/people.csv: every input row in the output, in order', async () => {
    const out = path.join(dir, 'enriched.csv');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await runBatch(path.join(ROOT, 'data/sample/people.csv'), { url, key: TEST_KEY, out, enrich: 'first_name,title', pollMs: 100 });
    } finally {
      stderr.mockRestore();
      log.mockRestore();
    }
    const input = readFileSync(path.join(ROOT, 'data/sample/people.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('row,id,input_email,input_domain,input_company_name,first_name,title,match,reason,problem');
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(input.length);
    rows.forEach((cells, i) => {
      expect(cells[0]).toBe(String(i + 1));
      expect(cells[2]).toBe(input[i]);
    });
    expect(lines[1]).toMatch(/^1,,jane\.doe@acme\.io,,Acme Analytics,Jane,Software Engineer,full,,$/);
    expect(readFileSync(`${out}.cursor`, 'utf8')).toBe(String(input.length));
  }, 120000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { loadSampleData } from '../src/composition';
import { createBatchWorker } from '../src/batch/worker';
import { createRowEnricher } from '../src/batch/enrichRow';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { SPEC_PATH } from '../src/spec';
import { AUTH, OTHER_TENANT_KEY, testApp } from './helpers';
import { drain, ndjsonResults } from './batchHelpers';

jestOpenAPI(SPEC_PATH);

describe('batch jobs over HTTP (SQLite with the sample data)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-batch-'));
  let store: OpenedDatabase;
  let t: ReturnType<typeof testApp>;
  let step: () => Promise<number>;

  beforeAll(async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
    t = testApp({ RATE_LIMITS: '1000/m,100000/h,100000/d' }, { store });
    const deps = t.deps;
    const worker = createBatchWorker({
      jobs: deps.batch!.jobs,
      enrichRow: createRowEnricher({ sources: deps.sources, cache: deps.cache, cachePolicy: deps.cachePolicy, now: deps.now }),
      concurrency: 4,
      deadlineMs: 1500,
      leaseMs: 60000,
      pollMs: 10,
      now: deps.now,
    });
    step = worker.step;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const OTHER = { Authorization: `Bearer ${OTHER_TENANT_KEY}` };

  describe('POST /enrich/enqueue', () => {
    it('answers 202 with the job and its Location, then every row in order with its caller id', async () => {
      const records = [
        { id: 'a-1', email: 'jane.doe@acme.io' },
        { id: 'a-2', email: 'not-an-email' },
        { id: 'a-3', domain: 'unknown-company.example' },
        { id: 'a-4' },
        { id: 'a-5', company_name: 'the redfreight systems, s.a.' },
      ];
      const res = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records, enrich: ['first_name', 'company_name'] });
      if (res.status !== 202) console.log(res.body, t.logText().slice(-3000));
      expect(res.status).toBe(202);
      expect(res).toSatisfyApiSpec();
      expect(res.headers['location']).toBe(`/jobs/${res.body.id}`);
      expect(res.body).toMatchObject({ state: 'queued', counts: { total: 5, done: 0 } });
      await drain(t.deps.batch!, step);

      const job = await request(t.app).get(`/jobs/${res.body.id}`).set(AUTH);
      expect(job.status).toBe(200);
      expect(job).toSatisfyApiSpec();
      expect(job.body).toMatchObject({ state: 'completed', counts: { total: 5, done: 5, matched: 2, failed: 2 }, progress: 1 });

      const { res: out, rows } = await ndjsonResults(t.app, res.body.id);
      expect(out.status).toBe(200);
      expect(out.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(rows.map((r) => [r['row'], r['id'], r['reason']])).toEqual([
        [1, 'a-1', null],
        [2, 'a-2', 'invalid_identifier'],
        [3, 'a-3', 'no_match'],
        [4, 'a-4', 'invalid_identifier'],
        [5, 'a-5', null],
      ]);
      expect(rows[0]).toMatchObject({ first_name: 'Jane', company_name: 'Acme Analytics', meta: { match: { status: 'full' } } });
    });
  });
});

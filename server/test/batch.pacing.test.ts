import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { loadSampleData } from '../src/foundations';
import { createBatchWorker } from '../src/batch/worker';
import { createRowEnricher } from '../src/batch/enrichRow';
import { createDayQuota } from '../src/batch/quota';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { SPEC_PATH } from '../src/spec';
import { AUTH, testApp } from './helpers';
import { drain } from './batchHelpers';

jestOpenAPI(SPEC_PATH);

describe('batch records spend the account day window', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-pacing-'));
  let store: OpenedDatabase;
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a job larger than what is left, does what the window allows, and says it is paced until when', async () => {
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
    const now = Date.now;
    const t = testApp({ RATE_LIMITS: '1000/m,10000/h,5/d' }, { store, now });
    // The day window of RATE_LIMITS (5 a day), shortened to 2 s so the test sees it open again.
    const day = { ...t.deps.config.rateLimits.find((w) => w.name === 'day')!, seconds: 2 };
    const worker = createBatchWorker({
      jobs: t.deps.batch!.jobs,
      enrichRow: createRowEnricher(t.deps.enrichment),
      concurrency: 2,
      deadlineMs: 1500,
      leaseMs: 60000,
      pollMs: 10,
      now,
      quota: createDayQuota(day, now, undefined, 1000),
    });
    const records = Array.from({ length: 8 }, (_, i) => ({ id: `d-${i + 1}`, email: 'jane.doe@acme.io' }));
    const res = await request(t.app).post('/enrich/enqueue').set(AUTH).set('X-Account-ID', 'pacing').send({ records, enrich: ['first_name'] });
    expect(res.status).toBe(202);
    await drain(t.deps.batch!, worker.step);
    const paced = await request(t.app).get(`/jobs/${res.body.id}`).set(AUTH);
    expect(paced).toSatisfyApiSpec();
    expect(paced.body.state).toBe('running');
    expect(paced.body.counts.done).toBe(5);
    expect(paced.body.pacing.paced).toBe(true);
    expect(Date.parse(paced.body.pacing.resumes_at)).toBeGreaterThan(Date.now());
    expect(paced.body.eta_s).toBeGreaterThan(0);
    // Another account of the tenant has its own window.
    const other = await request(t.app).post('/enrich/enqueue').set(AUTH).set('X-Account-ID', 'pacing-2').send({ records: records.slice(0, 2), enrich: ['first_name'] });
    await drain(t.deps.batch!, worker.step);
    expect((await request(t.app).get(`/jobs/${other.body.id}`).set(AUTH)).body.state).toBe('completed');
    // When the window has room again the job goes on and finishes.
    await new Promise((resolve) => setTimeout(resolve, Date.parse(paced.body.pacing.resumes_at) - Date.now() + 50));
    await drain(t.deps.batch!, worker.step);
    const finished = await request(t.app).get(`/jobs/${res.body.id}`).set(AUTH);
    expect(finished.body).toMatchObject({ state: 'completed', counts: { done: 8 }, pacing: { paced: false, resumes_at: null } });
  });
});

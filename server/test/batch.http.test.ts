import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { loadSampleData } from '../src/foundations';
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
      enrichRow: createRowEnricher(deps.enrichment),
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

    it('takes 10,000 records as JSON in one call', async () => {
      const records = Array.from({ length: 10000 }, (_, i) => ({ id: `big-${i + 1}`, email: `person${i + 1}@example-${i % 97}.com` }));
      const res = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records, enrich: ['first_name'] });
      expect(res.status).toBe(202);
      expect(res.body.counts.total).toBe(10000);
      await request(t.app).delete(`/jobs/${res.body.id}`).set(AUTH).expect(200);
    });

    it('streams a CSV upload with a BOM, quoted newlines, bad rows and 50,000 rows: one result per row, in order', async () => {
      const lines = ['\uFEFFID,Email,Domain,Company Name,ignored'];
      lines.push('c-1,jane.doe@acme.io,,,x');
      lines.push('c-2,,,"Redfreight Systems,\nS.A.",y'); // a quoted newline inside a field
      lines.push('c-3,not-an-email,,,');
      lines.push('c-4'); // too few columns: still a row, without identifiers
      lines.push('c-5,jo"hn@acme.io,,,'); // a stray quote inside a field
      // The rest are store hits (the answer cache serves repeats), as a CRM export of known leads would be.
      const known = ['jane.doe@acme.io', 'yui.watanabe@cedarflow-works.co.jp', 'ines.durand@northdrivegroup.fr'];
      for (let i = 6; i <= 50000; i += 1) lines.push(`c-${i},${known[i % 3]},,,`);
      const res = await request(t.app)
        .post('/enrich/enqueue?enrich=first_name,company_name')
        .set(AUTH)
        .set('Content-Type', 'text/csv')
        .send(lines.join('\r\n') + '\r\n');
      expect(res.status).toBe(202);
      expect(res).toSatisfyApiSpec();
      expect(res.body.counts.total).toBe(50000);
      expect(res.body.enrich).toEqual(['first_name', 'company_name']);
      await drain(t.deps.batch!, step);
      const job = await request(t.app).get(`/jobs/${res.body.id}`).set(AUTH);
      expect(job.body.counts.done).toBe(50000);
      const { rows } = await ndjsonResults(t.app, res.body.id);
      expect(rows).toHaveLength(50000);
      expect(rows.every((r, i) => r['row'] === i + 1 && r['id'] === `c-${i + 1}`)).toBe(true);
      expect(rows[0]).toMatchObject({ first_name: 'Jane', reason: null });
      expect(rows[1]).toMatchObject({ input: { company_name: 'Redfreight Systems,\nS.A.' } });
      expect(rows[2]).toMatchObject({ reason: 'invalid_identifier', first_name: null });
      expect(rows[3]).toMatchObject({ reason: 'invalid_identifier', problem: 'the row has none of email, domain or company_name' });
      expect(rows[4]).toMatchObject({ reason: 'invalid_identifier', input: { email: 'jo"hn@acme.io' } });
    }, 120000);

    it('streams an NDJSON upload; a line that is not JSON is a row answered with invalid_row', async () => {
      const body = ['{"id":"n-1","email":"jane.doe@acme.io"}', '', '{not json', '{"id":"n-3","domain":"acme.io"}'].join('\n');
      const res = await request(t.app).post('/enrich/enqueue').set(AUTH).set('Content-Type', 'application/x-ndjson').send(body);
      expect(res.status).toBe(202);
      await drain(t.deps.batch!, step);
      const { rows } = await ndjsonResults(t.app, res.body.id);
      expect(rows.map((r) => [r['row'], r['id'], r['reason']])).toEqual([
        [1, 'n-1', null],
        [2, null, 'invalid_row'],
        [3, 'n-3', null],
      ]);
    });

    it('refuses a malformed JSON list as a whole (400 problem) and an unknown field name in an upload', async () => {
      const empty = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records: [] });
      expect(empty.status).toBe(400);
      expect(empty).toSatisfyApiSpec();
      const unknown = await request(t.app).post('/enrich/enqueue?enrich=first_name,shoe_size').set(AUTH).set('Content-Type', 'text/csv').send('email\na@b.co\n');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].pointer).toBe('/query/enrich/1');
      const unclosed = await request(t.app).post('/enrich/enqueue').set(AUTH).set('Content-Type', 'text/csv').send('id,email\nc-1,a@b.co\nc-2,"never closed\nc-3,c@d.co\n');
      expect(unclosed.status).toBe(400);
      expect(unclosed).toSatisfyApiSpec();
      expect(unclosed.body.detail).toMatch(/quote that is never closed.*No job was made/);
      const text = await request(t.app).post('/enrich/enqueue').set(AUTH).set('Content-Type', 'text/plain').send('email\na@b.co\n');
      expect(text.status).toBe(415);
    });

    it('answers the same job for a retried enqueue with the same Idempotency-Key (per tenant)', async () => {
      const body = { records: [{ id: 'i-1', email: 'jane.doe@acme.io' }] };
      const first = await request(t.app).post('/enrich/enqueue').set(AUTH).set('Idempotency-Key', 'retry-me-1').send(body);
      const second = await request(t.app).post('/enrich/enqueue').set(AUTH).set('Idempotency-Key', 'retry-me-1').send(body);
      expect(second.status).toBe(202);
      expect(second).toSatisfyApiSpec();
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers['idempotent-replayed']).toBe('true');
      const other = await request(t.app).post('/enrich/enqueue').set(OTHER).set('Idempotency-Key', 'retry-me-1').send(body);
      expect(other.body.id).not.toBe(first.body.id);
      const fresh = await request(t.app).post('/enrich/enqueue').set(AUTH).send(body);
      expect(fresh.body.id).not.toBe(first.body.id);
    });
  });

  describe('GET /jobs/{id}', () => {
    it("is a 404 for another tenant's job, and for a job that does not exist", async () => {
      const mine = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records: [{ email: 'jane.doe@acme.io' }] });
      const theirs = await request(t.app).get(`/jobs/${mine.body.id}`).set(OTHER);
      expect(theirs.status).toBe(404);
      expect(theirs).toSatisfyApiSpec();
      expect((await request(t.app).get(`/jobs/${mine.body.id}/results`).set(OTHER)).status).toBe(404);
      expect((await request(t.app).delete(`/jobs/${mine.body.id}`).set(OTHER)).status).toBe(404);
      expect((await request(t.app).get(`/jobs/${mine.body.id}`).set(AUTH)).status).toBe(200);
      expect((await request(t.app).get('/jobs/job_0000000000000000').set(AUTH)).status).toBe(404);
      const bad = await request(t.app).get('/jobs/not-a-job').set(AUTH);
      expect(bad.status).toBe(400);
    });

    it('needs a key', async () => {
      const res = await request(t.app).get('/jobs/job_0000000000000000');
      expect(res.status).toBe(401);
      expect(res).toSatisfyApiSpec();
    });
  });

  describe('DELETE /jobs/{id}', () => {
    it('cancels: no more rows are enriched, finished rows stay readable', async () => {
      await drain(t.deps.batch!, step); // earlier tests' jobs out of the way: the next step takes this one
      const records = Array.from({ length: 200 }, (_, i) => ({ id: `x-${i + 1}`, email: 'jane.doe@acme.io' }));
      const res = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records, enrich: ['first_name'] });
      await step(); // one chunk (128 rows) done
      const cancelled = await request(t.app).delete(`/jobs/${res.body.id}`).set(AUTH);
      expect(cancelled.status).toBe(200);
      expect(cancelled).toSatisfyApiSpec();
      expect(cancelled.body.state).toBe('cancelled');
      const doneAtCancel = cancelled.body.counts.done;
      expect(doneAtCancel).toBeGreaterThan(0);
      await drain(t.deps.batch!, step);
      const after = await request(t.app).get(`/jobs/${res.body.id}`).set(AUTH);
      expect(after.body.counts.done).toBe(doneAtCancel);
      const { rows } = await ndjsonResults(t.app, res.body.id);
      expect(rows).toHaveLength(doneAtCancel);
      const again = await request(t.app).delete(`/jobs/${res.body.id}`).set(AUTH);
      expect(again.body.state).toBe('cancelled');
    });
  });

  describe('GET /jobs/{id}/results', () => {
    it('answers CSV by Accept, resumes after a cursor, and refuses a format it does not have', async () => {
      const records = [
        { id: 'r-1', email: 'jane.doe@acme.io' },
        { id: 'r,2', email: 'bad' },
        { id: 'r-3', email: 'yui.watanabe@cedarflow-works.co.jp' },
      ];
      const res = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records, enrich: ['first_name', 'location'] });
      await drain(t.deps.batch!, step);
      const csv = await request(t.app).get(`/jobs/${res.body.id}/results`).set(AUTH).set('Accept', 'text/csv');
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe('row,id,input_email,input_domain,input_company_name,first_name,location,match,reason,problem');
      expect(lines[1]).toBe('1,r-1,jane.doe@acme.io,,,Jane,"San Francisco, CA, United States",full,,');
      expect(lines[2]).toMatch(/^2,"r,2",bad,,,,,,invalid_identifier,/);
      expect(lines).toHaveLength(4);
      const { rows } = await ndjsonResults(t.app, res.body.id, '?cursor=2');
      expect(rows.map((r) => r['row'])).toEqual([3]);
      const xml = await request(t.app).get(`/jobs/${res.body.id}/results`).set(AUTH).set('Accept', 'application/xml');
      expect(xml.status).toBe(406);
    });

    it('stops at the first row not finished yet, so the order holds while a job runs', async () => {
      const records = Array.from({ length: 3 }, (_, i) => ({ id: `p-${i + 1}`, email: 'jane.doe@acme.io' }));
      const res = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records, enrich: ['first_name'] });
      const jobs = t.deps.batch!.jobs;
      const claimed = await jobs.claim(res.body.id, 3, 60000, Date.now());
      await jobs.finish(res.body.id, [{ row: 1, result: JSON.stringify({ row: 1 }), matched: true, failed: false }, { row: 3, result: JSON.stringify({ row: 3 }), matched: true, failed: false }], Date.now());
      expect(claimed).toHaveLength(3);
      const { rows } = await ndjsonResults(t.app, res.body.id);
      expect(rows.map((r) => r['row'])).toEqual([1]);
      // A row finished twice (a retried row) is written and counted once.
      await jobs.finish(res.body.id, [{ row: 3, result: JSON.stringify({ row: 3, again: true }), matched: true, failed: false }], Date.now());
      expect((await request(t.app).get(`/jobs/${res.body.id}`).set(AUTH)).body.counts.done).toBe(2);
      await jobs.release(res.body.id, [2]);
      await drain(t.deps.batch!, step);
      const done = await ndjsonResults(t.app, res.body.id);
      expect(done.rows.map((r) => r['row'])).toEqual([1, 2, 3]);
      expect(done.rows[2]).toEqual({ row: 3 });
      expect((await request(t.app).get(`/jobs/${res.body.id}`).set(AUTH)).body).toMatchObject({ state: 'completed', counts: { done: 3 } });
    });
  });
});

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jestOpenAPI from 'jest-openapi';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { loadSampleData } from '../src/foundations';
import { startBatchWorker } from '../src/batch/runtime';
import { createWebhookSecret } from '../src/batch/webhooks';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../src/store/db';
import { SPEC_PATH } from '../src/spec';
import { AUTH, OTHER_TENANT_KEY, testApp } from './helpers';
import { waitForJob } from './batchHelpers';

jestOpenAPI(SPEC_PATH);

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver written from the Standard Webhooks specification (v1): HMAC-SHA256 over `id.timestamp.body`. */
function verifiedBySpec(secret: string, delivery: Delivery): boolean {
  const id = String(delivery.headers['webhook-id']);
  const timestamp = String(delivery.headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${delivery.body}`).digest();
  return String(delivery.headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('signed webhooks (Standard Webhooks v1)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-webhooks-'));
  let store: OpenedDatabase;
  let receiver: Server;
  const deliveries: Delivery[] = [];
  let answers: number[] = [];
  let t: ReturnType<typeof testApp>;
  let runtime: ReturnType<typeof startBatchWorker>;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.statusCode = answers.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    store = openDatabase(`sqlite:${path.join(dir, 'enrich.db')}`);
    await migrateToLatest(store.db);
    await loadSampleData(store);
    t = testApp({ OUTBOUND_TEST_TARGETS: `hooks.test=http://127.0.0.1:${port}`, WEB_LOOKUPS: 'off' }, { store });
    runtime = startBatchWorker(t.deps, t.deps.batch!, { webhookSchedule: [0, 20, 20, 20, 20, 20, 20, 20], pollMs: 10 });
  });
  afterAll(async () => {
    await runtime.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const enqueue = (webhookUrl: string, auth = AUTH) =>
    request(t.app).post('/enrich/enqueue').set(auth).send({ records: [{ id: 'w-1', email: 'jane.doe@acme.io' }], enrich: ['first_name'], webhook_url: webhookUrl });

  async function waitForWebhook(id: string, state: string) {
    for (let i = 0; i < 1000; i += 1) {
      const job = await request(t.app).get(`/jobs/${id}`).set(AUTH);
      if (job.body.webhook?.state === state) return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`webhook of ${id} never ${state}`);
  }

  it('refuses a webhook_url before the tenant has a signing secret', async () => {
    const res = await enqueue('http://hooks.test/enrich');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/npx enrich webhooks secret --tenant acme/);
  });

  it.each(['http://127.0.0.1/hook', 'http://localhost/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/hook', 'http://10.0.0.8/hook', 'https://example.com:8443/hook', 'ftp://example.com/hook'])(
    'refuses the internal or unusable webhook_url %s with a 400',
    async (url) => {
      await createWebhookSecret(store.db, 'globex', Date.now());
      const res = await enqueue(url, { Authorization: `Bearer ${OTHER_TENANT_KEY}` });
      expect(res.status).toBe(400);
      expect(res).toSatisfyApiSpec();
      expect(res.body.errors[0].pointer).toBe('/body/webhook_url');
    },
  );

  it('retries on 500, then delivers a body signed as the specification says; every attempt shows in the job', async () => {
    const secret = await createWebhookSecret(store.db, 'acme', Date.now());
    answers = [500];
    deliveries.length = 0;
    const res = await enqueue('http://hooks.test/enrich');
    expect(res.status).toBe(202);
    expect(res.body.webhook).toEqual({ url: 'http://hooks.test/enrich', state: 'waiting', next_attempt_at: null, attempts: [] });
    const job = await waitForWebhook(res.body.id, 'delivered');
    expect(job).toSatisfyApiSpec();
    expect(job.body.webhook.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: 500, error: 'receiver answered 500' }),
      expect.objectContaining({ attempt: 2, status: 200, error: null }),
    ]);
    expect(deliveries).toHaveLength(2);
    const last = deliveries[1]!;
    expect(verifiedBySpec(secret, last)).toBe(true);
    const payload = new Webhook(secret).verify(last.body, last.headers as Record<string, string>) as { type: string; data: { id: string; state: string; counts: { done: number } } };
    expect(payload).toMatchObject({ type: 'job.completed', data: { id: res.body.id, state: 'completed', counts: { done: 1 } } });
    expect(last.headers['webhook-id']).toBe(deliveries[0]!.headers['webhook-id']); // the same message, retried
    expect(verifiedBySpec('whsec_' + Buffer.from('not the secret').toString('base64'), last)).toBe(false);
  });

  it('signs with both secrets while a rotation overlaps, and redelivers on request', async () => {
    const res = await enqueue('http://hooks.test/enrich');
    await waitForWebhook(res.body.id, 'delivered');
    const old = (await store.db.selectFrom('webhook_secrets').select('secret').where('tenant', '=', 'acme').executeTakeFirstOrThrow()).secret;
    const rotated = await createWebhookSecret(store.db, 'acme', Date.now());
    deliveries.length = 0;
    const again = await request(t.app).post(`/jobs/${res.body.id}/webhook/redeliver`).set(AUTH);
    expect(again.status).toBe(202);
    expect(again).toSatisfyApiSpec();
    await waitForWebhook(res.body.id, 'delivered');
    expect(deliveries).toHaveLength(1);
    const delivery = deliveries[0]!;
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [old, rotated]) {
      expect(() => new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).not.toThrow();
      expect(verifiedBySpec(secret, delivery)).toBe(true);
    }
    const none = await request(t.app).post('/enrich/enqueue').set(AUTH).send({ records: [{ email: 'jane.doe@acme.io' }] });
    await waitForJob(t.app, none.body.id);
    const conflict = await request(t.app).post(`/jobs/${none.body.id}/webhook/redeliver`).set(AUTH);
    expect(conflict.status).toBe(409);
    expect(conflict).toSatisfyApiSpec();
    expect((await request(t.app).post(`/jobs/${res.body.id}/webhook/redeliver`).set({ Authorization: `Bearer ${OTHER_TENANT_KEY}` })).status).toBe(404);
  });

  it('gives up after 8 attempts, each recorded', async () => {
    answers = Array.from({ length: 8 }, () => 503);
    const res = await enqueue('http://hooks.test/enrich');
    const job = await waitForWebhook(res.body.id, 'failed');
    expect(job.body.webhook.attempts.map((a: { status: number }) => a.status)).toEqual(Array.from({ length: 8 }, () => 503));
    expect(job.body.webhook.next_attempt_at).toBeNull();
  });
});

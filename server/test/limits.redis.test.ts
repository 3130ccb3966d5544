import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createDayQuota } from '../src/batch/quota';
import { createRedisClient, redisReady } from '../src/cache/redisClient';
import { freePort } from '../../mocks/prism';
import { testApp } from './helpers';

// Set by .ci/run; on a machine without Redis, unset it to skip (the reason is printed).
const url = process.env['REDIS_URL_TEST'];
const required = process.env['CI'] === 'true';
if (url === undefined && required) throw new Error('CI=true but REDIS_URL_TEST is not set: .ci/run must set it');
if (url === undefined) {
  // eslint-disable-next-line no-console
  console.warn('limits.redis.test.ts skipped: REDIS_URL_TEST is not set (e.g. redis://127.0.0.1:6379)');
}

const body = { email: 'jane.doe@acme.io', enrich: ['first_name'] };

/** Two instances of the API, as behind a load balancer, sharing one Redis. */
function twoInstances(redisUrl: string, env: Record<string, string>) {
  const tenant = `t${randomBytes(4).toString('hex')}`; // fresh budget per test run
  const key = `enr_test_limits-${randomBytes(8).toString('hex')}`;
  const clients = [createRedisClient(redisUrl), createRedisClient(redisUrl)];
  const apps = clients.map((redis) => testApp({ ENRICH_API_KEYS: `${tenant}:${key}`, ...env }, { redis }));
  return { apps, clients, tenant, auth: { Authorization: `Bearer ${key}` } };
}

(url === undefined ? describe.skip : describe)('rate limits shared through Redis (a real server)', () => {
  it('two instances spend one budget', async () => {
    const { apps, clients, auth } = twoInstances(url!, { RATE_LIMITS: '3/m', TENANT_LIMIT_FACTOR: '100' });
    await Promise.all(clients.map((client) => redisReady(client, 5000)));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await request(apps[i % 2]!.app).post('/enrich').set(auth).send(body);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    clients.forEach((client) => client.disconnect());
  });

  it('share authentication failures: a bad key refused on one instance waits on the other too', async () => {
    const { apps, clients, auth } = twoInstances(url!, { AUTH_FAILURE_LIMIT: '2/m' });
    await Promise.all(clients.map((client) => redisReady(client, 5000)));
    const bad = { Authorization: `Bearer enr_test_${randomBytes(6).toString('hex')}-guess-000000000` };
    expect((await request(apps[0]!.app).post('/enrich').set(bad).send(body)).status).toBe(401);
    expect((await request(apps[1]!.app).post('/enrich').set(bad).send(body)).status).toBe(401);
    expect((await request(apps[0]!.app).post('/enrich').set(bad).send(body)).status).toBe(429);
    expect((await request(apps[1]!.app).post('/enrich').set(bad).send(body)).status).toBe(429);
    expect((await request(apps[1]!.app).post('/enrich').set(auth).send(body)).status).toBe(200);
    clients.forEach((client) => client.disconnect());
  });

  it('keeps no key for new accounts the tenant cap refused, and every key expires with its window', async () => {
    const { apps, clients, tenant, auth } = twoInstances(url!, { RATE_LIMITS: '2/m,100/h', TENANT_LIMIT_FACTOR: '1' });
    await Promise.all(clients.map((client) => redisReady(client, 5000)));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const res = await request(apps[i % 2]!.app).post('/enrich').set(auth).set('X-Account-ID', `invented-${i}`).send(body);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, ...Array(10).fill(429)]);
    const keys = (await clients[0]!.keys(`enrich:rl:*:${tenant}*`)).sort();
    // Two accounts admitted (minute and hour windows each) and the tenant's two windows: nothing for the ten refused.
    expect(keys.filter((k) => k.includes(':invented-'))).toHaveLength(4);
    expect(keys.filter((k) => k.endsWith(`:${tenant}`))).toHaveLength(2);
    for (const key of keys) {
      const ttl = await clients[0]!.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(key.includes('_hour_') ? 3600 : 60);
    }
    clients.forEach((client) => client.disconnect());
  });

  it('let batch workers on two instances take whole chunks of one day window at once and never more than it holds', async () => {
    const { apps, clients, tenant } = twoInstances(url!, { RATE_LIMITS: '1000/m,10000/h,100/d' });
    try {
      await Promise.all(clients.map((client) => redisReady(client, 5000)));
      const day = apps[0]!.deps.config.rateLimits.find((w) => w.name === 'day')!;
      const quotas = apps.map((app) => createDayQuota(day, Date.now, app.deps.makeLimiter, 1000));
      // Ten chunks of 30 rows asked at once from both instances: 100 granted in all, the rest refused.
      const takes = await Promise.all(Array.from({ length: 10 }, (_, i) => quotas[i % 2]!.take(tenant, 'lists', 30)));
      expect(takes.reduce((sum, take) => sum + take.granted, 0)).toBe(100);
      const key = (await clients[0]!.keys(`enrich:rl:acct_day_100:${tenant}:lists`))[0]!;
      expect(Number(await clients[0]!.get(key))).toBe(100);
      // The window is full: nothing more until it resets, about a day from now.
      const full = await quotas[1]!.take(tenant, 'lists', 30);
      expect(full.granted).toBe(0);
      expect(full.retryAt).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
      // What a job could not use goes back, and can be taken again.
      await quotas[0]!.giveBack(tenant, 'lists', 40);
      expect(Number(await clients[0]!.get(key))).toBe(60);
      expect((await quotas[1]!.take(tenant, 'lists', 30)).granted).toBe(30);
    } finally {
      clients.forEach((client) => client.disconnect());
    }
  });
});

(url === undefined ? describe.skip : describe)('rate limits when Redis stops (a second redis-server of our own)', () => {
  let server: ChildProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  });
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('keep answering and limiting from memory, log the outage once and count it', async () => {
    const { apps, clients, auth } = twoInstances(`redis://127.0.0.1:${port}`, { RATE_LIMITS: '4/m', TENANT_LIMIT_FACTOR: '100' });
    expect(await Promise.all(clients.map((client) => redisReady(client, 5000)))).toEqual([true, true]);
    const [a, b] = apps as [ReturnType<typeof testApp>, ReturnType<typeof testApp>];
    expect((await request(a.app).post('/enrich').set(auth).send(body)).status).toBe(200);
    expect((await request(b.app).post('/enrich').set(auth).send(body)).status).toBe(200);

    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await stopped;

    // Each instance now enforces the full quota on its own (rate-limiter-flexible's insurance limiter).
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 5; i += 1) statuses.push((await request(a.app).post('/enrich').set(auth).send(body)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(Date.now() - started).toBeLessThan(3000); // nothing waits on the dead Redis
    expect(a.logText().match(/"event":"redis_outage"/g)).toHaveLength(1);
    const metrics = await request(a.app).get('/metrics');
    expect(metrics.text).toMatch(/enrich_redis_outages_total 1/);
    expect((await request(a.app).get('/ready')).body.checks.redis).toBe('unreachable');
    clients.forEach((client) => client.disconnect());
  });
});

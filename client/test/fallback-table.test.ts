import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEnrichClient } from '../src';
import type { EnrichClientOptions, FallbackEvent } from '../src/types';

/** The fallback table, row by row, against real HTTP on loopback: what the caller gets, why, and how fast. */
const realAnswer = JSON.stringify({
  first_name: 'Jane',
  meta: { request_id: 'r1', match: { status: 'full', matched_on: ['email'], person: { found: true, matched_on: 'email', confidence: 0.98 }, company: { found: true, matched_on: 'email', confidence: 0.98 } }, fields: { first_name: { source: 'store', confidence: 0.95, fetched_at: '2026-11-29T10:00:00Z' } }, missing: [], warnings: [], cached: false, mock: false },
});
const problem = (status: number, title: string) => JSON.stringify({ type: `https://enrich.example.com/problems/p${status}`, title, status, request_id: `req-${status}` });

type Row = (req: IncomingMessage, res: ServerResponse, call: number) => void;
const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
  res.end(body);
};
const ROWS: Record<string, Row> = {
  hang: () => undefined,
  e500: (_q, res) => send(res, 500, problem(500, 'Something went wrong on our side.')),
  e503: (_q, res) => send(res, 503, problem(503, 'Enrich cannot answer right now.')),
  'rate-short': (_q, res, call) => (call === 1 ? send(res, 429, problem(429, 'Quota exceeded.'), { 'Retry-After': '1' }) : send(res, 200, realAnswer)),
  'rate-long': (_q, res) => send(res, 429, problem(429, 'Quota exceeded.'), { 'Retry-After': '60' }),
  malformed: (_q, res) => send(res, 200, '{"hello":"world"}'),
  empty: (_q, res) => send(res, 200, ''),
  html: (_q, res) => send(res, 200, '<!doctype html><title>Welcome to nginx</title>', { 'Content-Type': 'text/html' }),
  e401: (_q, res) => send(res, 401, problem(401, 'Authentication is required.'), { 'WWW-Authenticate': 'Bearer realm="enrich"' }),
  late: (_q, res) => setTimeout(() => send(res, 200, realAnswer), 1900),
};

describe('the fallback table (real HTTP on 127.0.0.1, default 2 s budget)', () => {
  let server: Server;
  let origin: string;
  let deadPort: number;
  const calls = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const row = req.url!.split('/')[1]!;
      calls.set(row, (calls.get(row) ?? 0) + 1);
      req.resume();
      ROWS[row]!(req, res, calls.get(row)!);
    });
    server.on('connection', (socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    deadPort = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  async function run(row: string, extra: Partial<EnrichClientOptions> = {}) {
    const fallbacks: FallbackEvent[] = [];
    const client = createEnrichClient({
      baseUrl: row === 'dead' ? `http://127.0.0.1:${deadPort}` : `${origin}/${row}`,
      apiKey: 'enr_test_key',
      onFallback: (event) => fallbacks.push(event),
      ...extra,
    });
    const started = performance.now();
    const outcome = await client.enrich({ email: 'paul.muller@greenpixel.de', enrich: ['first_name', 'company_name'] });
    return { outcome, ms: performance.now() - started, fallbacks, client };
  }

  it.each([
    // row, kind, reason, upstream status, retry_after, at most ms
    ['dead', 'mock', 'network', undefined, undefined, 2100],
    ['hang', 'mock', 'timeout', undefined, undefined, 2100],
    ['e500', 'mock', 'api_5xx', 500, undefined, 500],
    ['e503', 'mock', 'api_5xx', 503, undefined, 2100],
    ['rate-long', 'mock', 'rate_limited', 429, 60, 500],
    ['malformed', 'mock', 'invalid_response', 200, undefined, 500],
    ['empty', 'mock', 'invalid_response', 200, undefined, 500],
    ['html', 'mock', 'invalid_response', 200, undefined, 500],
    ['e401', 'mock', 'api_4xx', 401, undefined, 500],
  ] as const)('%s -> %s, reason %s, upstream status %s, retry_after %s, within %s ms', async (row, kind, reason, status, retryAfter, bound) => {
    const { outcome, ms, fallbacks } = await run(row);
    expect(outcome.kind).toBe(kind);
    if (outcome.kind !== 'mock') throw new Error('expected a mock');
    expect(outcome.reason).toBe(reason);
    expect(outcome.meta).toMatchObject({ mock: true, mock_reason: reason });
    expect(outcome.data).toEqual({ first_name: 'Paul', company_name: 'Greenpixel' });
    expect(outcome.problem?.status).toBe(status);
    expect(outcome.problem?.retry_after).toBe(retryAfter);
    expect(fallbacks).toEqual([expect.objectContaining({ reason, ...(status !== undefined && { status }) })]);
    expect(ms).toBeLessThan(bound);
  });

  it('carries the API\'s problem, typed: status, type, title, request_id (401)', async () => {
    const { outcome, fallbacks } = await run('e401');
    const expected = { status: 401, type: 'https://enrich.example.com/problems/p401', title: 'Authentication is required.', request_id: 'req-401' };
    expect(outcome.kind === 'mock' && outcome.problem).toEqual(expected);
    expect(fallbacks[0]?.problem).toEqual(expected);
  });

  it('retries a 429 after a short Retry-After inside the budget, then answers real data', async () => {
    calls.delete('rate-short');
    const { outcome, ms } = await run('rate-short');
    expect(outcome.kind).toBe('real');
    expect(calls.get('rate-short')).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(990);
    expect(ms).toBeLessThan(2100);
  });

  it('with fallback: never, answers an error outcome with the problem instead of a mock', async () => {
    const { outcome, fallbacks } = await run('e401', { fallback: 'never' });
    expect(outcome).toEqual({ kind: 'error', reason: 'api_4xx', problem: expect.objectContaining({ status: 401, request_id: 'req-401' }) });
    expect(fallbacks).toEqual([]);
    const hang = await run('hang', { fallback: ['network'], budgetMs: 300 });
    expect(hang.outcome).toMatchObject({ kind: 'error', reason: 'timeout' });
  });

  it('falls back at fallbackAfterMs and lets the real call finish in the background (no unhandled rejection)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { outcome, ms, client } = await run('late', { breaker: { failures: 1 } });
      expect(outcome.kind === 'mock' && outcome.reason).toBe('timeout');
      expect(ms).toBeLessThan(1850);
      // The answer arrives at ~1.9 s, inside the 2 s budget: a success, so the breaker stays closed.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(client.circuit).toBe('closed');
      // A hang does count: the background attempt times out at the budget and opens a 1-failure breaker.
      const hang = await run('hang', { breaker: { failures: 1 }, budgetMs: 300, fallbackAfterMs: 100 });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(hang.client.circuit).toBe('open');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('stops at once when the caller aborts, rejecting with the signal\'s reason', async () => {
    const client = createEnrichClient({ baseUrl: `${origin}/hang`, apiKey: 'k' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(client.enrich({ email: 'jane.doe@acme.io' }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});

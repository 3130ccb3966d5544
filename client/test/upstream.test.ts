import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUpstreamPool } from '../gateway/upstream';

/** A loopback server that counts the sockets it was opened on, keeps what each request sent and how it was framed, and answers after `delayMs` (`/moved`: a 302 to `redirectTo`). */
async function countingServer(delayMs: number, redirectTo = '') {
  const sockets = new Set<unknown>();
  const bodies: string[] = [];
  const framing: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.headers['content-type'] ?? ''} ${body}`);
      framing.push(req.headers['transfer-encoding'] ?? `length ${req.headers['content-length'] ?? 'none'}`);
      if (req.url === '/moved') return void res.writeHead(302, { location: redirectTo }).end();
      setTimeout(() => res.setHeader('content-type', 'application/json').end('{"ok":true}'), delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, sockets, bodies, framing, close: () => new Promise((resolve) => (server.close(resolve), server.closeAllConnections())) };
}

describe('the gateway upstream pool', () => {
  it('sends a runtime Request too (a client not given the pool’s Request class): method, headers and body', async () => {
    const server = await countingServer(0);
    const pool = createUpstreamPool({ connections: 2 });
    const request = new Request(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"jane.doe@acme.io"}' });
    expect(await (await pool.fetch(request)).json()).toEqual({ ok: true });
    expect(server.bodies).toEqual(['POST application/json {"email":"jane.doe@acme.io"}']);
    await pool.close();
    await server.close();
  });

  it('sends a call built with its own Request class (as the gateway’s client builds them) as text with a Content-Length, and reads the answer', async () => {
    const server = await countingServer(0);
    const pool = createUpstreamPool({ connections: 2 });
    const body = '{"email":"jane.doe@acme.io"}';
    const request = new pool.Request(`${server.url}enrich?x=1`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k' }, body });
    const res = await pool.fetch(request);
    expect([res.status, res.ok, res.headers.get('Content-Type'), res.headers.has('x-absent')]).toEqual([200, true, 'application/json', false]);
    expect(await res.text()).toBe('{"ok":true}');
    expect(server.bodies).toEqual([`POST application/json ${body}`]);
    expect(server.framing).toEqual([`length ${Buffer.byteLength(body)}`]);
    await pool.close();
    await server.close();
  });

  it('answers a redirect as it is: the key is not sent on to the other origin', async () => {
    const elsewhere = await countingServer(0);
    const server = await countingServer(0, elsewhere.url);
    const pool = createUpstreamPool({ connections: 2 });
    const res = await pool.fetch(new pool.Request(`${server.url}moved`, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: '{}' }));
    expect(res.status).toBe(302);
    expect(res.ok).toBe(false);
    await res.arrayBuffer();
    expect(elsewhere.bodies).toEqual([]);
    await pool.close();
    await server.close();
    await elsewhere.close();
  });

  it('gives up a call when its signal aborts (the client’s per-attempt deadline), with the signal’s reason, and the pool goes on serving', async () => {
    const server = await countingServer(2000);
    const pool = createUpstreamPool({ connections: 1 });
    const started = performance.now();
    await expect(pool.fetch(new pool.Request(server.url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(1500); // well before the server's 2 s answer
    const next = await pool.fetch(new pool.Request(server.url, { method: 'POST', body: '{}' }));
    expect(await next.json()).toEqual({ ok: true });
    await pool.close();
    await server.close();
  });

  it('reuses its connections across calls (20 calls, not 20 sockets)', async () => {
    const server = await countingServer(0);
    const pool = createUpstreamPool({ connections: 4 });
    for (let i = 0; i < 20; i += 1) expect(await (await pool.fetch(server.url, { method: 'POST', body: '{}' })).json()).toEqual({ ok: true });
    expect(server.sockets.size).toBeLessThanOrEqual(2); // a socket is handed back just after its body ends
    await pool.close();
    await server.close();
  });

  it('opens at most `connections` sockets however many calls wait', async () => {
    const server = await countingServer(20);
    const pool = createUpstreamPool({ connections: 3 });
    const answers = await Promise.all(Array.from({ length: 30 }, () => pool.fetch(server.url).then(async (res) => (await res.arrayBuffer(), res.status))));
    expect(answers).toEqual(Array(30).fill(200));
    expect(server.sockets.size).toBe(3);
    await pool.close();
    await server.close();
  });
});

import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUpstreamPool } from '../gateway/upstream';

/** A loopback server that counts the sockets it was opened on, keeps what each request sent, and answers after `delayMs`. */
async function countingServer(delayMs: number) {
  const sockets = new Set<unknown>();
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.headers['content-type'] ?? ''} ${body}`);
      setTimeout(() => res.setHeader('content-type', 'application/json').end('{"ok":true}'), delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, sockets, bodies, close: () => new Promise((resolve) => (server.close(resolve), server.closeAllConnections())) };
}

describe('the gateway upstream pool', () => {
  it('sends a Request as the typed client builds it (openapi-fetch passes a Request, not a URL): method, headers and body', async () => {
    const server = await countingServer(0);
    const pool = createUpstreamPool({ connections: 2 });
    const request = new Request(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"jane.doe@acme.io"}' });
    expect(await (await pool.fetch(request)).json()).toEqual({ ok: true });
    expect(server.bodies).toEqual(['POST application/json {"email":"jane.doe@acme.io"}']);
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

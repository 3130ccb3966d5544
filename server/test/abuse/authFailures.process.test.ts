import { request as httpRequest } from 'node:http';
import { ABUSE_KEY, startServer, type ServerProcess } from './serverProcess';

/** POST /enrich from a given loopback source address (127.0.0.x: a real second client address). */
function postFrom(origin: string, localAddress: string, key: string): Promise<number> {
  const url = new URL('/enrich', origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Connection: 'close' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email: 'someone@gmail.com', enrich: ['first_name'] }));
  });
}

/**
 * Finding 5: 20 bad keys from one address locked out every tenant behind it. Failures are now counted
 * per (client address, key prefix): the guesser waits, while good keys from the same address, and
 * the same bad key from another address, are still answered normally.
 */
describe('authentication-failure lockout from two addresses (server process on loopback)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ AUTH_FAILURE_LIMIT: '5/m' });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('locks out the bad key at the abusing address only', async () => {
    const bad = 'enr_live_guessing0000000000000000000000';
    const first: number[] = [];
    for (let i = 0; i < 7; i += 1) first.push(await postFrom(server.origin, '127.0.0.2', bad));
    expect(first).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // The same address with a good key (another tenant behind the same proxy): served.
    expect(await postFrom(server.origin, '127.0.0.2', ABUSE_KEY)).toBe(200);
    // Another address, even with the same bad key: its own budget.
    expect(await postFrom(server.origin, '127.0.0.3', bad)).toBe(401);
    expect(await postFrom(server.origin, '127.0.0.3', ABUSE_KEY)).toBe(200);
  }, 30_000);
});

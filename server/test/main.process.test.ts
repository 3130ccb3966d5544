import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../mocks/prism';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const MAIN = path.join(ROOT, 'server/src/main.ts');

function start(env: Record<string, string>) {
  const child = spawn(TSX, [MAIN], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Enrich listening')) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited before listening:\n${output}`));
    });
  });
  listening.catch(() => undefined); // tests that expect a failed start await `exited` instead
  return { child, exited, listening, output: () => output };
}

describe('the server process (server/src/main.ts)', () => {
  it('serves, then on SIGTERM stops accepting, closes and exits 0', async () => {
    const port = await freePort();
    const server = start({ PORT: String(port), ENRICH_API_KEYS: 'acme:enr_test_process-test-key-01234' });
    await server.listening;
    const res = await fetch(`http://127.0.0.1:${port}/enrich`, {
      method: 'POST',
      headers: { Authorization: 'Bearer enr_test_process-test-key-01234', 'Content-Type': 'application/json', Connection: 'close' },
      body: JSON.stringify({ email: 'jane.doe@acme.io' }),
    });
    expect(res.status).toBe(200);
    // The validator was compiled by a warm-up request on a private port before the real port opened.
    expect(server.output().indexOf('"message":"warmed up"')).toBeGreaterThan(-1);
    expect(server.output().indexOf('"message":"warmed up"')).toBeLessThan(server.output().indexOf('Enrich listening'));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"message":"stopped"');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('refuses to start on a bad value and names the variable', async () => {
    const server = start({ PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('enrich: invalid configuration: PORT: expected an integer from 0 to 65535, got "eighty"');
  });

  it('refuses to start in production without API keys', async () => {
    const server = start({ NODE_ENV: 'production', PORT: '0', ENRICH_API_KEYS: '' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('ENRICH_API_KEYS: expected at least one tenant:key pair in production');
  });

  it('prints a development key when none is configured outside production, and accepts it', async () => {
    const port = await freePort();
    const server = start({ NODE_ENV: 'development', PORT: String(port), ENRICH_API_KEYS: '', LOG_LEVEL: 'warn' });
    await server.listening;
    const key = /Development API key \(tenant "dev"\): (enr_test_\S+)/.exec(server.output())?.[1];
    expect(key).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${port}/enrich`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Connection: 'close' },
      body: JSON.stringify({ domain: 'acme.io' }),
    });
    expect(res.status).toBe(200);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../mocks/prism';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'server/src/main.ts');

export const ABUSE_KEY = 'enr_test_abuse-suite-key-0123456789';

export interface ServerProcess {
  readonly origin: string;
  readonly pid: number;
  /** Everything the process wrote to stdout and stderr so far (its log lines). */
  output(): string;
  /** SIGTERM, then waits for the exit; the scratch directory is removed. */
  stop(): Promise<void>;
}

/**
 * The real server (`tsx server/src/main.ts`) on a free loopback port, with a scratch SQLite store and
 * no sample data: the abuse suite attacks it over HTTP as an attacker would.
 */
export async function startServer(env: Record<string, string> = {}, nodeOptions = ''): Promise<ServerProcess> {
  const port = await freePort();
  const scratch = mkdtempSync(path.join(tmpdir(), 'enrich-abuse-'));
  // node itself (tsx as its loader), so the pid is the server's own: its memory is what the suite measures.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `sqlite:${path.join(scratch, 'enrich.db')}`,
      ENRICH_SAMPLE_DATA: 'off',
      ENRICH_API_KEYS: `abuse:${ABUSE_KEY}`,
      REDIS_URL: '',
      NODE_OPTIONS: nodeOptions,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Enrich listening')) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the server exited before listening:\n${output}`));
    });
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** What loadDriver.mjs measured: each answer (status, milliseconds, warnings) and each /health time. */
export interface LoadFigures {
  answers: Array<{ status: number; ms: number; warnings: Array<{ source: string; code: string }> | null }>;
  health: number[];
}

/**
 * Sends each round of bodies to POST /enrich all at once, round after round, from a separate process
 * while probing /health (loadDriver.mjs); the answers of every round, in order.
 */
export async function runLoad(origin: string, rounds: unknown[][]): Promise<LoadFigures> {
  const child = spawn(process.execPath, [path.join(__dirname, 'loadDriver.mjs'), origin, JSON.stringify(rounds)], {
    env: { ...process.env, ENRICH_KEY: ABUSE_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return JSON.parse(out) as LoadFigures;
}

/** POST /enrich with the suite's key; `extra` headers are added (X-Account-ID, ...). */
export function enrich(origin: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/enrich`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ABUSE_KEY}`, 'Content-Type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });
}

export interface FixtureSite {
  readonly origin: string;
  /** How many requests the site has answered (GET /__hits is not counted). */
  hits(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A site on 127.0.0.1 in its own process (so serving big pages costs the test runner nothing) that
 * answers every path with the page `pageExpression` (JavaScript evaluated once) builds; with
 * `dripMs`, 1 KiB of it every `dripMs` milliseconds (a slow site).
 */
export async function fixtureSite(pageExpression: string, dripMs = 0): Promise<FixtureSite> {
  const script = `
    const page = ${pageExpression};
    let hits = 0;
    const server = require('node:http').createServer((req, res) => {
      if (req.url === '/__hits') return res.end(String(hits));
      hits += 1;
      res.writeHead(200, { 'Content-Type': 'text/html' });
      if (${dripMs} === 0) return res.end(page);
      let at = 0;
      const timer = setInterval(() => {
        if (at >= page.length) { clearInterval(timer); return res.end(); }
        res.write(page.slice(at, at += 1024));
      }, ${dripMs});
      res.on('close', () => clearInterval(timer));
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /port (\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error('the fixture site exited')));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    hits: async () => Number(await (await fetch(`${origin}/__hits`)).text()),
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startPrism, type RunningPrism } from '../../../mocks/prism';

const ROOT = path.resolve(__dirname, '../../..');
/** Generous: a busy 2-core machine takes tens of seconds to start a TypeScript process. */
const START_TIMEOUT_MS = 90_000;
export const STUDIO_KEY = 'enr_test_studio-suite-key-0123456789';

export interface RunningProcess {
  readonly origin: string;
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** A TypeScript entry (node with tsx as its loader) on loopback, resolved once it prints `ready`. */
async function startNode(entry: string, env: Record<string, string>, ready: string, origin: string): Promise<RunningProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', REDIS_URL: '', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const give = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${entry} was not ready within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const timer = setInterval(() => {
      if (output.includes(ready)) {
        clearInterval(timer);
        clearTimeout(give);
        resolve();
      }
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      clearTimeout(give);
      reject(new Error(`${entry} exited before it was ready:\n${output}`));
    });
  });
  return {
    origin,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface StudioStack {
  readonly api: RunningProcess;
  readonly prism: RunningPrism;
  readonly gateway: RunningProcess;
  /** Stops whatever is still running and removes the scratch store. */
  stop(): Promise<void>;
}

/**
 * The real processes the Studio runs against, on loopback: the server with the sample data on a
 * scratch SQLite store, Prism mocking the contract, and the gateway in front of both serving the
 * Studio built into `studioDir`.
 */
export async function startStudioStack(studioDir: string, serverEnv: Record<string, string> = {}): Promise<StudioStack> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'enrich-studio-'));
  const started: Array<{ stop(): Promise<void> }> = [];
  // One after another, so a busy machine is not asked to start three processes at once; on a failure
  // whatever did start is stopped again.
  try {
    const prism = await startPrism({ mode: 'mock' });
    started.push(prism);
    const apiPort = await freePort();
    const api = await startNode(
      'server/src/main.ts',
      {
        NODE_ENV: 'test',
        PORT: String(apiPort),
        DATABASE_URL: `sqlite:${path.join(scratch, 'enrich.db')}`,
        ENRICH_SAMPLE_DATA: 'on',
        ENRICH_API_KEYS: `studio:${STUDIO_KEY}`,
        ...serverEnv,
      },
      'Enrich listening',
      `http://127.0.0.1:${apiPort}`,
    );
    started.push(api);
    const gatewayPort = await freePort();
    const gateway = await startNode(
      'client/gateway/main.ts',
      {
        GATEWAY_PORT: String(gatewayPort),
        ENRICH_API_URL: api.origin,
        ENRICH_API_KEY: STUDIO_KEY,
        ENRICH_MOCK_URL: prism.url,
        GATEWAY_STUDIO_DIR: studioDir,
        LOG_LEVEL: 'warn',
      },
      'Enrich gateway listening',
      `http://127.0.0.1:${gatewayPort}`,
    );
    started.push(gateway);
    return {
      api,
      prism,
      gateway,
      async stop() {
        await Promise.all(started.map((process) => process.stop()));
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(started.map((process) => process.stop()));
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

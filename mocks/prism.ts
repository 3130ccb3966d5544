import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const SPEC = path.join(ROOT, 'openapi/enrich.yaml');
const PRISM_BIN = path.join(ROOT, 'node_modules/.bin/prism');

/** A free TCP port on 127.0.0.1 (for programs that cannot be told to listen on port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningPrism {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a real Prism process on a free loopback port: `mock` serves the spec's examples; `proxy`
 * forwards to `upstream` and, with `errors`, turns any response that violates the spec into a 500.
 * Resolves when Prism says it is listening.
 */
export async function startPrism(options: { mode: 'mock' } | { mode: 'proxy'; upstream: string; errors: boolean }): Promise<RunningPrism> {
  const port = await freePort();
  const args =
    options.mode === 'mock'
      ? ['mock', '-h', '127.0.0.1', '-p', String(port), SPEC]
      : ['proxy', '-h', '127.0.0.1', '-p', String(port), ...(options.errors ? ['--errors'] : []), SPEC, options.upstream];
  const child = spawn(PRISM_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  // Prism goes with the process that started it, however that process ends (process.exit included).
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Prism did not start within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        // Its log of every request is not kept (under load it grew without bound in this process):
        // the pipes keep flowing, their output dropped.
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

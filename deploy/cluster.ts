import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../mocks/prism';

// make cluster: two API instances (the compiled build, as production runs it) on a private PostgreSQL
// and a private Redis, each started here on free loopback ports (never the machine's shared ones),
// behind HAProxy (deploy/haproxy.cfg) health-checked on /ready. deploy/soak.ts applies its faults
// through the methods below.

const ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const CLUSTER_KEY = 'enr_test_cluster-key-0123456789abcdef';
export const METRICS_TOKEN = 'cluster-metrics-token-0123456789';

export interface ClusterOptions {
  /** Where data and logs go (created; removed by stop() unless keep is set). */
  readonly workDir?: string;
  readonly keep?: boolean;
  /** Server environment added to the defaults (RATE_LIMITS, ...). */
  readonly env?: Record<string, string>;
  readonly log?: (line: string) => void;
}

interface Instance {
  readonly name: string;
  readonly port: number;
  child: ChildProcess | null;
  exited: Promise<number | null> | null;
}

/** Runs a PostgreSQL tool as the `postgres` user (initdb and pg_ctl refuse root). */
function pgTool(tool: string, args: string[]) {
  return asRoot ? run('runuser', ['-u', 'postgres', '--', tool, ...args]) : run(tool, args);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch((error: Error) => (error.message.startsWith('cluster:') ? Promise.reject(error) : false))) return;
    await sleep(100);
  }
  throw new Error(`cluster: ${what} not up after ${timeoutMs} ms`);
}

async function status(url: string): Promise<number> {
  const res = await fetch(url, { headers: { Connection: 'close' }, signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.status;
}

export class Cluster {
  readonly instances: Instance[];
  private redis: ChildProcess | null = null;
  private haproxy: ChildProcess | null = null;
  private readonly pgDir: string;

  private constructor(
    readonly workDir: string,
    readonly ports: { frontend: number; stats: number; pg: number; redis: number },
    instancePorts: [number, number],
    private readonly options: ClusterOptions,
  ) {
    this.instances = instancePorts.map((port, index) => ({ name: `api${index + 1}`, port, child: null, exited: null }));
    this.pgDir = path.join(workDir, 'pg');
  }

  /** The HAProxy front door. */
  get url(): string {
    return `http://127.0.0.1:${this.ports.frontend}`;
  }
  get statsUrl(): string {
    return `http://127.0.0.1:${this.ports.stats}/`;
  }
  get databaseUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.ports.pg}/postgres`;
  }
  get redisUrl(): string {
    return `redis://127.0.0.1:${this.ports.redis}`;
  }

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const workDir = options.workDir ?? mkdtempSync(path.join(os.tmpdir(), 'enrich-cluster-'));
    mkdirSync(workDir, { recursive: true });
    chmodSync(workDir, 0o755);
    const [frontend, stats, pg, redis, api1, api2] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const cluster = new Cluster(workDir, { frontend: frontend!, stats: stats!, pg: pg!, redis: redis! }, [api1!, api2!], options);
    try {
      await run('node', [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
      await cluster.initPostgres();
      await cluster.startPostgres();
      await cluster.startRedis();
      await cluster.loadSampleData();
      for (const index of [0, 1]) await cluster.startInstance(index);
      await cluster.startHaproxy();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private log(line: string): void {
    (this.options.log ?? ((text: string) => process.stdout.write(`${text}\n`)))(line);
  }

  private spawnLogged(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const out = createWriteStream(path.join(this.workDir, `${name}.log`), { flags: 'a' });
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // A program that cannot start (not installed) is reported in its log and by the wait for it, not by a crash.
    child.once('error', (error) => out.write(`cluster: cannot start ${command}: ${error.message}\n`));
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    return child;
  }

  // PostgreSQL -----------------------------------------------------------------------------------

  private async initPostgres(): Promise<void> {
    mkdirSync(this.pgDir, { mode: 0o700 });
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const uid = Number(stdout.trim());
      chownSync(this.pgDir, uid, uid);
    }
    await pgTool('initdb', ['-D', this.pgDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  }

  async startPostgres(): Promise<void> {
    const settings = `-p ${this.ports.pg} -k ${this.pgDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    await pgTool('pg_ctl', ['-D', this.pgDir, '-o', settings, '-l', path.join(this.pgDir, 'server.log'), '-w', '-t', '30', 'start']);
    this.log(`postgres up on 127.0.0.1:${this.ports.pg}`);
  }

  async stopPostgres(): Promise<void> {
    await pgTool('pg_ctl', ['-D', this.pgDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
  }

  /** Ends every connection the instances hold (pg_terminate_backend); returns how many were ended. */
  async terminateAppConnections(): Promise<number> {
    const { stdout } = await run('psql', [
      '-h', '127.0.0.1', '-p', String(this.ports.pg), '-U', 'postgres', '-d', 'postgres', '-Atc',
      "select count(pg_terminate_backend(pid)) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
    ]);
    return Number(stdout.trim());
  }

  private async loadSampleData(): Promise<void> {
    const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: this.databaseUrl };
    for (const [file, kind] of [['companies.csv', 'company'], ['people.csv', 'person']] as const) {
      await run('node', ['bin/enrich.js', 'import', path.join('data/sample', file), '--kind', kind], { cwd: ROOT, env });
    }
  }

  // Redis ----------------------------------------------------------------------------------------

  async startRedis(): Promise<void> {
    this.redis = this.spawnLogged('redis', 'redis-server', ['--port', String(this.ports.redis), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.workDir], process.env);
    await waitFor('redis', async () => (await run('redis-cli', ['-p', String(this.ports.redis), 'ping'])).stdout.trim() === 'PONG', 10_000);
  }

  async stopRedis(): Promise<void> {
    const redis = this.redis;
    if (redis === null) return;
    this.redis = null;
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }

  // Instances ------------------------------------------------------------------------------------

  instanceEnv(index: number): NodeJS.ProcessEnv {
    const instance = this.instances[index]!;
    return {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      PORT: String(instance.port),
      HOST: '127.0.0.1',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      ENRICH_API_KEYS: `cluster:${CLUSTER_KEY}`,
      METRICS_TOKEN,
      TRUST_PROXY: 'loopback',
      WEB_LOOKUPS: 'off', // loopback only: no lookups on the internet
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...this.options.env,
    };
  }

  /** Starts instance `index` (the compiled server) and waits until it is ready. */
  async startInstance(index: number): Promise<void> {
    const instance = this.instances[index]!;
    const child = this.spawnLogged(instance.name, process.execPath, [path.join(ROOT, 'dist/server/src/main.js')], this.instanceEnv(index));
    instance.child = child;
    instance.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let exitCode: number | null | undefined;
    void instance.exited.then((code) => (exitCode = code));
    await waitFor(`${instance.name} /ready`, async () => {
      if (exitCode !== undefined) throw new Error(`cluster: ${instance.name} exited (${exitCode}); see ${path.join(this.workDir, `${instance.name}.log`)}`);
      return (await status(`http://127.0.0.1:${instance.port}/ready`)) === 200;
    }, 30_000);
  }

  /** Sends `signal` to instance `index`; resolves with its exit code (null after SIGKILL). */
  async signalInstance(index: number, signal: NodeJS.Signals): Promise<number | null> {
    const instance = this.instances[index]!;
    if (instance.child === null) return null;
    instance.child.kill(signal);
    const code = await instance.exited;
    instance.child = null;
    return code;
  }

  /** Metrics of instance `index` (its own /metrics, with the token). */
  async metrics(index: number): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${this.instances[index]!.port}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}`, Connection: 'close' } });
    return res.text();
  }

  // HAProxy --------------------------------------------------------------------------------------

  private async startHaproxy(): Promise<void> {
    const env = {
      ...process.env,
      ENRICH_FRONTEND: `127.0.0.1:${this.ports.frontend}`,
      ENRICH_STATS: `127.0.0.1:${this.ports.stats}`,
      ENRICH_API1: `127.0.0.1:${this.instances[0]!.port}`,
      ENRICH_API2: `127.0.0.1:${this.instances[1]!.port}`,
    };
    const binary = process.env['HAPROXY'] ?? '/usr/sbin/haproxy';
    if (!existsSync(binary)) throw new Error(`cluster: ${binary} not found: apt-get install haproxy, or set HAPROXY to its path`);
    this.haproxy = this.spawnLogged('haproxy', binary, ['-db', '-f', path.join(ROOT, 'deploy/haproxy.cfg')], env);
    await waitFor('haproxy', async () => (await status(`${this.url}/ready`)) === 200, 15_000);
    this.log(`haproxy on ${this.url} -> api1 :${this.instances[0]!.port}, api2 :${this.instances[1]!.port} (stats ${this.statsUrl})`);
  }

  /** Stops everything this cluster started, in reverse order. */
  async stop(): Promise<void> {
    if (this.haproxy !== null) {
      const haproxy = this.haproxy;
      const exited = new Promise((resolve) => haproxy.once('exit', resolve));
      haproxy.kill('SIGTERM');
      await exited;
      this.haproxy = null;
    }
    for (const index of [0, 1]) await this.signalInstance(index, 'SIGTERM');
    await this.stopRedis();
    await this.stopPostgres().catch(() => undefined);
    if (!this.options.keep) rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** `make cluster`: starts the cluster and keeps it up until Ctrl-C / SIGTERM. */
async function main(): Promise<void> {
  const workDir = path.join(ROOT, '.cluster');
  rmSync(workDir, { recursive: true, force: true });
  const cluster = await Cluster.start({ workDir, keep: true });
  process.stdout.write(
    `\nEnrich cluster: two instances behind HAProxy on ${cluster.url} (stats: ${cluster.statsUrl})\n` +
      `  PostgreSQL ${cluster.databaseUrl}, Redis ${cluster.redisUrl} (private to this cluster), logs in ${workDir}\n` +
      `  curl -s -XPOST ${cluster.url}/enrich -H "Authorization: Bearer ${CLUSTER_KEY}" -H 'Content-Type: application/json' -d '{"email":"jane.doe@acme.io"}'\n` +
      `Ctrl-C stops it.\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`cluster: ${error.message}\n`);
    process.exit(1);
  });
}

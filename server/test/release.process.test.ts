import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, chmodSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../mocks/prism';

// The production path end to end, as the Dockerfile takes it: scripts/build-release.sh in a clean
// directory (a copy of the project's tracked files), as an unprivileged user, builds dist/ and runs
// `npm ci --omit=dev`; then the compiled CLI imports data and the compiled server, started with only
// the documented environment, answers /enrich. The npm cache is a copy of the machine's (offline
// install) and the better-sqlite3 addon of this checkout is offered to the script (ENRICH_NATIVE_CACHE),
// so the test takes seconds, not the ~80 s of a native compile.

const ROOT = path.resolve(__dirname, '../..');
const NODE_DIR = path.dirname(process.execPath);
const KEY = 'enr_test_release-test-key-0123456789';
const asRoot = process.getuid?.() === 0;

function sh(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options });
}

/**
 * Runs a command as `nobody` (when this test runs as root) with exactly `env`. setpriv and env exec
 * in place, so the command is the process the signals reach, as under a container's init.
 */
function asUnprivileged(command: string, args: string[], env: Record<string, string>): [string, string[]] {
  const envArgs = ['env', '-i', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), command, ...args];
  return asRoot ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...envArgs]] : [envArgs[0]!, envArgs.slice(1)];
}

/** The project's files: what git tracks (and untracked files not ignored), or, outside a checkout, all but what is installed, built or local. */
function projectFiles(): string[] {
  try {
    return sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }).split('\0').filter((file) => file && existsSync(path.join(ROOT, file)));
  } catch {
    const skip = new Set(['node_modules', 'dist', '.git', '.cluster', '.contract', 'coverage', '.enrich-dev-key', 'client/dist']);
    const walk = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const file = dir ? `${dir}/${entry.name}` : entry.name;
        if (skip.has(file) || /^data\/.*\.db/.test(file) || entry.name.endsWith('.log')) return [];
        return entry.isDirectory() ? walk(file) : [file];
      });
    return walk('');
  }
}

describe('the release (scripts/build-release.sh, npm ci --omit=dev, the compiled server)', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'enrich-release-'));
    chmodSync(scratch, 0o755);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('builds as an unprivileged user in a clean directory, then serves /enrich from production dependencies only', async () => {
    // 1. A clean copy of the project: what git tracks (and untracked files not ignored), nothing installed or built.
    const src = path.join(scratch, 'src');
    mkdirSync(src);
    const files = projectFiles();
    for (const file of files) cpSync(path.join(ROOT, file), path.join(src, file), { recursive: true });
    expect(existsSync(path.join(src, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(src, 'dist'))).toBe(false);

    // 2. The install's inputs the unprivileged user may read: the npm cache and this Node's addon.
    const npmCache = path.join(scratch, 'npm-cache');
    cpSync(path.join(sh('npm', ['config', 'get', 'cache']).trim(), '_cacache'), path.join(npmCache, '_cacache'), { recursive: true });
    const nativeCache = path.join(scratch, 'native');
    mkdirSync(nativeCache);
    const addonVersion = (require(path.join(ROOT, 'node_modules/better-sqlite3/package.json')) as { version: string }).version;
    cpSync(
      path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      path.join(nativeCache, `better-sqlite3-${addonVersion}-abi${process.versions.modules}.node`),
    );
    if (asRoot) sh('chown', ['-R', 'nobody:nogroup', scratch]);

    // 3. The release script, as `nobody`, with nothing of this environment but the PATH and the CA bundle.
    const app = path.join(scratch, 'app');
    const caBundle = process.env['NODE_EXTRA_CA_CERTS'];
    const [command, args] = asUnprivileged('bash', [path.join(src, 'scripts/build-release.sh'), src, app], {
      PATH: `${NODE_DIR}:/usr/local/bin:/usr/bin:/bin`,
      HOME: scratch,
      npm_config_cache: npmCache,
      npm_config_update_notifier: 'false',
      ENRICH_NATIVE_CACHE: nativeCache,
      ...(caBundle && { NODE_EXTRA_CA_CERTS: caBundle, npm_config_cafile: caBundle }),
    });
    const log = sh(command, args, { cwd: scratch });
    expect(log).toContain('== release in');
    expect(existsSync(path.join(app, 'dist/server/src/main.js'))).toBe(true);
    // The Studio the gateway serves is built into the release too (its bundle inlines three runtime packages).
    expect(existsSync(path.join(app, 'dist/studio/studio.js'))).toBe(true);
    expect(existsSync(path.join(app, 'node_modules/tsx'))).toBe(false); // no development dependency
    expect(existsSync(path.join(app, 'node_modules/jest'))).toBe(false);
    expect(existsSync(path.join(app, 'server/src'))).toBe(false); // no TypeScript either

    // 4. The compiled CLI (bin/enrich.js) loads the sample data into a production store.
    const env = {
      PATH: `${NODE_DIR}:/usr/bin:/bin`,
      NODE_ENV: 'production',
      DATABASE_URL: `sqlite:${path.join(scratch, 'enrich.db')}`,
    };
    const [cli, cliArgs] = asUnprivileged('node', ['bin/enrich.js', 'import', 'data/sample/people.csv', '--kind', 'person'], env);
    expect(sh(cli, cliArgs, { cwd: app })).toContain('inserted 2000,');

    // 5. The compiled server with only documented variables, as `nobody`.
    const port = await freePort();
    const [server, serverArgs] = asUnprivileged('node', ['dist/server/src/main.js'], { ...env, PORT: String(port), HOST: '127.0.0.1', ENRICH_API_KEYS: `acme:${KEY}`, LOG_LEVEL: 'warn' });
    const child = spawn(server, serverArgs, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !output.includes('Enrich listening'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(output).toContain('Enrich listening');
      const res = await fetch(`http://127.0.0.1:${port}/enrich`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', Connection: 'close' },
        body: JSON.stringify({ email: 'jane.doe@acme.io', enrich: ['first_name', 'title'] }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { first_name: string; meta: { fields: Record<string, { source: string }> } };
      expect(body.first_name).toBe('Jane');
      expect(body.meta.fields['title']?.source).toBe('store');
      expect((await fetch(`http://127.0.0.1:${port}/ready`, { headers: { Connection: 'close' } })).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/docs`, { headers: { Connection: 'close' } })).status).toBe(200);
    } finally {
      // SIGTERM reaches node and the server drains and exits 0.
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 240_000);
});

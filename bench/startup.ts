import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../mocks/prism';

// npm run bench:startup: start-up time (spawn -> first 200 from /health) and resident memory (the
// whole process tree, after 50 enrichments) of the compiled server (node dist/...) against the same
// server run by tsx from the sources. Rewrites its section of docs/BENCHMARKS.md.

const ROOT = path.resolve(__dirname, '..');
const RUNS = 5;
const KEY = 'enr_test_startup-bench-key-0123456789';

function treeRssKb(pid: number): number {
  const children = (id: number): number[] =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          return readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(id);
        } catch {
          return false;
        }
      })
      .map(Number);
  const rss = (id: number): number => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  const walk = (id: number): number => rss(id) + children(id).reduce((sum, child) => sum + walk(child), 0);
  return walk(pid);
}

async function measure(command: string, args: string[], dir: string): Promise<{ startMs: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ENRICH_API_KEYS: `bench:${KEY}`, DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`, WEB_LOOKUPS: 'off', LOG_LEVEL: 'warn', RATE_LIMITS: '100000/m' },
    stdio: 'ignore',
  });
  let startMs = 0;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((res) => res.ok, () => false);
    if (ok) {
      startMs = performance.now() - started;
      break;
    }
    if (performance.now() - started > 60_000) throw new Error('no start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/enrich`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ domain: `company-${i}.example` }),
    });
    await res.arrayBuffer();
  }
  const rssMb = treeRssKb(child.pid!) / 1024;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { startMs, rssMb };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'enrich-startup-'));
  const targets = [
    { name: 'compiled (`node dist/server/src/main.js`)', command: process.execPath, args: ['dist/server/src/main.js'] },
    { name: 'tsx (`tsx server/src/main.ts`)', command: path.join(ROOT, 'node_modules/.bin/tsx'), args: ['server/src/main.ts'] },
  ];
  const rows: string[] = [];
  for (const target of targets) {
    const results = [];
    for (let run = 0; run < RUNS; run++) results.push(await measure(target.command, target.args, dir));
    const row = `| ${target.name} | ${median(results.map((r) => r.startMs)).toFixed(0)} ms | ${Math.min(...results.map((r) => r.startMs)).toFixed(0)} ms | ${median(results.map((r) => r.rssMb)).toFixed(0)} MB |`;
    process.stdout.write(`${row}\n`);
    rows.push(row);
  }
  rmSync(dir, { recursive: true, force: true });
  const file = path.join(ROOT, 'docs/BENCHMARKS.md');
  const begin = '<!-- bench:startup:start -->';
  const end = '<!-- bench:startup:end -->';
  const block = [
    begin,
    `Measured by \`npm run bench:startup\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.version}, ${os.cpus().length} cores shared with other work; median of ${RUNS} starts).`,
    'Start-up: spawn until `/health` answers 200 (SQLite store already migrated, `NODE_ENV=production`, so it includes the',
    'warm-up enrichment the server runs before opening its port). Memory: resident set of the whole process tree after 50 enrichments.',
    '',
    '| server | start-up (median) | start-up (best) | RSS |',
    '|---|---|---|---|',
    ...rows,
    end,
  ].join('\n');
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  writeFileSync(file, from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n## Start-up and memory: compiled build against tsx\n\n${block}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench:startup: ${error.message}\n`);
  process.exit(1);
});

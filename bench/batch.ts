/**
 * make bench (batch part): 100,000-record CSV jobs uploaded as streams to the compiled server, on the
 * embedded defaults (SQLite, embedded queue, the worker in the server process) and on PostgreSQL +
 * Redis (BullMQ) with two `enrich worker` processes; all store hits, and (SQLite) half hits half misses.
 * Reports records/s, time to first result, peak resident memory of server and workers, and that
 * every row came back once, in order. Writes its section of docs/BENCHMARKS.md (between the batch
 * markers). `npm run bench:batch -- --million` runs the 1M-record job instead and writes its own section.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropTemplates, runScenario, type Scenario, type ScenarioResult, type StoreTemplates } from './batchScenario';

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs/BENCHMARKS.md');
const ROWS = Number(process.env['BENCH_BATCH_ROWS'] ?? 100_000);
const POSTGRES = process.env['DATABASE_URL_TEST'] ?? 'postgres://postgres@127.0.0.1:5432/test';
// A database of its own on the machine's Redis, flushed before and after.
const REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/7';
const GOAL_RECORDS_PER_S = 2000;
const MILLION = process.argv.includes('--million');
/** BENCH_BATCH_ONLY=postgres (or sqlite) runs those scenarios alone (profiling). */
const ONLY = process.env['BENCH_BATCH_ONLY'];

const embedded = { postgresUrl: null, redisUrl: null, workerProcesses: 0 } as const;
const shared = { postgresUrl: POSTGRES, redisUrl: REDIS, workerProcesses: 2 } as const;

const SCENARIOS: Scenario[] = MILLION
  ? [{ name: 'SQLite, embedded queue, in-process worker', rows: 1_000_000, hitShare: 1, ...embedded }]
  : [
      { name: 'SQLite, embedded queue, in-process worker', rows: ROWS, hitShare: 1, ...embedded },
      { name: 'SQLite, embedded queue, in-process worker', rows: ROWS, hitShare: 0.5, ...embedded },
      { name: 'PostgreSQL + Redis (BullMQ), two worker processes', rows: ROWS, hitShare: 1, ...shared },
    ];

function row(result: ScenarioResult): string {
  const { scenario: s } = result;
  const mix = s.hitShare === 1 ? 'all store hits' : `${Math.round(s.hitShare * 100)}% hits, ${Math.round((1 - s.hitShare) * 100)}% misses`;
  const goal = s.hitShare === 1 ? (result.recordsPerS >= GOAL_RECORDS_PER_S ? ' (met)' : ` (**not met**: goal ${GOAL_RECORDS_PER_S})`) : '';
  return `| ${s.name} | ${s.rows.toLocaleString('en')} | ${mix} | ${result.uploadS.toFixed(1)} s | ${result.firstResultS.toFixed(1)} s | ${result.totalS.toFixed(1)} s | **${result.recordsPerS.toLocaleString('en')}**${goal} | ${result.serverPeakMiB} MiB | ${result.workerPeakMiB === null ? '—' : `${result.workerPeakMiB} MiB`} | ${result.matched.toLocaleString('en')} | yes |`;
}

// The machine's 1-minute load average, sampled through the runs: the figures mean little without it.
const loads: number[] = [];
const sampler = setInterval(() => loads.push(os.loadavg()[0]!), 5_000).unref();

function machine(): string {
  const range = loads.length === 0 ? os.loadavg()[0]!.toFixed(1) : `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
  return `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, 1-minute load average ${range} during the runs`;
}

/**
 * `make bench` is bench/run.ts and then this part; issue 17's goal is the whole under 6 minutes. run.ts's
 * time is in the section it wrote, used only when it was written just before this part started (a
 * `npm run bench:batch` alone reports its own time only).
 */
function wholeRun(seconds: number, started: number): string {
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  const run = /Measured (\d{4}-\d\d-\d\d \d\d:\d\d) UTC by `make bench` \(bench\/run\.ts\) in (\d+) s/.exec(doc);
  const writtenAt = run ? Date.parse(`${run[1]!.replace(' ', 'T')}:00Z`) : NaN;
  if (run === null || !(started - writtenAt < 3 * 60_000)) return `This part took ${seconds} s.`;
  const total = Number(run[2]) + seconds;
  return `This part took ${seconds} s; with bench/run.ts's ${run[2]} s just before it, \`make bench\` took ${total} s (goal of issue 17: under 360 s, ${total <= 360 ? 'met' : '**not met**'}; tsx starting the two scripts is not counted).`;
}

function writeSection(start: string, end: string, lines: string[]): void {
  const section = [start, ...lines, end].join('\n');
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  const at = doc.indexOf(start);
  writeFileSync(DOC, at >= 0 ? doc.slice(0, at) + section + doc.slice(doc.indexOf(end) + end.length) : `${doc.trimEnd()}\n\n${section}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
  const results: ScenarioResult[] = [];
  const templates: StoreTemplates = new Map();
  try {
    for (const scenario of SCENARIOS.filter((s) => ONLY === undefined || (ONLY === 'postgres') === (s.postgresUrl !== null))) {
      const result = await runScenario(scenario, templates);
      console.log(row(result));
      results.push(result);
    }
  } finally {
    dropTemplates(templates);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const header = [
    '| setup | records | mix | upload + queued | first result | completed | records/s | server peak RSS | worker peak RSS | matched | every row back once, in order |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const about = [
    `CSV jobs (\`id,email\`; 4 fields wanted) uploaded as one stream to the compiled server (\`dist/\`, \`NODE_ENV=production\`), \`BATCH_CONCURRENCY=8\` per worker.`,
    'The rows a worker has in flight share their round trips: each kind of store lookup is one `IN` query for all of them, the Redis cache reads are one MGET and its writes one pipeline, and a chunk spends the day window in one operation.',
    'Store hits are distinct generated people (a fresh store of that many rows, so no row is answered from the cache of another); misses are unknown addresses on unknown domains (every source asked, a negative answer cached).',
    ...(MILLION ? [] : [`PostgreSQL and Redis are the machine's own (a scratch database, Redis database 7 flushed); the server takes the upload and serves progress, two \`enrich worker\` processes enrich.`]),
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}; the load generator, databases and workers share the cores.`,
  ];
  clearInterval(sampler);
  if (MILLION) {
    writeSection('<!-- batch-million:start -->', '<!-- batch-million:end -->', ['### One million records (`npm run bench:batch -- --million`, not part of `make bench`)', '', ...about, '', ...header, ...results.map(row)]);
  } else {
    writeSection('<!-- batch:start -->', '<!-- batch:end -->', [
      '## Batch (`make bench`, bench/batch.ts)',
      '',
      ...about,
      '',
      ...header,
      ...results.map(row),
      '',
      `Goal: ≥ ${GOAL_RECORDS_PER_S.toLocaleString('en')} records/s for store hits; memory flat in the number of records (the upload and the results are streamed; compare with the 1M run below).`,
      '',
      wholeRun(seconds, started),
    ]);
  }
}

main().catch((error: Error) => {
  console.error(`bench/batch: ${error.stack ?? error.message}`);
  process.exit(1);
});

/**
 * make bench (batch part): a server on the embedded defaults (SQLite store with the sample data, the
 * embedded queue, a worker in the server process), a CSV of BENCH_BATCH_ROWS records (100,000 by
 * default; half store hits, half misses) uploaded as a stream; reports records/s, time to first
 * result, the server's peak resident memory, and that every row came back in order. Writes its
 * section of docs/BENCHMARKS.md (between the batch markers) after bench/run.ts has written the rest.
 */
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { freePort } from '../mocks/prism';

const ROOT = path.resolve(__dirname, '..');
const ROWS = Number(process.env['BENCH_BATCH_ROWS'] ?? 100_000);
const KEY = 'enr_test_batch-benchmark-key-000000001';
const DOC = path.join(ROOT, 'docs/BENCHMARKS.md');
const START = '<!-- batch:start -->';
const END = '<!-- batch:end -->';

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'enrich-bench-batch-'));
  const port = await freePort();
  const log = openSync(path.join(work, 'server.log'), 'w');
  // One node process (tsx as a loader), so its /proc entry is the server's own memory.
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ENRICH_SAMPLE_DATA: 'off', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${path.join(work, 'enrich.db')}`, ENRICH_API_KEYS: `bench:${KEY}`, RATE_LIMITS: '100000/m,10000000/h,100000000/d', WEB_LOOKUPS: 'off', BATCH_CONCURRENCY: '8', REDIS_URL: '' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `Bearer ${KEY}` };
  try {
    // Production refuses sample data; import it the operator's way.
    const { execFileSync } = await import('node:child_process');
    for (const [kind, file] of [['company', 'companies.csv'], ['person', 'people.csv']]) {
      execFileSync(process.execPath, ['bin/enrich.js', 'import', `data/sample/${file}`, '--kind', kind!, '--rejects', '/dev/null'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: `sqlite:${path.join(work, 'enrich.db')}` }, stdio: 'ignore' });
    }
    for (let i = 0; ; i += 1) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        if (i > 400) throw new Error('server did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const emails = readFileSync(path.join(ROOT, 'data/sample/people.csv'), 'utf8').split('\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]);
    const csv = path.join(work, 'leads.csv');
    const out = createWriteStream(csv);
    out.write('id,email\n');
    for (let i = 1; i <= ROWS; i += 1) out.write(`lead-${i},${i % 2 === 0 ? emails[i % emails.length] : `unknown${i}@nowhere-${i % 977}.example`}\n`);
    await new Promise((resolve) => out.end(resolve));

    const started = performance.now();
    const res = await fetch(`${base}/enrich/enqueue?enrich=first_name,title,company_name`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'text/csv' },
      body: Readable.toWeb(createReadStream(csv)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    if (res.status !== 202) throw new Error(`enqueue: ${res.status} ${await res.text()}`);
    const job = (await res.json()) as { id: string };
    const enqueuedS = (performance.now() - started) / 1000;
    let firstResultS: number | null = null;
    let state = 'queued';
    while (state !== 'completed') {
      const current = (await (await fetch(`${base}/jobs/${job.id}`, { headers })).json()) as { state: string; counts: { done: number } };
      state = current.state;
      if (firstResultS === null && current.counts.done > 0) firstResultS = (performance.now() - started) / 1000;
      if (state === 'failed' || state === 'cancelled') throw new Error(`job ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const totalS = (performance.now() - started) / 1000;
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0);
    // Every row back, in order (streamed, counted, not kept).
    const results = await fetch(`${base}/jobs/${job.id}/results`, { headers: { ...headers, Accept: 'application/x-ndjson' } });
    let expected = 1;
    let buffer = '';
    for await (const chunk of results.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += Buffer.from(chunk).toString('utf8');
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const row = JSON.parse(buffer.slice(0, newline)) as { row: number };
        if (row.row !== expected) throw new Error(`row ${row.row} where ${expected} was expected`);
        expected += 1;
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
    if (expected - 1 !== ROWS) throw new Error(`${expected - 1} rows came back of ${ROWS}`);
    const table = [
      START,
      '## Batch (`make bench`, bench/batch.ts)',
      '',
      `${ROWS.toLocaleString('en')} CSV records (half store hits, half misses; 3 fields) uploaded as a stream to one server on the`,
      'embedded defaults (SQLite, embedded queue, one in-process worker, `BATCH_CONCURRENCY=8`), on this 2-core machine shared with the load of the other work.',
      '',
      '| rows | upload + queued | time to first result | completed | records/s | server peak RSS | every row back in order |',
      '|---|---|---|---|---|---|---|',
      `| ${ROWS} | ${enqueuedS.toFixed(1)} s | ${(firstResultS ?? totalS).toFixed(1)} s | ${totalS.toFixed(1)} s | ${Math.round(ROWS / totalS)} | ${Math.round(peakKb / 1024)} MiB | yes |`,
      '',
      'Not measured yet: PostgreSQL + Redis (BullMQ) with two worker processes, 1M records.',
      END,
    ].join('\n');
    console.log(table);
    const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    const at = doc.indexOf(START);
    const next = at >= 0 ? doc.slice(0, at) + table + doc.slice(doc.indexOf(END) + END.length) : `${doc.trimEnd()}\n\n${table}\n`;
    writeFileSync(DOC, next);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench/batch: ${error.message}`);
  process.exit(1);
});

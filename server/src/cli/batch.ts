import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { SingleBar, Presets } from 'cli-progress';
import type { components } from '../../../openapi/generated/enrich';
import { csvHeader, csvLine } from '../batch/rows';

type Job = components['schemas']['Job'];

export interface BatchCommandOptions {
  readonly url: string;
  readonly key: string;
  readonly out: string;
  readonly enrich?: string;
  readonly minConfidence?: number;
  readonly resume?: string;
  readonly pollMs?: number;
}

const DEV_KEY_FILE = path.resolve(__dirname, '../../../.enrich-dev-key');

/** `--key`, else ENRICH_API_KEY, else the development key `make start` printed. */
export function defaultKey(): string | undefined {
  if (process.env['ENRICH_API_KEY']) return process.env['ENRICH_API_KEY'];
  try {
    return readFileSync(DEV_KEY_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function problem(res: Response): Promise<Error> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { title?: string; detail?: string };
    return new Error(`${res.status} ${body.title ?? ''} ${body.detail ?? ''}`.trim());
  } catch {
    return new Error(`${res.status} ${text.slice(0, 200)}`);
  }
}

/** The file's identity (path, size, modification time): re-running the same command finds the same job. */
function idempotencyKey(file: string, query: string): string {
  const stat = statSync(file);
  return `cli-${createHash('sha256').update(`${path.resolve(file)}|${stat.size}|${stat.mtimeMs}|${query}`).digest('hex').slice(0, 32)}`;
}

/**
 * `enrich batch <file>`: uploads a CSV/NDJSON file as a stream, shows progress, and writes every row's
 * result to `--out` in input order as rows finish. Ctrl-C leaves the job running and says how to go on.
 */
export async function runBatch(file: string | undefined, options: BatchCommandOptions): Promise<void> {
  const base = options.url.replace(/\/$/, '');
  const headers = { Authorization: `Bearer ${options.key}` };
  const cursorFile = `${options.out}.cursor`;
  let job: Job;
  if (options.resume !== undefined) {
    const res = await fetch(`${base}/jobs/${options.resume}`, { headers });
    if (!res.ok) throw await problem(res);
    job = (await res.json()) as Job;
  } else {
    if (file === undefined) throw new Error('name a file to enrich, or --resume <job id>');
    const params = new URLSearchParams();
    if (options.enrich !== undefined) params.set('enrich', options.enrich);
    if (options.minConfidence !== undefined) params.set('min_confidence', String(options.minConfidence));
    const query = params.toString().replace(/%2C/gi, ',');
    const type = /\.(ndjson|jsonl)$/i.test(file) ? 'application/x-ndjson' : 'text/csv';
    const res = await fetch(`${base}/enrich/enqueue${query ? `?${query}` : ''}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': type, 'Idempotency-Key': idempotencyKey(file, query) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    if (res.status !== 202) throw await problem(res);
    job = (await res.json()) as Job;
    if (res.headers.get('idempotent-replayed') !== 'true' || !existsSync(cursorFile)) {
      writeFileSync(options.out, csvHeader(job.enrich));
      writeFileSync(cursorFile, '0');
    }
  }
  let cursor = existsSync(cursorFile) ? Number(readFileSync(cursorFile, 'utf8').trim() || 0) : 0;
  if (cursor === 0 && !existsSync(options.out)) writeFileSync(options.out, csvHeader(job.enrich));

  const resumeHint = () =>
    `Job ${job.id} keeps running on the server. Download the rest with:\n  npx enrich batch --resume ${job.id} --out ${options.out} --url ${options.url}`;
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);

  const bar = new SingleBar(
    { format: 'enriching [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | matched {matched} | failed {failed} | ETA {eta_s}s', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 },
    Presets.shades_classic,
  );
  const started = Date.now();
  const startDone = job.counts.done;
  bar.start(job.counts.total, job.counts.done, { rate: 0, matched: job.counts.matched, failed: job.counts.failed, eta_s: '?' });

  /** Appends the rows finished after the cursor, in order, and moves the cursor. */
  const download = async () => {
    const res = await fetch(`${base}/jobs/${job.id}/results?cursor=${cursor}`, { headers: { ...headers, Accept: 'application/x-ndjson' } });
    if (!res.ok || res.body === null) throw await problem(res);
    let lines = '';
    const input = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line === '') continue;
      lines += csvLine(line, job.enrich);
      cursor = (JSON.parse(line) as { row: number }).row;
      if (lines.length > 1 << 20) {
        appendFileSync(options.out, lines);
        writeFileSync(cursorFile, String(cursor));
        lines = '';
      }
    }
    appendFileSync(options.out, lines);
    writeFileSync(cursorFile, String(cursor));
  };

  try {
    for (;;) {
      const res = await fetch(`${base}/jobs/${job.id}`, { headers });
      if (!res.ok) throw await problem(res);
      job = (await res.json()) as Job;
      const seconds = (Date.now() - started) / 1000;
      bar.setTotal(job.counts.total);
      bar.update(job.counts.done, {
        rate: seconds > 0 ? Math.round((job.counts.done - startDone) / seconds) : 0,
        matched: job.counts.matched,
        failed: job.counts.failed,
        eta_s: job.eta_s ?? (job.pacing.paced ? `paced until ${job.pacing.resumes_at}` : '?'),
      });
      await download();
      if (interrupted) break;
      if (['completed', 'failed', 'cancelled'].includes(job.state) && cursor >= job.counts.done) break;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
      if (interrupted) break;
    }
  } finally {
    bar.stop();
    process.removeListener('SIGINT', onInterrupt);
  }
  if (interrupted) {
    process.stderr.write(`\n${resumeHint()}\n`);
    process.exitCode = 130;
    return;
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `job ${job.id} ${job.state}: ${job.counts.done} of ${job.counts.total} rows (${job.counts.matched} matched, ${job.counts.failed} failed) in ${seconds.toFixed(1)} s -> ${options.out}`,
  );
}

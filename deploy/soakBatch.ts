// The batch job the soak runs throughout (deploy/soak.ts): enqueued through HAProxy at the start,
// worked by the BullMQ workers of both instances while the faults are applied, and checked at the end:
// every input row has exactly one result row, in order, with its caller id.

const POLL_EVERY_MS = 4000; // the soak's account windows allow 5 requests per 10 s; this account polls under that
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SoakBatchOptions {
  /** The HAProxy front door. */
  readonly url: string;
  readonly key: string;
  readonly rows: number;
  /** Emails of the sample people: store hits. */
  readonly emails: readonly string[];
  /** Milliseconds since the load started. */
  readonly now: () => number;
  readonly log: (line: string) => void;
}

interface JobView {
  readonly id: string;
  readonly state: string;
  readonly counts: { total: number; done: number; matched: number; failed: number };
}

/** What the soak reports of its batch job. */
export interface SoakBatchResult {
  readonly lines: string[];
  /** Every row exactly once, in order, with its id, and the job completed. */
  readonly ok: boolean;
}

/** Row `i` (1-based): 6 in 10 store hits, 3 unknown domains, 1 an invalid email (its result is a reason). */
function record(i: number, emails: readonly string[]): Record<string, string> {
  const id = `soak-${i}`;
  const kind = i % 10;
  if (kind < 6) return { id, email: emails[i % emails.length]! };
  if (kind < 9) return { id, domain: `batch-unknown-${i}.example` };
  return { id, email: `not-an-email-${i}` };
}

export class SoakBatch {
  private readonly headers: Record<string, string>;
  private readonly progress: Array<{ at: number; done: number }> = [];
  private pollFailures = 0;
  private polling = true;
  private poller: Promise<void> = Promise.resolve();
  private lastView: JobView | null = null;
  private constructor(
    private readonly options: SoakBatchOptions,
    readonly jobId: string,
    readonly enqueuedAt: number,
  ) {
    this.headers = { Authorization: `Bearer ${options.key}`, 'X-Account-ID': 'soak-batch', Connection: 'close' };
  }

  /** Enqueues the job as NDJSON (retried with one Idempotency-Key, so a retry makes no second job) and starts polling it. */
  static async start(options: SoakBatchOptions): Promise<SoakBatch> {
    const body = Array.from({ length: options.rows }, (_, i) => JSON.stringify(record(i + 1, options.emails))).join('\n') + '\n';
    const idempotencyKey = `soak-${Date.now()}`;
    for (let attempt = 1; ; attempt += 1) {
      const res = await fetch(`${options.url}/enrich/enqueue?enrich=first_name,company_name`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.key}`, 'X-Account-ID': 'soak-batch', 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': idempotencyKey },
        body,
        signal: AbortSignal.timeout(30_000),
      }).catch((error: Error) => error);
      if (!(res instanceof Error) && res.status === 202) {
        const job = (await res.json()) as JobView;
        options.log(`batch: job ${job.id} enqueued, ${options.rows} rows`);
        const batch = new SoakBatch(options, job.id, options.now());
        batch.poller = batch.poll();
        return batch;
      }
      const why = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
      if (attempt === 5) throw new Error(`soak: the batch job could not be enqueued: ${why}`);
      await sleep(1000);
    }
  }

  private async view(): Promise<JobView | null> {
    try {
      const res = await fetch(`${this.options.url}/jobs/${this.jobId}`, { headers: this.headers, signal: AbortSignal.timeout(5000) });
      if (res.status !== 200) {
        await res.arrayBuffer();
        this.pollFailures += 1;
        return null;
      }
      this.lastView = (await res.json()) as JobView;
      return this.lastView;
    } catch {
      this.pollFailures += 1;
      return null;
    }
  }

  private async poll(): Promise<void> {
    while (this.polling) {
      const view = await this.view();
      if (view !== null) this.progress.push({ at: this.options.now(), done: view.counts.done });
      if (view !== null && ['completed', 'failed', 'cancelled'].includes(view.state)) return;
      await sleep(POLL_EVERY_MS);
    }
  }

  /** The done count last seen (for the log while the load runs). */
  get done(): number {
    return this.lastView?.counts.done ?? 0;
  }

  /** Waits (up to `timeoutMs`) for the job to finish, then reads every result row and checks it. */
  async finish(timeoutMs: number, loadEndedAt: number, faults: ReadonlyArray<{ name: string; startedAt: number; endedAt: number }>): Promise<SoakBatchResult> {
    const waitUntil = Date.now() + timeoutMs;
    while (Date.now() < waitUntil && !['completed', 'failed', 'cancelled'].includes(this.lastView?.state ?? '')) await sleep(500);
    this.polling = false;
    await this.poller;
    const view = (await this.view()) ?? this.lastView;
    const finishedAt = this.progress.find((p) => p.done === this.options.rows)?.at ?? null;
    const lines: string[] = [];
    const head =
      `batch job through HAProxy, BullMQ workers in both instances: ${this.options.rows} rows enqueued at ${(this.enqueuedAt / 1000).toFixed(0)} s; ` +
      (finishedAt === null
        ? `not finished ${(timeoutMs / 1000).toFixed(0)} s after the load ended (state ${view?.state ?? 'unknown'}, ${view?.counts.done ?? '?'} done)`
        : `last row done by ${(finishedAt / 1000).toFixed(0)} s (load ended at ${(loadEndedAt / 1000).toFixed(0)} s)`);
    lines.push(head);
    const during = faults.filter((f) => f.startedAt >= this.enqueuedAt && (finishedAt === null || f.startedAt <= finishedAt)).length;
    const pace = this.progress.filter((p, i) => i === 0 || p.done !== this.progress[i - 1]!.done).length;
    if (view?.state !== 'completed') {
      lines.push(`batch check: FAILED, the job is ${view?.state ?? 'unknown'}; faults while it ran: ${during}; GET /jobs polls that failed: ${this.pollFailures}`);
      return { lines, ok: false };
    }
    const check = await this.checkResults();
    lines.push(
      `batch check: ${check.ok ? 'every row exactly once, in order, with its id' : `FAILED: ${check.problem}`} ` +
        `(${check.rows} result rows for ${this.options.rows} input rows; ${view.counts.matched} matched, ${view.counts.failed} failed rows by reason ${JSON.stringify(check.reasons)}); ` +
        `ran through ${during} of ${faults.length} faults; ${pace} polls saw progress; GET /jobs polls that failed: ${this.pollFailures}`,
    );
    return { lines, ok: check.ok };
  }

  /** Reads the results (NDJSON) and checks row numbers, ids and that no row is missing or doubled. */
  private async checkResults(): Promise<{ ok: boolean; problem: string; rows: number; reasons: Record<string, number> }> {
    const res = await fetch(`${this.options.url}/jobs/${this.jobId}/results`, { headers: { ...this.headers, Accept: 'application/x-ndjson' }, signal: AbortSignal.timeout(60_000) });
    if (res.status !== 200) return { ok: false, problem: `GET results answered ${res.status}`, rows: 0, reasons: {} };
    const results = (await res.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { row: number; id: string | null; reason: string | null });
    const reasons: Record<string, number> = {};
    for (const r of results) if (r.reason !== null) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
    const ids = new Set(results.map((r) => r.id));
    const outOfPlace = results.findIndex((r, i) => r.row !== i + 1 || r.id !== `soak-${i + 1}`);
    const problem =
      results.length !== this.options.rows
        ? `${results.length} result rows for ${this.options.rows} input rows`
        : ids.size !== results.length
          ? `${results.length - ids.size} ids appear twice`
          : outOfPlace >= 0
            ? `result ${outOfPlace + 1} is row ${results[outOfPlace]!.row} id ${results[outOfPlace]!.id}`
            : '';
    return { ok: problem === '', problem, rows: results.length, reasons };
  }
}

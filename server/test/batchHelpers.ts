import request from 'supertest';
import type { Express } from 'express';
import type { BatchService } from '../src/batch/service';
import { AUTH } from './helpers';

/** Polls GET /jobs/{id} until the job reaches one of `states` (the worker runs in the background). */
export async function waitForJob(app: Express, id: string, states: readonly string[] = ['completed', 'failed', 'cancelled'], auth: Record<string, string> = AUTH, timeoutMs = 15000) {
  const started = Date.now();
  for (;;) {
    const res = await request(app).get(`/jobs/${id}`).set(auth);
    if (res.status !== 200) throw new Error(`GET /jobs/${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (states.includes(res.body.state)) return res;
    if (Date.now() - started > timeoutMs) throw new Error(`job ${id} still ${res.body.state} after ${timeoutMs} ms: ${JSON.stringify(res.body.counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Runs worker steps until the job's rows are all done (no timers: deterministic). */
export async function drain(batch: BatchService, step: () => Promise<number>): Promise<void> {
  for (let i = 0; i < 100000; i += 1) {
    if ((await step()) === 0) return;
  }
  void batch;
}

/** The NDJSON result rows of a job. */
export async function ndjsonResults(app: Express, id: string, query = '', auth: Record<string, string> = AUTH) {
  const res = await request(app).get(`/jobs/${id}/results${query}`).set(auth).set('Accept', 'application/x-ndjson').buffer(true).parse((response, callback) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => callback(null, text));
  });
  const body = res.body as string;
  return { res, rows: body.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

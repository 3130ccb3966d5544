import type { BatchClient, Job } from '../src';
import { byId, duration } from './dom';

/** How often the job is read: twice a second is smooth enough and costs the API little, whatever the job's size. */
const POLL_MS = 500;
/** The longest wait between reads while the gateway or the API is unreachable. */
const MAX_BACKOFF_MS = 8000;
/** The rate is measured over this window, so one slow read does not make it jump. */
const RATE_WINDOW_MS = 5000;
const FINISHED = new Set<Job['state']>(['completed', 'failed', 'cancelled']);

export interface JobWatch {
  stop(): void;
}

/**
 * Follows a job: reads it every POLL_MS and redraws the progress view at most once per animation
 * frame, with a fixed set of elements whatever the job's size (no row is ever put in the page, so a
 * 100k-row job costs what a 10-row one does). Rate is rows per second over the last few seconds;
 * time left is the API's `eta_s`. Cancel and, once done, the CSV download are offered.
 */
export function watchJob(batch: BatchClient, first: Job, events: { gone(): void }): JobWatch {
  const samples: Array<{ at: number; done: number }> = [];
  let job = first;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  let note = '';
  const cancel = byId<HTMLButtonElement>('job-cancel');
  const download = byId<HTMLAnchorElement>('job-download');

  function rate(): number | null {
    const now = samples[samples.length - 1];
    const then = samples.find((sample) => now !== undefined && now.at - sample.at <= RATE_WINDOW_MS);
    if (!now || !then || now.at === then.at) return null;
    return ((now.done - then.done) * 1000) / (now.at - then.at);
  }

  function draw() {
    frame = undefined;
    const { counts } = job;
    const finished = FINISHED.has(job.state);
    byId('job-id').textContent = job.id;
    byId('job-state').textContent = job.pacing.paced ? `${job.state}, paced by the day's limit` : job.state;
    const progress = byId<HTMLProgressElement>('job-progress');
    progress.value = job.progress;
    progress.setAttribute('aria-valuetext', `${counts.done} of ${counts.total} rows done`);
    byId('job-done').textContent = `${counts.done.toLocaleString('en')} / ${counts.total.toLocaleString('en')}`;
    byId('job-matched').textContent = counts.matched.toLocaleString('en');
    byId('job-failed').textContent = counts.failed.toLocaleString('en');
    const perSecond = rate();
    byId('job-rate').textContent = finished || perSecond === null ? '–' : `${Math.round(perSecond).toLocaleString('en')} rows/s`;
    byId('job-eta').textContent = finished ? '–' : job.eta_s === null ? 'estimating' : duration(job.eta_s);
    byId('job-status').textContent = note || (finished ? `The job is ${job.state}.` : '');
    cancel.hidden = finished;
    download.hidden = !finished || counts.done === 0;
    download.href = `/api/jobs/${job.id}/results.csv`;
    byId('job-new').hidden = !finished;
  }

  const schedule = () => {
    if (frame === undefined && !stopped) frame = requestAnimationFrame(draw);
  };

  function take(next: Job) {
    job = next;
    const at = performance.now();
    samples.push({ at, done: next.counts.done });
    while (samples.length > 2 && at - samples[0]!.at > RATE_WINDOW_MS) samples.shift();
    schedule();
  }

  async function poll(backoff: number) {
    if (stopped) return;
    let wait = POLL_MS;
    try {
      const outcome = await batch.job(job.id);
      if (stopped) return;
      if (outcome.kind === 'ok') {
        note = '';
        take(outcome.data);
      } else if (outcome.kind === 'problem' && outcome.status === 404) {
        stopped = true;
        return events.gone();
      } else {
        note = 'The Enrich API cannot be reached right now; the job goes on and this page keeps asking.';
        wait = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    } catch {
      note = 'The gateway cannot be reached right now; this page keeps asking.';
      wait = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
    schedule();
    if (!FINISHED.has(job.state)) timer = setTimeout(() => void poll(wait), wait);
  }

  const onCancel = async () => {
    cancel.disabled = true;
    const outcome = await batch.cancel(job.id).catch(() => null);
    cancel.disabled = false;
    if (outcome?.kind === 'ok') take(outcome.data);
    else note = 'The job could not be cancelled; try again.';
    schedule();
  };
  cancel.onclick = () => void onCancel();

  take(first);
  if (!FINISHED.has(first.state)) timer = setTimeout(() => void poll(POLL_MS), POLL_MS);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (frame !== undefined) cancelAnimationFrame(frame);
    },
  };
}

import { EventEmitter } from 'node:events';
import { startDeadline, timer, whenAborted } from '../../common/abort';

const aborted = (signal: AbortSignal) => new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));

describe('startDeadline', () => {
  it('aborts with a TimeoutError once its time is up', async () => {
    const deadline = startDeadline(10);
    expect(await aborted(deadline.signal)).toMatchObject({ name: 'TimeoutError' });
  });

  it('aborts with a parent\'s reason when the parent aborts, and at once when a parent already has', async () => {
    const page = new AbortController();
    const deadline = startDeadline(60_000, undefined, page.signal);
    page.abort(new Error('left the page'));
    expect(deadline.signal.reason).toEqual(new Error('left the page'));
    expect(startDeadline(60_000, AbortSignal.abort('gone')).signal.reason).toBe('gone');
    expect(EventEmitter.getEventListeners(page.signal, 'abort')).toHaveLength(0);
  });

  it('once cleared, neither its time nor a parent aborts it, and it holds no listener on the parent', async () => {
    const page = new AbortController();
    const deadline = startDeadline(20, page.signal);
    deadline.clear();
    expect(EventEmitter.getEventListeners(page.signal, 'abort')).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    page.abort();
    expect(deadline.signal.aborted).toBe(false);
  });

  it('takes a time longer than a timer can hold as the longest a timer can (not as at once)', async () => {
    const deadline = startDeadline(Number.MAX_SAFE_INTEGER);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deadline.signal.aborted).toBe(false);
    deadline.clear();
  });
});

describe('whenAborted', () => {
  it('rejects with the signal\'s reason, and once disposed leaves no listener', async () => {
    const page = new AbortController();
    const first = whenAborted(page.signal);
    first.dispose();
    expect(EventEmitter.getEventListeners(page.signal, 'abort')).toHaveLength(0);
    const second = whenAborted(page.signal);
    page.abort('gone');
    await expect(second.promise).rejects.toBe('gone');
  });
});

describe('timer', () => {
  it('takes a time longer than a timer can hold as the longest a timer can (not as at once)', async () => {
    const late = timer(Number.MAX_SAFE_INTEGER, 'late');
    const first = await Promise.race([late.promise, new Promise((resolve) => setTimeout(() => resolve('not yet'), 20))]);
    late.cancel();
    expect(first).toBe('not yet');
  });
});

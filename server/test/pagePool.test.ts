import { createPagePool, type PagePool } from '../src/enrichment/page/pool';

const page = (html: string, headers: Record<string, string[]> = {}) => ({ bytes: new TextEncoder().encode(html), headers });

/** The page worker pool with its real worker threads (the TypeScript worker, loaded through tsx). */
describe('the page worker pool', () => {
  let pool: PagePool;
  beforeAll(async () => {
    pool = createPagePool({ threads: 1, maxQueue: 8 });
    await pool.ready();
  }, 60_000);
  afterAll(() => pool.close());

  it('reads a page in a worker: JSON-LD organization, meta tags and technologies', async () => {
    const html = `<html><head><meta name="generator" content="WordPress 6.4"><meta property="og:site_name" content="Acme">
      <script type="application/ld+json">{"@type":"Organization","name":"Acme Inc"}</script></head><body>hi</body></html>`;
    const analysis = await pool.analyze(page(html), new AbortController().signal);
    expect(analysis.organization).toMatchObject({ name: 'Acme Inc' });
    expect(analysis.meta['og:site_name']).toEqual(['Acme']);
    expect(analysis.technologies).toContain('WordPress');
  });

  it('decodes the page in the charset its Content-Type names', async () => {
    const latin1 = Uint8Array.from([...'<html><head><meta property="og:site_name" content="Caf'].map((c) => c.charCodeAt(0)).concat([0xe9], [...'"></head></html>'].map((c) => c.charCodeAt(0))));
    const analysis = await pool.analyze({ bytes: latin1, headers: { 'content-type': ['text/html; charset=ISO-8859-1'] } }, new AbortController().signal);
    expect(analysis.meta['og:site_name']).toEqual(['Café']);
  });

  it('gives up on pages at the request deadline with its reason, and keeps serving afterwards', async () => {
    const big = `<html><body>${'<div class="uk-container x">'.repeat(36_000)}</body></html>`;
    const deadline = new AbortController();
    const reason = new Error('deadline');
    const answers = Array.from({ length: 4 }, () => pool.analyze(page(big), deadline.signal));
    deadline.abort(reason);
    for (const answer of answers) await expect(answer).rejects.toBe(reason);
    const after = await pool.analyze(page('<html><head><meta name="generator" content="WordPress 6.4"></head></html>'), new AbortController().signal);
    expect(after.technologies).toContain('WordPress');
  });

  it('serves pages first come, first served under steady load: none overtakes one sent before it', async () => {
    const small = '<html><head><meta name="generator" content="WordPress 6.4"></head></html>';
    const finished: number[] = [];
    let next = 0;
    // Eight callers, each sending its next page as soon as its last is answered: the queue never empties.
    const caller = async () => {
      while (next < 300) {
        const id = next++;
        await pool.analyze(page(small), new AbortController().signal);
        finished.push(id);
      }
    };
    await Promise.all(Array.from({ length: 8 }, caller));
    expect(finished).toEqual([...finished].sort((a, b) => a - b));
  });

  it('refuses a page beyond its queue at once, and takes pages again when there is room', async () => {
    const small = '<html><head><meta name="generator" content="WordPress 6.4"></head></html>';
    // One running and eight waiting: the tenth is refused.
    const accepted = Array.from({ length: 9 }, () => pool.analyze(page(small), new AbortController().signal));
    await expect(pool.analyze(page(small), new AbortController().signal)).rejects.toThrow('page queue full');
    await Promise.all(accepted);
    expect((await pool.analyze(page(small), new AbortController().signal)).technologies).toContain('WordPress');
  });

  it('gives the worker to the next page once a page it holds is given up', async () => {
    const big = `<html><body>${'<div class="uk-container x">'.repeat(36_000)}</body></html>`;
    const deadline = new AbortController();
    const reason = new Error('deadline');
    const givenUp = pool.analyze(page(big), deadline.signal);
    await new Promise((resolve) => setImmediate(resolve)); // handed to the worker
    const next = pool.analyze(page('<html><head><meta name="generator" content="WordPress 6.4"></head></html>'), new AbortController().signal);
    deadline.abort(reason);
    await expect(givenUp).rejects.toBe(reason);
    expect((await next).technologies).toContain('WordPress');
  });

  it('makes room in its queue for pages given up while they waited', async () => {
    const small = '<html><head><meta name="generator" content="WordPress 6.4"></head></html>';
    const deadline = new AbortController();
    const waited = Array.from({ length: 9 }, () => pool.analyze(page(small), deadline.signal));
    deadline.abort(new Error('deadline'));
    for (const answer of waited) await expect(answer).rejects.toThrow('deadline');
    const after = await Promise.all(Array.from({ length: 9 }, () => pool.analyze(page(small), new AbortController().signal)));
    expect(after.every((analysis) => analysis.technologies.includes('WordPress'))).toBe(true);
  });

  it('refuses a page whose request has already given up without taking it', async () => {
    const given = new AbortController();
    given.abort(new Error('too late'));
    await expect(pool.analyze(page('<html></html>'), given.signal)).rejects.toThrow('too late');
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type FileChooser, type Page } from 'playwright-core';
import { startStudioStack, type StudioStack } from './studio/processes';

const CHROMIUM = '/usr/bin/chromium';
const PEOPLE_CSV = path.resolve(__dirname, '../../data/sample/people.csv');
/** The budget for the page's JavaScript. */
const SCRIPT_BUDGET_GZIP_BYTES = 60 * 1024;
/** Google's threshold for a "good" cumulative layout shift. */
const GOOD_LAYOUT_SHIFT = 0.1;

/** Watches, from before the page's own script runs, for CSP violations and layout shifts not caused by input. */
const WATCH = `
  window.__violations = [];
  window.__layoutShift = 0;
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value; })
    .observe({ type: 'layout-shift', buffered: true });
`;

/**
 * The Studio in Debian's headless Chromium (playwright-core, one browser for every case) against real
 * processes on loopback: the server with the sample data, Prism, and the gateway serving the page.
 */
describe('the Studio page in a real browser', () => {
  let dir: string;
  let stack: StudioStack;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    dir = mkdtempSync(path.join(tmpdir(), 'enrich-studio-page-'));
    execFileSync(process.execPath, [path.resolve(__dirname, '../studio/build.mjs'), dir]);
    // One row at a time, so the progress bar is seen between 0 and 1 (the job takes seconds, not one poll).
    stack = await startStudioStack(dir, { BATCH_CONCURRENCY: '1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'] });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(viewport = { width: 1000, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.addInitScript(WATCH);
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${stack.gateway.origin}/`);
    return page;
  }

  /** The job id once the list view shows one; the list's error line when it shows that instead. */
  async function jobShown(page: Page): Promise<string> {
    await page.waitForFunction(() => document.querySelector('#job-id')?.textContent !== '' || document.querySelector('#list-error')?.textContent !== '', undefined, { timeout: 30_000 });
    return (await page.textContent('#job-id')) || `no job: ${await page.textContent('#list-error')}`;
  }

  /** axe-core's serious and critical violations on the page as it is now (loaded over the protocol: the CSP allows no inline script). */
  async function audit(page: Page): Promise<string[]> {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
    });
  }

  const cell = (page: Page, field: string, column: number) => page.locator(`#card tr[data-field="${field}"] td`).nth(column);

  it('is served under a strict CSP, revalidated, with its script inside the 60 KiB gzip budget', async () => {
    const res = await fetch(`${stack.gateway.origin}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style>|style="/);
    const script = Buffer.from(await (await fetch(`${stack.gateway.origin}/studio.js`)).arrayBuffer());
    expect(script.equals(readFileSync(path.join(dir, 'studio.js')))).toBe(true);
    const gzipped = gzipSync(script).length;
    expect(gzipped).toBeLessThan(SCRIPT_BUDGET_GZIP_BYTES);
    console.log(`studio.js: ${(script.length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped (budget 60 KiB)`);
  });

  it('looks up jane.doe@acme.io and shows Jane Doe with store badges, confidence, age, the match and the timing', async () => {
    const page = await open();
    await page.fill('#email', 'jane.doe@acme.io');
    await page.press('#email', 'Enter');
    await expect(cell(page, 'first_name', 0).textContent()).resolves.toBe('Jane');
    expect(await page.textContent('#card-title')).toBe('Jane Doe');
    expect(await cell(page, 'company_name', 0).textContent()).toBe('Acme Analytics');
    expect(await cell(page, 'first_name', 1).textContent()).toBe('store');
    expect(await cell(page, 'first_name', 1).locator('.badge.store').count()).toBe(1);
    expect(Number(await cell(page, 'first_name', 2).locator('meter').getAttribute('value'))).toBeGreaterThan(0.9);
    expect(await cell(page, 'first_name', 3).textContent()).toMatch(/ago|now/);
    // personal_email is not in the sample record: shown as unknown, with no badge.
    expect(await cell(page, 'personal_email', 0).textContent()).toBe('unknown');
    expect(await cell(page, 'personal_email', 1).textContent()).toBe('');
    expect(await page.textContent('#match')).toContain('Person found by email');
    expect(await page.locator('#mock-note').count()).toBe(0);
    expect(await page.locator('.timing .bar-row').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^store/), expect.stringMatching(/^gateway/)]));
    const renderMs = await page.evaluate(() => performance.getEntriesByName('studio:render')[0]?.duration ?? -1);
    expect(renderMs).toBeGreaterThanOrEqual(0);
    console.log(`card rendered ${renderMs.toFixed(1)} ms after the answer arrived (the issue's goal: 100 ms)`);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the API\'s message beside an invalid email and sends nothing', async () => {
    const page = await open();
    const sent: string[] = [];
    page.on('request', (request) => request.url().includes('/api/') && sent.push(request.url()));
    await page.click('#lookup');
    expect(await page.textContent('#form-error')).toBe('The lookup must have at least one of email, domain, company_name.');
    await page.fill('#email', 'not-an-email');
    await page.click('#lookup');
    expect(await page.textContent('#email-error')).toBe('Email must be an email address (name@company.com).');
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    expect(await page.textContent('#form-error')).toBe('');
    expect(await page.isHidden('#card')).toBe(true);
    expect(sent).toEqual([]);
    await page.close();
  }, 60_000);

  it('works from the keyboard alone, with a visible focus', async () => {
    const page = await open();
    // Listening from the start turns on the file-chooser interception before the key that opens it.
    const chosen = new Promise<FileChooser>((resolve) => page.once('filechooser', resolve));
    const tabTo = async (id: string) => {
      for (let presses = 0; presses < 12; presses++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
      }
      throw new Error(`#${id} is not reachable with Tab`);
    };
    await tabTo('email');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.type('yui.watanabe@cedarflow-works.co.jp');
    await page.keyboard.press('Enter');
    await expect(cell(page, 'first_name', 0).textContent()).resolves.toBe('Yui');
    // The tabs: the selected one is in the tab order, arrows move between them.
    await page.focus('#tab-single');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-list');
    expect(await page.isVisible('#panel-list')).toBe(true);
    await tabTo('drop');
    await page.keyboard.press('Enter');
    await (await chosen).setFiles(PEOPLE_CSV);
    await page.locator('#list-map').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('map-email');
    expect(await page.inputValue('#map-email')).toBe('0');
    await tabTo('enqueue');
    await page.close();
  }, 60_000);

  it('runs a 2,000-row CSV to completion: the bar advances, a reload finds the job, the download has every row', async () => {
    const page = await open();
    await page.click('#tab-list');
    await page.setInputFiles('#csv-file', PEOPLE_CSV);
    await page.locator('#list-map').waitFor();
    expect(await page.textContent('#file-rows')).toBe('2,000');
    expect(await page.inputValue('#map-email')).toBe('0');
    expect(await page.inputValue('#map-company_name')).toBe('3');
    await page.click('#enqueue');
    const jobId = await jobShown(page);
    expect(jobId).toMatch(/^job_[0-9a-f]{16}$/);

    const seen: number[] = [];
    const readProgress = () => page.locator('#job-progress').evaluate((bar: HTMLProgressElement) => bar.value);
    while (seen.length === 0 || seen[seen.length - 1]! <= 0) seen.push(await readProgress());
    await page.reload();
    expect(await page.getAttribute('#tab-list', 'aria-selected')).toBe('true');
    expect(await jobShown(page)).toBe(jobId);
    const started = Date.now();
    while ((await page.textContent('#job-state')) !== 'completed') {
      if (Date.now() - started > 120_000) throw new Error(`the job did not complete: ${await page.textContent('#job-state')}`);
      seen.push(await readProgress());
      await page.waitForTimeout(100);
    }
    seen.push(await readProgress());
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.some((value) => value > 0 && value < 1)).toBe(true);
    expect(seen.every((value, i) => i === 0 || value >= seen[i - 1]!)).toBe(true);
    expect(await page.textContent('#job-done')).toBe('2,000 / 2,000');
    expect(await page.textContent('#job-failed')).toBe('0');
    expect(await page.isHidden('#job-cancel')).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#job-download')]);
    expect(download.suggestedFilename()).toBe(`${jobId}.csv`);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[1]).toContain('jane.doe@acme.io');
    expect(lines[1]).toContain('Jane');
    // Nothing row-shaped was ever put in the page: the list view is a fixed set of elements.
    expect(await page.locator('#panel-list tr, #panel-list li').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __layoutShift: number }).__layoutShift)).toBeLessThan(GOOD_LAYOUT_SHIFT);
    expect(await audit(page)).toEqual([]);
    await page.close();
  }, 180_000);

  it('follows a 100k-row job with one redraw per read at most and a fixed set of elements (the API\'s job answers are scripted here)', async () => {
    const id = 'job_00000000000100ff';
    const total = 100_000;
    let reads = 0;
    const page = await browser.newPage();
    // A job a previous visit started: the page resumes it on load.
    await page.addInitScript(`localStorage.setItem('enrich-studio-job', '${id}')`);
    await page.route(`**/api/jobs/${id}`, (route) => {
      reads += 1;
      const done = Math.min(total, (reads - 1) * 20_000);
      const finished = done === total;
      void route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          id, state: finished ? 'completed' : 'running', created_at: '2026-11-29T10:00:00Z', started_at: '2026-11-29T10:00:01Z', finished_at: finished ? '2026-11-29T10:05:00Z' : null,
          counts: { total, done, matched: done, failed: 0 }, progress: done / total, eta_s: finished ? null : 60, enrich: ['first_name'], min_confidence: 0,
          pacing: { paced: false, resumes_at: null }, webhook: null, links: { self: `/jobs/${id}`, results: `/jobs/${id}/results` },
        }),
      });
    });
    await page.goto(`${stack.gateway.origin}/`);
    await page.waitForFunction(() => document.querySelector('#job-state')?.textContent === 'running');
    const elements = await page.locator('#panel-list *').count();
    await page.evaluate(() => {
      const w = window as unknown as { __redraws: number };
      w.__redraws = 0;
      new MutationObserver(() => (w.__redraws += 1)).observe(document.querySelector('#job')!, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const readsBefore = reads;
    await page.waitForFunction(() => document.querySelector('#job-state')?.textContent === 'completed', undefined, { timeout: 30_000 });
    expect(await page.textContent('#job-done')).toBe('100,000 / 100,000');
    expect(await page.locator('#panel-list *').count()).toBe(elements);
    // Each read is drawn in one animation frame (one batch of changes), never row by row.
    expect(await page.evaluate(() => (window as unknown as { __redraws: number }).__redraws)).toBeLessThanOrEqual(reads - readsBefore);
    await page.close();
  }, 60_000);

  it('has no serious or critical accessibility violations (axe-core) on the card and the column mapping, and fits a phone', async () => {
    const page = await open({ width: 375, height: 800 });
    await page.fill('#email', 'jane.doe@acme.io');
    await page.click('#lookup');
    await cell(page, 'first_name', 0).waitFor();
    expect(await audit(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.click('#tab-list');
    expect(await audit(page)).toEqual([]);
    await page.setInputFiles('#csv-file', PEOPLE_CSV);
    await page.locator('#list-map').waitFor();
    expect(await audit(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  }, 60_000);

  it('marks a mock answer plainly, with the reason and a retry button, when the API is stopped', async () => {
    await stack.api.stop();
    const page = await open();
    await page.fill('#email', 'jane.doe@acme.io');
    await page.click('#lookup');
    const note = page.locator('#mock-note');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^Mock data, not real: the Enrich API could not be reached\.Retry$/);
    expect(await cell(page, 'business_email', 0).textContent()).toBe('jane.doe@acme.io');
    expect(await cell(page, 'business_email', 1).textContent()).toBe('mock');
    await page.click('#retry');
    await page.waitForFunction(() => document.querySelector('#single-status')?.textContent !== 'Enriching…');
    expect(await page.textContent('#single-status')).toBe('Answered with mock data.');
    // The page stays usable: nothing but the refused calls went wrong.
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

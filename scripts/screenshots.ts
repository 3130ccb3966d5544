// npm run screenshots: the Studio's single and list views, as docs/studio-single.png and
// docs/studio-list.png (shown in the README). Starts the real processes on loopback (the server with
// the sample data, Prism, the gateway), drives Debian's Chromium with playwright-core, then stops them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStudioStack } from '../client/test/studio/processes';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'enrich-screenshots-'));
  // The build script is ESM; loaded at run time so this file stays CommonJS like the rest.
  const { buildStudio } = (await import(path.join(ROOT, 'client/studio/build.mjs'))) as { buildStudio(dir: string): Promise<unknown> };
  await buildStudio(dir);
  // One row at a time, so the list view is caught while the job runs.
  const stack = await startStudioStack(dir, { BATCH_CONCURRENCY: '1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${stack.gateway.origin}/`);
    // A first lookup warms the gateway's connection to the API up, so the pictured timing is a usual one.
    await page.fill('#email', 'yui.watanabe@cedarflow-works.co.jp');
    await page.click('#lookup');
    await page.waitForFunction(() => document.querySelector('#card-title')?.textContent === 'Yui Watanabe', undefined, { timeout: 60_000 });
    await page.fill('#email', 'jane.doe@acme.io');
    await page.click('#lookup');
    await page.waitForFunction(() => document.querySelector('#card-title')?.textContent === 'Jane Doe', undefined, { timeout: 60_000 });
    await page.screenshot({ path: path.join(ROOT, 'docs/studio-single.png'), fullPage: true });

    await page.click('#tab-list');
    await page.setInputFiles('#csv-file', path.join(ROOT, 'data/sample/people.csv'));
    await page.click('#enqueue');
    await page.waitForFunction(() => {
      const progress = document.querySelector<HTMLProgressElement>('#job-progress');
      return progress !== null && progress.value > 0.2 && document.querySelector('#job-rate')?.textContent !== '–';
    }, undefined, { timeout: 120_000 });
    await page.screenshot({ path: path.join(ROOT, 'docs/studio-list.png'), fullPage: true });
    await page.click('#job-cancel');
    console.log('wrote docs/studio-single.png and docs/studio-list.png');
  } finally {
    await browser.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { chromium, type Browser } from 'playwright-core';
import { TEST_KEY, testApp } from '../../server/test/helpers';
import { buildGateway, createGatewayMetrics } from '../gateway/app';
import { createGatewayLogger } from '../gateway/logger';

const CHROMIUM = '/usr/bin/chromium';
const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/**
 * The browser bundle in real headless Chromium (Debian's, installed by .ci/run), on a page whose CSP
 * allows only its own scripts (no 'unsafe-eval'), calling the gateway on another origin through CORS.
 */
describe('the client in a real browser (Chromium, CSP script-src \'self\')', () => {
  let dir: string;
  let browser: Browser;
  let api: Server;
  let gateway: Server;
  let page: Server;
  let pageOrigin: string;
  let gatewayOrigin: string;
  let deadOrigin: string;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    dir = mkdtempSync(path.join(tmpdir(), 'enrich-browser-'));
    execFileSync(process.execPath, [path.resolve(__dirname, '../build.mjs'), '--browser-only', dir]);
    api = testApp({ RATE_LIMITS: '1000/m' }).app.listen(0, '127.0.0.1');
    await new Promise((resolve) => api.once('listening', resolve));
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    page = createServer();
    pageOrigin = await listen(page);
    const dead = createServer();
    deadOrigin = await listen(dead);
    await close(dead);
    await fetch(`${apiUrl}/health`); // warm the API up, so the first answer is not a cold start
    const { app } = buildGateway({
      client: { baseUrl: apiUrl, apiKey: TEST_KEY, retries: 0 },
      logger: createGatewayLogger({ level: 'error', stream: new PassThrough() }),
      metrics: createGatewayMetrics(false),
      corsOrigins: [pageOrigin],
    });
    gateway = createServer(app);
    gatewayOrigin = await listen(gateway);
    const files: Record<string, [string, string]> = {
      '/': ['text/html', '<!doctype html><html><head><title>Enrich in a browser</title><script type="module" src="/app.js"></script></head><body></body></html>'],
      '/app.js': ['text/javascript', readFileSync(path.join(__dirname, 'browser/app.js'), 'utf8')],
      '/browser.mjs': ['text/javascript', readFileSync(path.join(dir, 'browser.mjs'), 'utf8')],
    };
    page.on('request', (req, res) => {
      const file = files[new URL(req.url!, pageOrigin).pathname];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, {
        'Content-Type': file[0],
        'Content-Security-Policy': `default-src 'none'; script-src 'self'; connect-src ${gatewayOrigin} ${deadOrigin}`,
      });
      res.end(file[1]);
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', '--disable-extensions'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const server of [api, gateway, page]) if (server?.listening) await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads without eval, gets real data through the gateway, mocks from the compiled personas offline, and validates locally', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await tab.goto(`${pageOrigin}/?gw=${encodeURIComponent(gatewayOrigin)}&dead=${encodeURIComponent(deadOrigin)}`);
    const out = JSON.parse(await tab.locator('#out').textContent({ timeout: 15_000 }) ?? '{}');
    expect(out.real).toEqual({ kind: 'real', data: { first_name: 'Jane', business_email: 'jane.doe@acme.io' }, mock: false });
    expect(out.mock).toEqual({ kind: 'mock', data: { first_name: 'Paul', company_name: 'Greenpixel', country: 'Germany' }, reason: 'network' });
    expect(out.invalid).toEqual({ kind: 'invalid', pointers: ['/body/email'] });
    expect(out.violations).toEqual([]);
    // The dead port refuses the connection: that one console error is expected, nothing else.
    expect(errors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
  }, 30_000);
});

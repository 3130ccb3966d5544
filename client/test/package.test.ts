import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const CLIENT = path.resolve(__dirname, '..');
/** The gzipped browser bundle may not grow past this (README: "Bundle size"). */
const BROWSER_BUDGET_BYTES = 30 * 1024;

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

/** The packed tarball (`npm pack` runs prepack, which builds), installed into scratch projects as a user would. */
describe('the publishable client package (npm pack)', () => {
  let scratch: string;
  let tarball: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'enrich-client-'));
    npm(['pack', '--pack-destination', scratch, '--silent'], CLIENT);
    tarball = path.join(scratch, readdirSync(scratch).find((name) => name.endsWith('.tgz'))!);
    for (const kind of ['cjs', 'esm']) {
      const project = path.join(scratch, kind);
      mkdirSync(project);
      writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: `scratch-${kind}`, private: true, ...(kind === 'esm' && { type: 'module' }) }));
      // The dependencies come from npm's cache that the repository's own install filled.
      npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], project);
    }
  }, 180_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const script = (kind: 'cjs' | 'esm') => `
    const client = createEnrichClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retries: 0 });
    const mock = await client.enrich({ email: 'paul.muller@greenpixel.de', enrich: ['first_name', 'company_name', 'country'] });
    const invalid = await client.enrich({});
    console.log(JSON.stringify(['${kind}', mock.kind, mock.data, mock.meta.mock_reason, invalid.kind]));`;
  const expected = (kind: string) => [kind, 'mock', { first_name: 'Paul', company_name: 'Greenpixel', country: 'Germany' }, 'network', 'invalid'];

  it('works from a CommonJS project (require)', () => {
    const file = path.join(scratch, 'cjs', 'index.js');
    writeFileSync(file, `const { createEnrichClient } = require('@enrich/client');\n(async () => {${script('cjs')}})();\n`);
    expect(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }))).toEqual(expected('cjs'));
  });

  it('works from an ESM project (import)', () => {
    const file = path.join(scratch, 'esm', 'index.js');
    writeFileSync(file, `import { createEnrichClient } from '@enrich/client';\n${script('esm')}\n`);
    expect(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }))).toEqual(expected('esm'));
  });

  it('ships declarations and only what it needs', () => {
    const installed = path.join(scratch, 'esm', 'node_modules', '@enrich', 'client');
    expect(readFileSync(path.join(installed, 'dist/types/client/src/index.d.ts'), 'utf8')).toContain('export declare function createEnrichClient');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['cockatiel', 'openapi-fetch']);
    expect(manifest.exports['.']).toEqual({ types: expect.any(String), import: './dist/index.mjs', require: './dist/index.cjs' });
  });

  it('has a browser bundle with no Node imports, no eval/new Function, within its size budget', () => {
    const bundle = readFileSync(path.join(scratch, 'esm', 'node_modules', '@enrich', 'client', 'dist/browser.mjs'), 'utf8');
    expect(bundle).not.toMatch(/from\s*["'](node:|fs|net|http|crypto)|require\(/);
    expect(bundle).not.toMatch(/new Function|\beval\(/);
    expect(bundle).not.toMatch(/^import /m); // self-contained
    expect(gzipSync(bundle).length).toBeLessThan(BROWSER_BUDGET_BYTES);
  });

  it('is the same size as the README says (within 1 KiB)', () => {
    const bundle = readFileSync(path.join(CLIENT, 'dist/browser.mjs'));
    const readme = readFileSync(path.resolve(CLIENT, '..', 'README.md'), 'utf8');
    const stated = /browser bundle[\s\S]{0,80}?, ([\d.]+) KiB gzipped/.exec(readme);
    expect(stated).not.toBeNull();
    expect(Math.abs(Number(stated![1]) * 1024 - gzipSync(bundle).length)).toBeLessThan(1024);
  });
});

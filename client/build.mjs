// Builds the publishable client (also `npm pack`'s prepack):
//   dist/index.mjs    ESM, runtime libraries (openapi-fetch, cockatiel) left as dependencies
//   dist/index.cjs    the same as CommonJS, for `require`
//   dist/browser.mjs  one self-contained, minified ESM file for pages without a bundler (CSP `script-src 'self'`)
//   dist/types/       declarations (tsc)
// The spec's personas and precompiled validators are inlined: nothing compiles code at run time.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const common = { entryPoints: [`${here}src/index.ts`], bundle: true, target: 'es2022', logLevel: 'warning', legalComments: 'none' };
const external = ['openapi-fetch', 'cockatiel'];
function browserBundle(outfile) {
  return { ...common, outfile, format: 'esm', platform: 'browser', minify: true };
}
// `--browser-only <dir>`: just the browser bundle, into <dir> (the browser test builds its own copy).
const browserOnly = process.argv.indexOf('--browser-only');
if (browserOnly !== -1) {
  await build(browserBundle(`${process.argv[browserOnly + 1]}/browser.mjs`));
  process.exit(0);
}
rmSync(`${here}dist`, { recursive: true, force: true });
await Promise.all([
  build({ ...common, outfile: `${here}dist/index.mjs`, format: 'esm', platform: 'neutral', external }),
  build({ ...common, outfile: `${here}dist/index.cjs`, format: 'cjs', platform: 'node', external }),
  build(browserBundle(`${here}dist/browser.mjs`)),
]);
execFileSync(process.execPath, [`${here}../node_modules/typescript/bin/tsc`, '-p', `${here}tsconfig.build.json`], { stdio: 'inherit' });
console.log('built client/dist (ESM, CommonJS, browser bundle, types)');

// Builds the publishable client: one ESM file (esbuild; the spec's personas, schema and the common
// mailbox list inlined, runtime libraries left as dependencies) plus declarations (tsc).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}src/index.ts`],
  outfile: `${here}dist/index.mjs`,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: ['openapi-fetch', 'cockatiel', 'ajv', 'ajv-formats'],
  logLevel: 'warning',
});
execFileSync(process.execPath, [`${here}../node_modules/typescript/bin/tsc`, '-p', `${here}tsconfig.build.json`], { stdio: 'inherit' });
console.log('built client/dist (ESM + types)');

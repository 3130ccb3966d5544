// npm run build: compiles the server, the CLI, the gateway and what they import into dist/ (CommonJS,
// one file per source file, the tree kept: dist/server/src/main.js, dist/client/gateway/main.js).
// esbuild only transpiles; `npm run lint:ts` (tsc) is the type check. Non-code files (the spec, the
// docs page, the sample data) are read from the project directory, found from PROJECT_ROOT.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildStudio } from '../client/studio/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Every runtime source directory (common/ too once client and server share one); tests are not built.
const SOURCES = ['server/src', 'client/src', 'client/gateway', 'common', 'openapi/generated'].filter((dir) => existsSync(path.join(root, dir)));

function filesEndingWith(dir, ending) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesEndingWith(file, ending);
    return entry.name.endsWith(ending) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}
const typescriptFiles = (dir) => filesEndingWith(dir, '.ts');

const started = Date.now();
const entryPoints = SOURCES.flatMap(typescriptFiles);
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  outbase: '.',
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// Data the code requires beside itself (the generated fingerprints), copied into the same place in dist/.
for (const file of SOURCES.flatMap((dir) => filesEndingWith(dir, '.json'))) {
  mkdirSync(path.dirname(path.join(root, 'dist', file)), { recursive: true });
  copyFileSync(path.join(root, file), path.join(root, 'dist', file));
}
// The Studio page the gateway serves at / (bundled for the browser, not for Node): dist/studio/.
const studio = await buildStudio(path.join(root, 'dist/studio'));
// Marks a complete build; bin/enrich.js compares it with the sources' modification times.
writeFileSync(path.join(root, 'dist/BUILD'), `${new Date().toISOString()} ${entryPoints.length} files\n`);
console.log(`built dist/ (${entryPoints.length} files and the Studio, studio.js ${(studio.gzipBytes / 1024).toFixed(1)} KiB gzipped, ${Date.now() - started} ms)`);

// Builds the Studio page into a directory the gateway serves (dist/studio by default):
//   index.html, studio.css  copied as they are (no inline script or style: the CSP allows none)
//   studio.js               client/studio/main.ts and what it imports (the typed client included), one minified ESM file
// `node client/studio/build.mjs [outdir]`; npm run build calls it. Prints the script's gzipped size.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(here, '../../dist/studio'));

/** Builds the Studio into `outdir`; resolves to the script's size in bytes, raw and gzipped. */
export async function buildStudio(dir) {
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    outfile: path.join(dir, 'studio.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'studio.css']) copyFileSync(path.join(here, file), path.join(dir, file));
  const script = readFileSync(path.join(dir, 'studio.js'));
  return { bytes: script.length, gzipBytes: gzipSync(script).length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { bytes, gzipBytes } = await buildStudio(outdir);
  console.log(`built the Studio into ${path.relative(process.cwd(), outdir) || '.'} (studio.js ${(bytes / 1024).toFixed(1)} KiB, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped)`);
}

#!/usr/bin/env node
// The `enrich` command (npx enrich ...). Runs the compiled CLI (dist/, `npm run build`). In a
// development checkout whose TypeScript is newer than the build (or with no build yet), it runs the
// sources through tsx instead, so a stale dist/ never answers for edited code.
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'dist/server/src/cli/main.js');
const stamp = path.join(root, 'dist/BUILD');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

function tsxAvailable() {
  try {
    require.resolve('tsx/cjs');
    return true;
  } catch {
    return false;
  }
}

const built = existsSync(stamp) && existsSync(compiled);
const sources = path.join(root, 'server/src');
const stale = built && existsSync(sources) && tsxAvailable() && newestSource(sources) > statSync(stamp).mtimeMs;
if (built && !stale) {
  require(compiled);
} else if (tsxAvailable()) {
  require('tsx/cjs');
  require('../server/src/cli/main.ts');
} else {
  process.stderr.write('enrich: no compiled build in dist/; run `npm run build` first\n');
  process.exit(1);
}

import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project directory (the one holding package.json, openapi/, data/ and server/static/). Found by
 * walking up, so it is the same whether this file runs as server/src/paths.ts (tsx, jest) or as
 * dist/server/src/paths.js (the compiled build): files the server reads are never copied into dist/.
 */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'openapi/enrich.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`enrich: no project directory (package.json beside openapi/enrich.yaml) above ${start}`);
  }
}

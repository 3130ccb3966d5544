#!/usr/bin/env node
// Generates openapi/generated/enrich.ts from openapi/enrich.yaml with openapi-typescript.
// `--check` compares instead of writing and fails, naming `make generate`, on any drift.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = new URL('../', import.meta.url);
const spec = new URL('openapi/enrich.yaml', root);
const target = new URL('openapi/generated/enrich.ts', root);

const banner = `/**
 * DO NOT EDIT. Generated from openapi/enrich.yaml by openapi-typescript.
 * Change the spec, then run \`make generate\` (npm run generate) and commit both.
 */

`;

const ast = await openapiTS(spec, { alphabetize: false, exportType: false });
const generated = banner + astToString(ast);

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error(
      `openapi/generated/enrich.ts is out of date with openapi/enrich.yaml.\n` +
        `Run \`make generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log('openapi/generated/enrich.ts matches openapi/enrich.yaml');
} else {
  await writeFile(target, generated);
  console.log(`wrote ${fileURLToPath(target)}`);
}

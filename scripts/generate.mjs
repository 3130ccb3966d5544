#!/usr/bin/env node
// Generates from openapi/enrich.yaml:
//   openapi/generated/enrich.ts     types (openapi-typescript)
//   openapi/generated/contract.ts   the request schema (for the client's local validation) and the
//                                   mock personas (the 200 examples), as data
// `--check` compares instead of writing and fails, naming `make generate`, on any drift.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const spec = new URL('openapi/enrich.yaml', root);
const target = new URL('openapi/generated/enrich.ts', root);
const contractTarget = new URL('openapi/generated/contract.ts', root);

const banner = `/**
 * DO NOT EDIT. Generated from openapi/enrich.yaml by scripts/generate.mjs (openapi-typescript for the types).
 * Change the spec, then run \`make generate\` (npm run generate) and commit both.
 */

`;

const ast = await openapiTS(spec, { alphabetize: false, exportType: false });
const generated = banner + astToString(ast);

/** Inlines local $refs and drops documentation-only keywords, giving a plain JSON Schema for Ajv. */
function toJsonSchema(node, document) {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, document));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const target = node.$ref.replace(/^#\//, '').split('/').reduce((at, part) => at[part], document);
    return toJsonSchema(target, document);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (['example', 'examples', 'description', 'title'].includes(key)) continue;
    out[key] = toJsonSchema(value, document);
  }
  return out;
}

const document = parse(await readFile(spec, 'utf8'));
const requestSchema = toJsonSchema(document.components.schemas.EnrichRequest, document);
const personas = Object.fromEntries(
  Object.entries(document.paths['/enrich'].post.responses['200'].content['application/json'].examples).map(([name, example]) => [name, example.value]),
);
const contract = `${banner}import type { components } from './enrich';

/** The JSON Schema of POST /enrich's body, $refs inlined: the client validates with it before any call. */
export const enrichRequestSchema: Record<string, unknown> = ${JSON.stringify(requestSchema, null, 2)};

/** The mock personas: the named examples of POST /enrich's 200 response, in the spec's order. */
export const personas: Record<string, components['schemas']['EnrichResponse']> = ${JSON.stringify(personas, null, 2)};
`;

const outputs = [
  [target, generated],
  [contractTarget, contract],
];
if (process.argv.includes('--check')) {
  let stale = false;
  for (const [file, text] of outputs) {
    const committed = await readFile(file, 'utf8').catch(() => '');
    if (committed !== text) {
      stale = true;
      console.error(`${fileURLToPath(file)} is out of date with openapi/enrich.yaml.`);
    }
  }
  if (stale) {
    console.error('Run `make generate` and commit the result.');
    process.exit(1);
  }
  console.log('openapi/generated/ matches openapi/enrich.yaml');
} else {
  for (const [file, text] of outputs) {
    await writeFile(file, text);
    console.log(`wrote ${fileURLToPath(file)}`);
  }
}

#!/usr/bin/env node
// Generates from openapi/enrich.yaml:
//   openapi/generated/enrich.ts     types (openapi-typescript)
//   openapi/generated/contract.ts   names, the account-id pattern, the request schema and the mock
//                                   personas (the 200 examples), as data
//   openapi/generated/validators.ts Ajv standalone validators of the request and the 200 body: plain
//                                   functions, so nothing compiles code (eval/new Function) at run time
// `--check` compares instead of writing and fails, naming `make generate`, on any drift.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const spec = new URL('openapi/enrich.yaml', root);
const target = new URL('openapi/generated/enrich.ts', root);
const contractTarget = new URL('openapi/generated/contract.ts', root);
const validatorsTarget = new URL('openapi/generated/validators.ts', root);

const banner = `/**
 * DO NOT EDIT. Generated from openapi/enrich.yaml by scripts/generate.mjs (openapi-typescript for the types).
 * Change the spec, then run \`make generate\` (npm run generate) and commit both.
 */

`;

const ast = await openapiTS(spec, { alphabetize: false, exportType: false });
const generated = banner + astToString(ast);

/** Inlines local $refs and drops documentation-only keywords, giving a plain JSON Schema for Ajv. */
function toJsonSchema(node, document, isPropertyMap = false) {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, document));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const target = node.$ref.replace(/^#\//, '').split('/').reduce((at, part) => at[part], document);
    return toJsonSchema(target, document);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // In a `properties` map the keys are field names (`title` is one), not keywords.
    if (!isPropertyMap && ['example', 'examples', 'description', 'title'].includes(key)) continue;
    out[key] = toJsonSchema(value, document, !isPropertyMap && key === 'properties');
  }
  return out;
}

const document = parse(await readFile(spec, 'utf8'));
const requestSchema = toJsonSchema(document.components.schemas.EnrichRequest, document);
const responseSchema = toJsonSchema(document.components.schemas.EnrichResponse, document);

// Formats as regular expressions, so the standalone code inlines them and imports nothing.
const formats = {
  email: fullFormats.email,
  // RFC 3339 date-time, as the API writes `fetched_at`.
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
};
/** Standalone code for one schema; all errors for requests (one pointer per problem), the first for answers. */
function standalone(name, schema, allErrors) {
  const ajv = new Ajv({ allErrors, strict: false, logger: false, code: { source: true, esm: true }, formats });
  ajv.addSchema(schema, name);
  return standaloneCode(ajv, { [`validate${name}`]: name })
    .replace(/^"use strict";/, '')
    // The one runtime helper Ajv would `require` (string length in code points), inlined.
    .replace(/const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/, 'const $1 = (text) => [...text].length;')
    .replace(/validate(\d+)/g, `validate${name}_$1`)
    .replace(/\b(schema|pattern|formats|func)(\d+)\b/g, `$1_${name}_$2`);
}
const validators = `// @ts-nocheck -- Ajv standalone output, typed by common/validators.ts
${banner.replace('(openapi-typescript for the types)', '(Ajv standalone code)')}${standalone('EnrichRequest', requestSchema, true)}
${standalone('EnrichResponse', responseSchema, false)}
`;
const personas = Object.fromEntries(
  Object.entries(document.paths['/enrich'].post.responses['200'].content['application/json'].examples).map(([name, example]) => [name, example.value]),
);
const accountId = document.components.parameters.AccountId.schema;
const contract = `${banner}import type { components } from './enrich';

/** The 19 field names, in the contract's order (FieldName). */
export const FIELD_NAMES = ${JSON.stringify(document.components.schemas.FieldName.enum)} as const satisfies readonly components['schemas']['FieldName'][];

/** The identifiers a request can carry and a match can be made on (Match.matched_on). */
export const IDENTIFIER_NAMES = ${JSON.stringify(document.components.schemas.Match.properties.matched_on.items.enum)} as const satisfies readonly components['schemas']['Match']['matched_on'][number][];

/** X-Account-ID: pattern and length. */
export const ACCOUNT_ID = { pattern: ${JSON.stringify(accountId.pattern)}, minLength: ${accountId.minLength}, maxLength: ${accountId.maxLength} } as const;

/** The JSON Schema of POST /enrich's body, $refs inlined (tests compare other rules with it; the client uses validators.ts). */
export const enrichRequestSchema: Record<string, unknown> = ${JSON.stringify(requestSchema, null, 2)};

/** The mock personas: the named examples of POST /enrich's 200 response, in the spec's order. */
export const personas: Record<string, components['schemas']['EnrichResponse']> = ${JSON.stringify(personas, null, 2)};
`;

const outputs = [
  [target, generated],
  [contractTarget, contract],
  [validatorsTarget, validators],
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

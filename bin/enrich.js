#!/usr/bin/env node
// The `enrich` command (npx enrich ...): runs the TypeScript CLI through tsx.
require('tsx/cjs');
require('../server/src/cli/main.ts');

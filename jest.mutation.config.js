/**
 * The enrichment core's unit tests, for `make mutation` (stryker.config.json): fast, in-process, no
 * database or network, so every mutant runs them in seconds.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: [
    // engine.test.ts, engine.edges.test.ts, identifiers.test.ts, identifiers.edges.test.ts, ...
    '<rootDir>/server/test/@(engine|identifiers|derived|titles|names|confidence)?(.edges).test.ts',
  ],
};

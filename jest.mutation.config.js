/**
 * The enrichment core's unit tests, for `make mutation` (stryker.config.json): fast, in-process, no
 * database or network, so every mutant runs them in seconds.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/server/test/engine.test.ts',
    '<rootDir>/server/test/identifiers.test.ts',
    '<rootDir>/server/test/derived.test.ts',
    '<rootDir>/server/test/titles.test.ts',
    '<rootDir>/server/test/names.test.ts',
    '<rootDir>/server/test/confidence.test.ts',
  ],
};

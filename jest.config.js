/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/server/test/**/*.test.ts', '<rootDir>/mocks/test/**/*.test.ts', '<rootDir>/client/test/**/*.test.ts'],
  testTimeout: 20000,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

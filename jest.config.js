/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // htmlparser2 and its family ship ES modules only; Node 20's jest runtime needs them as CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(htmlparser2|domhandler|domelementtype|domutils|dom-serializer|entities)/)'],
  testMatch: ['<rootDir>/server/test/**/*.test.ts', '<rootDir>/mocks/test/**/*.test.ts', '<rootDir>/client/test/**/*.test.ts'],
  testTimeout: 20000,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

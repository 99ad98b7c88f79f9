// End-to-end tests of the console: the built product (API serving the built console) on a real
// PostgreSQL, driven in Debian's headless Chromium by playwright-core. One file at a time.
const path = require('node:path');

module.exports = {
  ...require('../../../jest.preset.js'),
  rootDir: path.join(__dirname),
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testEnvironment: '<rootDir>/support/environment.cjs',
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};

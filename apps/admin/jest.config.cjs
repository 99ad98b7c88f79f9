// Unit tests of the console's pure helpers (plain .ts, no DOM), through the workspace preset.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Files of libs/shared imported one by one (see vite.config.ts).
  moduleNameMapper: { ...preset.moduleNameMapper, '^@conduit/shared/(.*)$': '<rootDir>/../../libs/shared/src/$1' },
};

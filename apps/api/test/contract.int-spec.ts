import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { BreakingChangeType, buildSchema, findBreakingChanges, isObjectType, type BreakingChange, type GraphQLSchema } from 'graphql';
import { printConduitSchema, SCHEMA_FILE } from '../src/graphql/print-schema';
import { buildConduitSchema } from '../src/graphql/schema';

/** The shared contract lives beside the repository: <repo>/../shared/contract/schema.graphql. */
const CONTRACT_PATH = path.resolve(__dirname, '../../../../shared/contract/schema.graphql');

/**
 * Parts of the contract that a later issue implements (none left: flows landed). Only
 * these may be missing from our schema. When one of them lands, the test below fails until it is
 * removed from this list, so the list only ever shrinks.
 */
const PENDING_TYPES: string[] = [];

/** Fields (`Type.field`) of implemented types that point at pending features. */
const PENDING_FIELDS: string[] = [];

function fieldExists(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName);
  return isObjectType(type) && fieldName in type.getFields();
}

/** A removal that the PENDING lists allow; every other breaking change is a contract violation. */
function isPending(change: BreakingChange): boolean {
  if (change.type === BreakingChangeType.TYPE_REMOVED) {
    return PENDING_TYPES.some((name) => change.description === `${name} was removed.`);
  }
  if (change.type === BreakingChangeType.FIELD_REMOVED) {
    return PENDING_FIELDS.some((coordinate) => change.description === `${coordinate} was removed.`);
  }
  return false;
}

describe('GraphQL contract (/work/shared/contract/schema.graphql)', () => {
  let contract: GraphQLSchema;
  let ours: GraphQLSchema;

  beforeAll(async () => {
    contract = buildSchema(fs.readFileSync(CONTRACT_PATH, 'utf8'));
    ours = await buildConduitSchema();
  });

  it('our schema breaks nothing in the contract except the parts listed as pending', () => {
    const unexpected = findBreakingChanges(contract, ours)
      .filter((change) => !isPending(change))
      .map((change) => `${change.type}: ${change.description}`);
    expect(unexpected).toEqual([]);
  });

  it('the pending list names only types and fields that exist in the contract', () => {
    expect(PENDING_TYPES.filter((name) => !contract.getType(name))).toEqual([]);
    expect(PENDING_FIELDS.filter((coordinate) => !fieldExists(contract, coordinate))).toEqual([]);
  });

  it('the pending list names nothing we already implement (remove entries as features land)', () => {
    expect(PENDING_TYPES.filter((name) => ours.getType(name) !== undefined)).toEqual([]);
    expect(PENDING_FIELDS.filter((coordinate) => fieldExists(ours, coordinate))).toEqual([]);
  });

  it('serves every root operation of the contract that is not pending', () => {
    // findBreakingChanges covers this too; listed here so a failure names the missing operations.
    const missing: string[] = [];
    for (const root of ['Query', 'Mutation', 'Subscription']) {
      const contractType = contract.getType(root);
      if (!isObjectType(contractType)) throw new Error(`The contract has no ${root} type`);
      for (const name of Object.keys(contractType.getFields())) {
        const coordinate = `${root}.${name}`;
        if (!PENDING_FIELDS.includes(coordinate) && !fieldExists(ours, coordinate)) missing.push(coordinate);
      }
    }
    expect(missing).toEqual([]);
  });

  it('apps/api/schema.graphql (read by the console codegen and by integrators) is the schema the resolvers build', async () => {
    // When this fails: `npx nx run @conduit/api:schema` rewrites the file; commit it.
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printConduitSchema());
  });
});

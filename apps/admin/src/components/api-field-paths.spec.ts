import { describe, expect, it } from '@jest/globals';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { GraphQLError } from 'graphql';
import { indexedFieldPaths } from './api-field-paths';

describe('indexedFieldPaths', () => {
  it('maps every field of an API error to its form path, moved as asked', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        new GraphQLError('bad template', { extensions: { field: 'inputs[1].value' } }),
        new GraphQLError('bad name', { extensions: { field: 'name' } }),
        new GraphQLError('no field'),
      ],
    });
    expect(indexedFieldPaths(error, (path) => path)).toEqual({ 'inputs[1].value': 'inputs.1.value', name: 'name' });
    expect(indexedFieldPaths(error, (path) => path.replace('inputs.1', 'inputs.3'))).toEqual({ 'inputs[1].value': 'inputs.3.value', name: 'name' });
  });
});

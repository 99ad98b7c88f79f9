import { describe, expect, it } from '@jest/globals';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { GraphQLError } from 'graphql';
import { applyIntegrationApiError, formPathOf } from './field-errors';

describe('formPathOf', () => {
  it('turns bracketed list indexes into form paths', () => {
    expect(formPathOf('authFields[0].identifier')).toBe('authFields.0.identifier');
    expect(formPathOf('request.headers[12].value')).toBe('request.headers.12.value');
  });

  it('renames a prefix the form keeps under another name, whole segments only', () => {
    expect(formPathOf('testRequest.query[1].key', { testRequest: 'request' })).toBe('request.query.1.key');
    expect(formPathOf('testRequestX', { testRequest: 'request' })).toBe('testRequestX');
  });
});

describe('applyIntegrationApiError', () => {
  it("puts the API's identifier rule next to the auth field it is about", () => {
    const errors: Record<string, string> = {};
    const form = { values: { authFields: [{ identifier: 'API-Key' }] }, getInputProps: () => ({}), setFieldError: (path: string, message: string) => (errors[path] = message) };
    const error = new CombinedGraphQLErrors({
      errors: [new GraphQLError('Auth field identifier "API-Key" is not valid: use lowercase letters…', { extensions: { field: 'authFields[0].identifier' } })],
    });
    expect(applyIntegrationApiError(form, error)).toBeNull();
    expect(errors).toEqual({ 'authFields.0.identifier': 'Auth field identifier "API-Key" is not valid: use lowercase letters…' });
  });
});

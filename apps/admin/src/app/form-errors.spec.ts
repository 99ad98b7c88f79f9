import { describe, expect, it } from '@jest/globals';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { GraphQLError } from 'graphql';
import { applyApiError } from './form-errors';

function formWith(values: object) {
  const errors: Record<string, string> = {};
  return { errors, form: { values, getInputProps: () => ({}), setFieldError: (path: string, message: string) => (errors[path] = message) } };
}

function apiError(...errors: GraphQLError[]) {
  return new CombinedGraphQLErrors({ errors });
}

describe('applyApiError', () => {
  it('puts a message about a field the form has next to that field', () => {
    const { form, errors } = formWith({ url: '', events: [] });
    const rest = applyApiError(form, apiError(new GraphQLError('The URL is not valid.', { extensions: { code: 'BAD_USER_INPUT', field: 'url' } })));
    expect(errors).toEqual({ url: 'The URL is not valid.' });
    expect(rest).toBeNull();
  });

  it('maps API field names to form paths, and returns what has no field', () => {
    const { form, errors } = formWith({ retry: { timeoutMs: 1 } });
    const rest = applyApiError(
      form,
      apiError(
        new GraphQLError('Too long.', { extensions: { field: 'retryPolicy.timeoutMs' } }),
        new GraphQLError('Unknown field.', { extensions: { field: 'nope' } }),
        new GraphQLError('Not allowed.', { extensions: { code: 'FORBIDDEN' } }),
      ),
      { 'retryPolicy.timeoutMs': 'retry.timeoutMs' },
    );
    expect(errors).toEqual({ 'retry.timeoutMs': 'Too long.' });
    expect(rest).toBe('Not allowed. Unknown field.');
  });

  it('turns the API\'s bracketed list paths into form paths', () => {
    const { form, errors } = formWith({ authFields: [{ identifier: '' }, { identifier: 'API key' }] });
    expect(applyApiError(form, apiError(new GraphQLError('Use a-z, 0-9 and _.', { extensions: { field: 'authFields[1].identifier' } })))).toBeNull();
    expect(errors).toEqual({ 'authFields.1.identifier': 'Use a-z, 0-9 and _.' });
  });

  it('returns the message of a network error', () => {
    const { form } = formWith({});
    expect(applyApiError(form, new TypeError('Failed to fetch'))).toMatch(/Cannot reach the Conduit API/);
  });
});

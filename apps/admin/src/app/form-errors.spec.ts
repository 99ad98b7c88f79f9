import { describe, expect, it } from '@jest/globals';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { GraphQLError } from 'graphql';
import { applyApiError, formPath } from './form-errors';

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

  it("puts the API's identifier rule next to the auth field it is about", () => {
    const { form, errors } = formWith({ authFields: [{ identifier: 'API-Key' }] });
    const error = apiError(new GraphQLError('Auth field identifier "API-Key" is not valid: use lowercase letters…', { extensions: { field: 'authFields[0].identifier' } }));
    expect(applyApiError(form, error)).toBeNull();
    expect(errors).toEqual({ 'authFields.0.identifier': 'Auth field identifier "API-Key" is not valid: use lowercase letters…' });
  });

  it('moves list rows with a function of the dotted path (blank rows are not sent)', () => {
    const { form, errors } = formWith({ name: '', inputs: [{ value: '' }, { value: '' }, { value: '' }, { value: '' }] });
    const error = apiError(
      new GraphQLError('bad template', { extensions: { field: 'inputs[1].value' } }),
      new GraphQLError('bad name', { extensions: { field: 'name' } }),
      new GraphQLError('no field'),
    );
    expect(applyApiError(form, error, (path) => path.replace('inputs.1', 'inputs.3'))).toBe('no field');
    expect(errors).toEqual({ 'inputs.3.value': 'bad template', name: 'bad name' });
  });

  it('returns the message of a network error', () => {
    const { form } = formWith({});
    expect(applyApiError(form, new TypeError('Failed to fetch'))).toMatch(/Cannot reach the Conduit API/);
  });
});

describe('formPath', () => {
  it('turns bracketed list indexes into form paths', () => {
    expect(formPath('authFields[0].identifier')).toBe('authFields.0.identifier');
    expect(formPath('request.headers[12].value')).toBe('request.headers.12.value');
  });

  it('renames a prefix the form keeps under another name, whole segments only, the longest first', () => {
    expect(formPath('testRequest.query[1].key', { testRequest: 'request' })).toBe('request.query.1.key');
    expect(formPath('testRequestX', { testRequest: 'request' })).toBe('testRequestX');
    expect(formPath('retryPolicy.timeoutMs', { retryPolicy: 'retry', 'retryPolicy.timeoutMs': 'timeoutMs' })).toBe('timeoutMs');
    expect(formPath('retryPolicy.schedule', { retryPolicy: 'retry', 'retryPolicy.timeoutMs': 'timeoutMs' })).toBe('retry.schedule');
  });

  it('maps every field through a function of its dotted path', () => {
    expect(formPath('inputs[1].value', (path) => path)).toBe('inputs.1.value');
    expect(formPath('name', (path) => path)).toBe('name');
    expect(formPath('inputs[1].value', (path) => path.replace('inputs.1', 'inputs.3'))).toBe('inputs.3.value');
  });
});

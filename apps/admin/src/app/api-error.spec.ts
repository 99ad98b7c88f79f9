import { describe, expect, it } from '@jest/globals';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { apiErrorMessage, isUnauthenticated } from './api-error';

function graphQLErrors(...errors: Array<{ message: string; code?: string }>): CombinedGraphQLErrors {
  return new CombinedGraphQLErrors({
    errors: errors.map(({ message, code }) => ({ message, extensions: code ? { code } : undefined })),
  });
}

function serverError(status: number, bodyText: string): ServerError {
  return new ServerError(`Response not successful: Received status code ${status}`, {
    response: new Response(bodyText, { status }),
    bodyText,
  });
}

describe('apiErrorMessage', () => {
  it("shows the API's own messages", () => {
    expect(apiErrorMessage(graphQLErrors({ message: 'Wrong email or password.', code: 'UNAUTHENTICATED' }))).toBe(
      'Wrong email or password.',
    );
  });

  it('reads the messages from a GraphQL body sent with an error status', () => {
    expect(apiErrorMessage(serverError(400, '{"errors":[{"message":"email must be an email address."}]}'))).toBe(
      'email must be an email address.',
    );
  });

  it('falls back to the status when the body says nothing useful', () => {
    expect(apiErrorMessage(serverError(502, '<html>Bad gateway</html>'))).toBe('The API answered with HTTP 502.');
  });

  it('explains a network failure', () => {
    expect(apiErrorMessage(new TypeError('Failed to fetch'))).toMatch(/Cannot reach the Conduit API/);
  });
});

describe('isUnauthenticated', () => {
  it('recognises an UNAUTHENTICATED error and nothing else', () => {
    expect(isUnauthenticated(graphQLErrors({ message: 'Sign in again.', code: 'UNAUTHENTICATED' }))).toBe(true);
    expect(isUnauthenticated(graphQLErrors({ message: 'No.', code: 'FORBIDDEN' }))).toBe(false);
    expect(isUnauthenticated(new Error('x'))).toBe(false);
  });
});

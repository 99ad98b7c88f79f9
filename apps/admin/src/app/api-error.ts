import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/**
 * The message to show a person for an error from an API call: the API's own messages (they are
 * written to be acted on), else what went wrong on the way to it.
 */
export function apiErrorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((graphQLError) => graphQLError.message).join(' ');
  }
  if (ServerError.is(error)) {
    return messagesInBody(error.bodyText) ?? `The API answered with HTTP ${error.statusCode}.`;
  }
  if (error instanceof TypeError) {
    return 'Cannot reach the Conduit API. Check that it is running and try again.';
  }
  return error instanceof Error && error.message ? error.message : 'Something went wrong.';
}

/** Whether the API refused the call because the session is missing or expired. */
export function isUnauthenticated(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((graphQLError) => graphQLError.extensions?.code === 'UNAUTHENTICATED');
}

// A GraphQL server may answer a refused request with a non-2xx status and a GraphQL body.
function messagesInBody(bodyText: string): string | undefined {
  try {
    const body: unknown = JSON.parse(bodyText);
    if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return undefined;
    const messages = body.errors
      .map((entry: unknown) => (typeof entry === 'object' && entry !== null && 'message' in entry ? String(entry.message) : ''))
      .filter((message: string) => message !== '');
    return messages.length > 0 ? messages.join(' ') : undefined;
  } catch {
    return undefined; // not JSON: the status says more
  }
}

/** One field-level message from the API (`extensions.field`, e.g. "url" or "inputs.2.key"). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Splits an API error into messages about named fields (shown next to the field) and the rest
 * (shown above the form).
 */
export function splitApiError(error: unknown): { fields: FieldError[]; message: string | null } {
  if (!CombinedGraphQLErrors.is(error)) return { fields: [], message: apiErrorMessage(error) };
  const fields: FieldError[] = [];
  const rest: string[] = [];
  for (const graphQLError of error.errors) {
    const field = graphQLError.extensions?.field;
    if (typeof field === 'string' && field !== '') fields.push({ field, message: graphQLError.message });
    else rest.push(graphQLError.message);
  }
  return { fields, message: rest.length > 0 ? rest.join(' ') : null };
}

import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ConduitError, type ErrorCode } from '@conduit/shared';
import type { Logger } from 'pino';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database/availability';
import { currentRequestId } from '../logger';

/** The codes the contract promises in `extensions.code`. */
const CONTRACT_CODES: ReadonlySet<string> = new Set<ErrorCode>(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'INTERNAL']);

const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

/** Maps any error to a GraphQL error whose `extensions.code` is one of the contract's codes. */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof ConduitError) {
    return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
  }
  return new GraphQLError('Internal error: the server could not complete this request. It has been logged.', {
    extensions: { code: 'INTERNAL' },
  });
}

/** Apollo `formatError`: the one boundary where domain errors become `extensions.code`. */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ConduitError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) {
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT', reason: code } };
    }
    if (original instanceof GraphQLError && !original.originalError && typeof code === 'string' && CONTRACT_CODES.has(code)) {
      // Raised on purpose with a contract code outside a resolver, e.g. UNAUTHENTICATED for a bad token while building the context.
      return { ...formatted, extensions: { code } };
    }
    if (original instanceof GraphQLError && !original.originalError) {
      // Errors raised by graphql-js itself (variables, coercion) are caller errors.
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable during a GraphQL operation');
      return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL', retryable: true } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    // The request id lets an operator find the logged error from what the caller saw.
    const requestId = currentRequestId();
    return {
      message: `Internal error: the server could not complete this request. It has been logged${requestId ? ` with request id ${requestId}` : ''}.`,
      path: formatted.path,
      extensions: requestId ? { code: 'INTERNAL', requestId } : { code: 'INTERNAL' },
    };
  };
}

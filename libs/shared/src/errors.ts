/** Error codes that reach API clients as GraphQL `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/**
 * The one error type the product throws for anything a caller did wrong or may retry.
 * `details` carries machine-readable context (e.g. the offending field, close matches) and is
 * copied into `extensions` by the API; it must never hold a secret.
 */
export class ConduitError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ConduitError';
    this.code = code;
    this.details = details;
  }

  /** Read by graphql-js when it wraps this error, so the code survives on every transport. */
  get extensions(): Record<string, unknown> {
    return { code: this.code, ...this.details };
  }
}

/** Shorthand for a BAD_USER_INPUT error about one field. */
export function badInput(message: string, field?: string, extra?: Record<string, unknown>): ConduitError {
  return new ConduitError('BAD_USER_INPUT', message, field ? { field, ...extra } : extra);
}

/** Runs `fn` and returns the ConduitError it throws; fails when it throws nothing or something else. */
export function catchConduitError(fn: () => unknown): ConduitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConduitError) return error;
    throw error;
  }
  throw new Error('expected a ConduitError');
}

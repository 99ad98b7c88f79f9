/** What callers are told when PostgreSQL cannot be reached: nothing was stored, and a retry will do. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable right now, so nothing was stored or changed. Retry in a few seconds.';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart,
// starting up), and 53300 (too many connections).
const SQLSTATE = /^(08\d{3}|57P0[1-4]|53300)$/;
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

/**
 * True when an error (or anything it wraps: TypeORM's driverError, a cause, a GraphQL
 * originalError) says that PostgreSQL could not be reached or is restarting, rather than that
 * the request was wrong or the code is broken.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const queue: unknown[] = [error];
  for (let i = 0; i < queue.length && i < 10; i++) {
    const current = queue[i];
    if (typeof current !== 'object' || current === null) continue;
    const { code, message, driverError, cause, originalError } = current as Record<string, unknown>;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => message.includes(m))) return true;
    queue.push(driverError, cause, originalError);
  }
  return false;
}

import type { AttemptOutcome } from '@conduit/shared';

/** Raised inside the connection's DNS lookup when every address of a host is refused by the policy. */
export class TargetBlockedError extends Error {
  readonly code = 'CONDUIT_TARGET_BLOCKED';

  constructor(message: string) {
    super(message);
    this.name = 'TargetBlockedError';
  }
}

/** Raised when the attempt's deadline passes (connect, headers and body together). */
export class AttemptTimeoutError extends Error {
  readonly code = 'CONDUIT_ATTEMPT_TIMEOUT';

  constructor(timeoutMs: number) {
    super(`No complete response within ${timeoutMs} ms (connect, headers and body together).`);
    this.name = 'AttemptTimeoutError';
  }
}

/** How a failed exchange is recorded: its outcome and an error text a person can act on. */
export interface NetworkFailure {
  outcome: AttemptOutcome;
  error: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'CONDUIT_ATTEMPT_TIMEOUT']);
const INVALID_RESPONSE_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_EXCEEDED_MAX_SIZE', 'UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_INFO']);
const NOT_SENT_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

/** Every error in the chain: the error, its causes, and the members of an AggregateError (happy eyeballs). */
function chain(error: unknown): ErrorLike[] {
  const found: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && found.length < 10) {
    const current = asErrorLike(queue.shift());
    if (!current) continue;
    found.push(current);
    if (current.cause !== undefined) queue.push(current.cause);
    if (Array.isArray(current.errors)) queue.push(...(current.errors as unknown[]));
  }
  return found;
}

function messageOf(error: ErrorLike): string {
  const text = typeof error.message === 'string' && error.message.length > 0 ? error.message : String(error.name ?? 'unknown error');
  return typeof error.code === 'string' && !text.includes(error.code) ? `${text} (${error.code})` : text;
}

/** Classifies an error raised while sending (connect, TLS, parser, reset, …) into an attempt outcome. */
export function describeNetworkError(error: unknown, host: string): NetworkFailure {
  const errors = chain(error);
  if (errors.length === 0) return { outcome: 'NETWORK_ERROR', error: `Request to ${host} failed: ${String(error)}` };
  for (const e of errors) {
    if (e instanceof TargetBlockedError) return { outcome: 'BLOCKED', error: e.message };
  }
  for (const e of errors) {
    const code = typeof e.code === 'string' ? e.code : '';
    const detail = messageOf(e);
    if (TIMEOUT_CODES.has(code)) return { outcome: 'TIMEOUT', error: `Timed out talking to ${host}: ${detail}` };
    if (e.name === 'HTTPParserError' || code.startsWith('HPE_') || INVALID_RESPONSE_CODES.has(code)) {
      return { outcome: 'INVALID_RESPONSE', error: `${host} sent an invalid HTTP response: ${detail}` };
    }
    if (NOT_SENT_CODES.has(code)) return { outcome: 'BLOCKED', error: `Request not sent, it is invalid: ${detail}` };
    if (DNS_CODES.has(code)) return { outcome: 'NETWORK_ERROR', error: `DNS lookup of ${host} failed: ${detail}` };
    if (code === 'ECONNREFUSED') return { outcome: 'NETWORK_ERROR', error: `Connection refused by ${host}: ${detail}` };
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
      return { outcome: 'NETWORK_ERROR', error: `Connection to ${host} was closed before a complete response: ${detail}` };
    }
  }
  return { outcome: 'NETWORK_ERROR', error: `Request to ${host} failed: ${messageOf(errors[0])}` };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import pino, { type Logger } from 'pino';

/** The HTTP request a piece of work belongs to; every log line written on its behalf carries its id. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** The current request's id, if the caller runs inside one. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Runs `serve` as the request with these headers: its id is the caller's `X-Request-Id` when it
 * is sane (a proxy's or the platform's id, so one id follows a call through every system) or a
 * new one, returned in the response header and carried by {@link requestContext}.
 */
export function inRequestContext(headers: IncomingHttpHeaders, res: ServerResponse, serve: () => void): void {
  const given = headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', requestId);
  requestContext.run({ requestId }, serve);
}

/** Express middleware: the rest of the request runs {@link inRequestContext}. */
export function requestIds() {
  return (req: Request, res: Response, next: NextFunction): void => inRequestContext(req.headers, res, next);
}

/** Error fields that carry the values bound to a failed SQL statement (password hashes, secrets, tokens). */
const QUERY_VALUE_FIELDS = ['parameters', 'params', 'values'];

/**
 * pino's error serializer, minus the bound values of failed queries: TypeORM's QueryFailedError
 * carries every parameter of the statement (a password hash, an encrypted secret, a token hash),
 * and a failed start or an INTERNAL error would otherwise log them.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  const strip = (value: unknown, depth: number): void => {
    if (depth > 3 || typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    for (const field of QUERY_VALUE_FIELDS) if (field in record) record[field] = '[not logged]';
    for (const nested of ['driverError', 'cause']) strip(record[nested], depth + 1);
  };
  strip(serialized, 0);
  return serialized;
}

/** Structured JSON logs. Credential-bearing fields are redacted wherever they appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'conduit', pid: process.pid },
    // Lines logged while serving a request carry its id (see requestIds()).
    mixin: () => requestContext.getStore() ?? {},
    serializers: { err: serializeError },
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'],
      censor: '••••',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

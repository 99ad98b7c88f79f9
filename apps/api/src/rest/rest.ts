import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ConduitError, ROLES, type ErrorCode } from '@conduit/shared';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database/availability';
import type { Services } from '../services';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/** `/healthz` (the process is alive), `/readyz` (its database answers) and `/metrics` (Prometheus). */
export function healthRouter(services: Services): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    if (services.lifecycle.stopping) {
      res.status(503).json({ status: 'stopping', error: 'This process is shutting down; use another replica.' });
      return;
    }
    try {
      await services.db.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', error: 'The database is not reachable.' });
    }
  });

  // Counts and health states only (no workspace names, ids or secrets): meant for the internal
  // network that Prometheus scrapes from, like /healthz.
  router.get('/metrics', async (_req, res) => {
    try {
      const { contentType, body } = await services.metrics.scrape();
      res.type(contentType).send(body);
    } catch (error) {
      services.logger.warn({ err: error }, 'could not collect metrics');
      res.status(503).type('text').send('Metrics are unavailable: the database is not reachable.\n');
    }
  });
  return router;
}

/** What `POST /v1/events` carries. */
export interface IngestBody {
  type?: unknown;
  payload?: unknown;
  idempotencyKey?: unknown;
}

/**
 * `POST /v1/events`: checks the API key (DEVELOPER or higher) and the body, then publishes.
 * `body` is the parsed JSON, or undefined when the request was not JSON. Throws ConduitError.
 */
export async function publishFromRest(
  services: Services,
  authorization: string | undefined,
  body: IngestBody | undefined,
): Promise<{ id: string; deliveries: number; duplicate: boolean }> {
  const token = bearerToken(authorization);
  if (!token) throw new ConduitError('UNAUTHENTICATED', 'Send an API key: "Authorization: Bearer cdk_…".');
  const principal = await services.auth.authenticate(token);
  if (!principal) throw new ConduitError('UNAUTHENTICATED', 'The API key is invalid or revoked.');
  if (ROLES.indexOf(principal.role) > ROLES.indexOf('DEVELOPER')) {
    throw new ConduitError('FORBIDDEN', `Publishing needs the DEVELOPER role or higher; this key is ${principal.role}.`);
  }
  if (!body || typeof body !== 'object' || typeof body.type !== 'string') {
    throw new ConduitError('BAD_USER_INPUT', 'The body must be JSON: {"type": "ticket.created", "payload": {…}, "idempotencyKey": "optional"}.', { field: 'type' });
  }
  if (body.idempotencyKey !== undefined && body.idempotencyKey !== null && typeof body.idempotencyKey !== 'string') {
    throw new ConduitError('BAD_USER_INPUT', 'idempotencyKey must be a string.', { field: 'idempotencyKey' });
  }
  const result = await services.events.publish(principal.workspaceId, {
    type: body.type,
    payload: body.payload,
    idempotencyKey: (body.idempotencyKey as string | null | undefined) ?? null,
  });
  return { id: result.event.id, deliveries: result.deliveries, duplicate: result.duplicate };
}

export interface RestErrorResponse {
  status: number;
  headers?: Record<string, string>;
  body: { error: { code: ErrorCode; message: string } & Record<string, unknown> };
}

/** An error of a REST or GraphQL-over-HTTP request → its HTTP status and `{error: {code, message}}`. */
export function restErrorResponse(services: Services, error: unknown, path: string): RestErrorResponse {
  if (error instanceof ConduitError) {
    return { status: HTTP_STATUS[error.code], body: { error: { code: error.code, message: error.message, ...error.details } } };
  }
  const status = (error as { status?: number }).status;
  if (status === 413) {
    const message = path.startsWith('/graphql')
      ? 'The request body is too large: GraphQL requests are limited to 1 MB. Send large data in several requests.'
      : 'The request body is too large: an event may carry 256 kB of payload at most.';
    return { status: 413, body: { error: { code: 'BAD_USER_INPUT', message } } };
  }
  if (status === 415) {
    return {
      status: 415,
      body: { error: { code: 'BAD_USER_INPUT', message: 'The body must be JSON in UTF-8, sent as is or with Content-Encoding gzip, deflate or br.' } },
    };
  }
  if (status === 400) {
    return { status: 400, body: { error: { code: 'BAD_USER_INPUT', message: 'The request body is not valid JSON.' } } };
  }
  if (isDatabaseUnavailable(error)) {
    // Not a bug: the caller should retry, and a load balancer may try another replica.
    services.logger.warn({ err: error }, 'database unavailable during a REST request');
    return { status: 503, headers: { 'retry-after': '2' }, body: { error: { code: 'INTERNAL', message: DATABASE_UNAVAILABLE_MESSAGE } } };
  }
  services.logger.error({ err: error }, 'unexpected error in a REST request');
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error; it has been logged.' } } };
}

/** Express error handler: {@link restErrorResponse}. */
export function restErrorHandler(services: Services) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, headers, body } = restErrorResponse(services, error, req.originalUrl);
    if (headers) res.set(headers);
    res.status(status).json(body);
  };
}

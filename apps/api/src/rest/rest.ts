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

/** REST ingestion (`POST /v1/events` with an API key) and the health endpoints. */
export function restRouter(services: Services): Router {
  const router = express.Router();
  router.use(healthRouter(services));

  router.post('/v1/events', express.json({ limit: '300kb' }), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = bearerToken(req.headers.authorization);
      if (!token) throw new ConduitError('UNAUTHENTICATED', 'Send an API key: "Authorization: Bearer cdk_…".');
      const principal = await services.auth.authenticate(token);
      if (!principal) throw new ConduitError('UNAUTHENTICATED', 'The API key is invalid or revoked.');
      if (ROLES.indexOf(principal.role) > ROLES.indexOf('DEVELOPER')) {
        throw new ConduitError('FORBIDDEN', `Publishing needs the DEVELOPER role or higher; this key is ${principal.role}.`);
      }
      const body = req.body as { type?: unknown; payload?: unknown; idempotencyKey?: unknown } | undefined;
      if (!body || typeof body.type !== 'string') {
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
      res.status(202).json({ id: result.event.id, deliveries: result.deliveries, duplicate: result.duplicate });
    } catch (error) {
      next(error);
    }
  });

  return router;
}

/** Express error handler: ConduitError → its HTTP status and `{error: {code, message}}`. */
export function restErrorHandler(services: Services) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ConduitError) {
      res.status(HTTP_STATUS[error.code]).json({ error: { code: error.code, message: error.message, ...error.details } });
      return;
    }
    const status = (error as { status?: number; type?: string }).status;
    if (status === 413) {
      const message = req.originalUrl.startsWith('/graphql')
        ? 'The request body is too large: GraphQL requests are limited to 1 MB. Send large data in several requests.'
        : 'The request body is too large: an event may carry 256 kB of payload at most.';
      res.status(413).json({ error: { code: 'BAD_USER_INPUT', message } });
      return;
    }
    if (status === 400) {
      res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: 'The request body is not valid JSON.' } });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      // Not a bug: the caller should retry, and a load balancer may try another replica.
      services.logger.warn({ err: error }, 'database unavailable during a REST request');
      res.status(503).set('retry-after', '2').json({ error: { code: 'INTERNAL', message: DATABASE_UNAVAILABLE_MESSAGE } });
      return;
    }
    services.logger.error({ err: error }, 'unexpected error in a REST request');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error; it has been logged.' } });
  };
}

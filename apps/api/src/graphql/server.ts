import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError, specifiedRules, validate, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { requestIds } from '../logger';
import type { Services } from '../services';
import { ingestHandler, isIngestRequest } from '../rest/ingest';
import { bearerToken, healthRouter, restErrorHandler } from '../rest/rest';
import type { GraphQLContext, Principal } from './context';
import { createFormatError } from './errors';
import { queryLimits } from './limits';
import { SharedSubscriptions } from './shared-subscriptions';

/** How often an open WebSocket's token is checked again. */
const WS_RECHECK_MS = 30_000;

type SocketState = {
  principal?: Principal;
  token?: string;
  recheck?: NodeJS.Timeout;
};

export interface HttpServerHandle {
  server: http.Server;
  close(): Promise<void>;
}

async function principalFor(services: Services, authorization: string | undefined): Promise<Principal | null> {
  const token = bearerToken(authorization);
  if (!token) return null;
  const principal = await services.auth.authenticate(token);
  if (!principal) {
    throw new GraphQLError('The bearer token is invalid, expired or revoked. Sign in again or use another API key.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return principal;
}

/** One HTTP server: GraphQL over HTTP and graphql-ws on /graphql, REST, health, and the console. */
export async function startHttpServer(
  services: Services,
  schema: GraphQLSchema,
  options: { port: number; host: string; withConsole: boolean; drainMs?: number },
): Promise<HttpServerHandle> {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer every caller would otherwise share its address (one throttle for all).
  app.set('trust proxy', services.config.trustProxy);
  app.use(requestIds());
  // POST /v1/events is answered without Express (rest/ingest.ts: ingestion is the hot path).
  const ingest = ingestHandler(services);
  const server = http.createServer((req, res) => (isIngestRequest(req) ? ingest(req, res) : app(req, res)));

  const formatError = createFormatError(services.logger);
  // The same error boundary as HTTP: contract codes, no internal messages.
  const formatResult = (result: ExecutionResult): FormattedExecutionResult => ({ ...result, errors: result.errors?.map((error) => formatError(error.toJSON(), error)) });
  const limits = queryLimits();
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  // 1,000 consoles watching one webhook's log cost one execution and one JSON.stringify per attempt, not 1,000.
  const shared = new SharedSubscriptions({
    maxBuffered: services.config.liveMaxBuffered,
    serialize: (result) => JSON.stringify(result.errors?.length ? formatResult(result) : result),
  });
  const wsServer = useServer<{ authorization?: string }, SocketState>(
    {
      schema,
      validate: (s, document) => validate(s, document, [...specifiedRules, limits]),
      subscribe: shared.subscribe,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization;
        const token = typeof raw === 'string' ? raw.replace(/^Bearer\s+/i, '') : '';
        const principal = token ? await services.auth.authenticate(token) : null;
        if (!principal) return false; // closes with 4403 Forbidden
        ctx.extra.principal = principal;
        ctx.extra.token = token;
        // A revoked key or an expired session also ends connections that are already open.
        ctx.extra.recheck = setInterval(() => {
          services.auth
            .authenticate(token)
            .then((current) => {
              if (!current) ctx.extra.socket.close(4403, 'Forbidden: the token was revoked or has expired');
              else ctx.extra.principal = current;
            })
            .catch((error: unknown) => services.logger.warn({ err: error }, 'could not re-check a WebSocket token'));
        }, WS_RECHECK_MS);
        ctx.extra.recheck.unref();
        return true;
      },
      onClose: (ctx) => {
        if (ctx.extra.recheck) clearInterval(ctx.extra.recheck);
      },
      // Every operation re-authenticates: a key revoked after connecting cannot be used.
      onSubscribe: async (ctx) => {
        const current = ctx.extra.token ? await services.auth.authenticate(ctx.extra.token) : null;
        if (!current) {
          return [new GraphQLError('The bearer token is invalid, expired or revoked. Connect again with a valid one.', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        ctx.extra.principal = current;
        return undefined;
      },
      context: (ctx, id): GraphQLContext => {
        const context: GraphQLContext = {
          principal: ctx.extra.principal ?? null,
          services,
          clientIp: ctx.extra.request.socket.remoteAddress ?? 'unknown',
        };
        shared.attach(context, { socket: ctx.extra.socket, tcp: ctx.extra.request.socket, id });
        return context;
      },
      // Results of queries and mutations over graphql-ws; shared subscriptions format their own.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors?.length ? formatResult(result) : undefined),
    },
    wss,
  );
  // graphql-ws answers every error on a socket with a stack trace written by console.error. A
  // client breaking the WebSocket protocol (a frame over maxPayload, a bad opcode, invalid UTF-8)
  // is not a server fault, and ws has already closed its connection with the matching code (1009,
  // 1002, 1007): one warning in the product's log says so. Runs after graphql-ws's own connection
  // listener, so its handler is there to replace.
  wss.on('connection', (socket, request) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) => {
      const remote = request.socket.remoteAddress;
      if (error.code?.startsWith('WS_ERR_')) {
        services.logger.warn({ code: error.code, remote }, `closed a WebSocket connection: the client broke the protocol (${error.message})`);
        return;
      }
      services.logger.error({ err: error, remote }, 'WebSocket connection failed; closing it');
      socket.close(1011, 'Internal server error');
    });
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    validationRules: [limits],
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT. Apollo's own handler (on unless NODE_ENV=test) would start a
    // second stop(); a concurrent stop() in Apollo 5 waits on a barrier it never resolves, which
    // hung an idle api process until the hard-exit timer.
    stopOnTerminationSignals: false,
    plugins: [
      // On stop: no new connections, requests in flight get the drain time, then sockets are cut.
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: options.drainMs ?? 10_000 }),
      { async serverWillStart() { return { async drainServer() { await wsServer.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.use(healthRouter(services));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        principal: await principalFor(services, req.headers.authorization),
        services,
        clientIp: req.ip ?? 'unknown',
      }),
    }),
  );
  if (options.withConsole) serveConsole(app, services);
  app.use(restErrorHandler(services));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    close: async () => {
      await apollo.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The worker role serves only /healthz and /readyz. */
export async function startHealthServer(services: Services, options: { port: number; host: string }): Promise<HttpServerHandle> {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(services));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return { server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Serves the built admin console, with index.html for client-side routes. */
function serveConsole(app: express.Express, services: Services): void {
  const dir = services.config.adminDistDir;
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    services.logger.warn({ dir }, 'the admin console is not built; run `npm run build` to serve it at /');
    app.get('/', (_req, res) => {
      res.type('text').send('Conduit API is running. The admin console is not built: run `npm run build`. GraphQL: /graphql');
    });
    return;
  }
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!graphql|v1\/|healthz|readyz|metrics).*/, (_req, res) => res.sendFile(index));
}

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Services } from '../services';
import { bearerToken, healthRouter, restErrorHandler, restRouter } from '../rest/rest';
import type { GraphQLContext, Principal } from './context';
import { createFormatError } from './errors';

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
export async function startHttpServer(services: Services, schema: GraphQLSchema, options: { port: number; host: string; withConsole: boolean }): Promise<HttpServerHandle> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = http.createServer(app);

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsServer = useServer<{ authorization?: string }, { principal?: Principal }>(
    {
      schema,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization;
        const principal = typeof raw === 'string' ? await services.auth.authenticate(raw.replace(/^Bearer\s+/i, '')) : null;
        if (!principal) return false; // closes with 4403 Forbidden
        ctx.extra.principal = principal;
        return true;
      },
      context: (ctx): GraphQLContext => ({ principal: ctx.extra.principal ?? null, services, clientIp: 'ws' }),
    },
    wss,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError: createFormatError(services.logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { async serverWillStart() { return { async drainServer() { await wsServer.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.use(restRouter(services));
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

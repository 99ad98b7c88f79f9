import 'reflect-metadata';
import { Pool, type PoolConfig } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { DISPATCH_CONNECTION_OPTIONS, HttpSender, MasterKeyring, TargetPolicy, loadOrCreateMasterKey, webhookUserAgent } from '@conduit/engine';
import type { Config } from './config';
import { BOOTSTRAP_LOCK, WORKER_START_LOCK, openDatabase, withAdvisoryLock } from './database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { verifyMasterKey } from './database/master-key-check';
import { NotificationListener } from './graphql/live';
import { AttemptStream, catchUpStates, liveFeedHandlers } from './graphql/live-feed';
import { authHandlers } from './modules/auth/auth-notifications';
import { buildConduitSchema } from './graphql/schema';
import { startHealthServer, startHttpServer, type HttpServerHandle } from './graphql/server';
import { createServices, type Services } from './services';
import { VERSION } from './version';
import { startWorker, type WorkerHandle } from './worker/worker';

export { VERSION } from './version';

export interface ConduitApp {
  config: Config;
  services: Services;
  /** Base URL of the HTTP server (api and all roles). */
  url: string | null;
  worker: WorkerHandle | null;
  databaseUrl: string;
  stop(options?: { drainMs?: number }): Promise<void>;
}

/** Starts one Conduit process in the configured role: database, schema, HTTP server and/or worker. */
export async function startConduit(config: Config, logger: Logger): Promise<ConduitApp> {
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
    databaseUrl = embedded.url;
  }
  const cleanups: (() => Promise<void>)[] = [];
  if (embedded) cleanups.push(() => (embedded as EmbeddedDatabase).stop());
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'error during shutdown'));
    }
  };
  try {
    const db: DataSource = await openDatabase(databaseUrl, 10);
    cleanups.push(() => db.destroy());
    const masterKey = await loadOrCreateMasterKey({ envValue: config.masterKey, dataDir: config.dataDir, production: config.production });
    if (masterKey.source === 'created') logger.warn({ path: masterKey.path }, 'created a development master key; set CONDUIT_MASTER_KEY in production');
    const keyring = new MasterKeyring(masterKey.key);
    await verifyMasterKey(db, keyring);
    const targets = TargetPolicy.parse(config.allowPrivateTargets);
    const services = createServices({ config, logger, db, keyring, targets });
    cleanups.push(() => services.close({ abortInFlight: true }));
    // Replicas starting together on an empty database: one creates the owner, the others then see it.
    await withAdvisoryLock(db, BOOTSTRAP_LOCK, () =>
      services.auth.bootstrapOwner(config.adminEmail, config.adminPassword, (name, userId) => services.workspaces.create(name, userId)),
    );

    let http: HttpServerHandle | null = null;
    let url: string | null = null;
    if (config.role === 'worker') {
      http = await startHealthServer(services, { port: config.port, host: config.host });
      cleanups.push(() => (http as HttpServerHandle).close());
    } else {
      const schema = await buildConduitSchema();
      const attempts = new AttemptStream(services, logger);
      await attempts.init();
      const live = new NotificationListener({ connectionString: databaseUrl }, { ...liveFeedHandlers(services, attempts), ...authHandlers(services) }, logger, (lostAt) => {
        // Notifications missed while the connection was down may include revoked keys: forget them
        // all; and stream the attempts committed, health changed and flow runs moved meanwhile.
        services.auth.apiKeyCache.clear();
        attempts.catchUp().catch((error: unknown) => logger.error({ err: error }, 'could not stream the attempts missed while the notification connection was down'));
        catchUpStates(services, lostAt, logger).catch((error: unknown) =>
          logger.error({ err: error }, 'could not stream the health changes and flow runs missed while the notification connection was down'),
        );
      });
      await live.start();
      cleanups.push(() => live.stop());
      http = await startHttpServer(services, schema, { port: config.port, host: config.host, withConsole: true, drainMs: config.shutdownDrainMs });
      cleanups.push(() => (http as HttpServerHandle).close());
      const address = http.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://127.0.0.1:${port}`;
    }

    let worker: WorkerHandle | null = null;
    let drainMs = config.shutdownDrainMs;
    if (config.role !== 'api') {
      // Parsed rather than passed as a connection string, whose own `options` would replace the
      // dispatcher's instead of joining them.
      const connection = parseIntoClientConfig(databaseUrl);
      const workerPool = (settings: PoolConfig) => {
        const created = new Pool({ ...connection, ...settings });
        created.on('error', (error) => logger.warn({ err: error }, 'idle database connection error'));
        // pg-pool listens for errors only on idle clients: a connection lost while checked out (between
        // two statements of a transaction, or Agenda's LISTEN client) would emit an unhandled 'error'
        // and end the process. The statement in progress fails on its own and is retried by its caller.
        created.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'database connection lost')));
        cleanups.push(() => created.end());
        return created;
      };
      const pool = workerPool({ max: 10, application_name: 'conduit-worker' });
      // The dispatcher's claims and write-backs (one claim and one write-back at a time), on
      // connections whose plans read the queue by index at any size.
      const dispatchPool = workerPool({
        max: 4,
        application_name: 'conduit-dispatch',
        options: [connection.options, DISPATCH_CONNECTION_OPTIONS].filter(Boolean).join(' '),
      });
      const userAgent = webhookUserAgent(VERSION);
      const sender = new HttpSender({ policy: targets, userAgent });
      // Runs after the dispatcher's drain, which released what was still in flight: cut it now.
      cleanups.push(() => sender.close({ abortInFlight: true }));
      worker = await withAdvisoryLock(db, WORKER_START_LOCK, () => startWorker({ config, logger, pool, dispatchPool, services, sender, userAgent, databaseUrl }));
      cleanups.push(() => (worker as WorkerHandle).stop(drainMs));
    }
    logger.info({ role: config.role, url, embedded: Boolean(embedded) }, 'Conduit started');
    return {
      config,
      services,
      url,
      worker,
      databaseUrl,
      stop: async (options) => {
        drainMs = options?.drainMs ?? drainMs;
        services.lifecycle.stopping = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

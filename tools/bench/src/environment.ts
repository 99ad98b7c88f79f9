import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { createFreshDatabase, postgresVersion, type FreshDatabase } from './database';
import { GraphQLClient } from './graphql';
import { createWebhooks } from './setup';
import { freePort, sleep, type ChildProcesses, type Log, type ManagedChild } from './processes';
import type { BenchOptions } from './options';

/** The event type every benchmark webhook subscribes to (in the standard catalogue). */
export const BENCH_EVENT_TYPE = 'ticket.created';
const ADMIN_EMAIL = 'bench@example.com';
const READY_TIMEOUT_MS = 60_000;

/** Everything a scenario needs: the running processes, a credential and a database connection. */
export interface BenchEnvironment {
  root: string;
  receiverUrl: string;
  conduitUrl: string;
  /** An API key (DEVELOPER) for POST /v1/events. */
  apiKey: string;
  webhookIds: string[];
  eventType: string;
  /** The admin's session, for creating one workspace per scenario. */
  gql: GraphQLClient;
  /** A small pool on Conduit's database, for counting what was committed. */
  pool: Pool;
  database: { kind: 'embedded' | 'server'; name: string; postgresVersion: string; url: string };
  /** How Conduit runs: one process in role `all`, or an `api` and a `worker` process. */
  roles: 'all' | 'split';
  /** The process serving HTTP (role `all` or `api`). */
  conduit: ManagedChild;
  /** The process that delivers (role `all`: the same as `conduit`). */
  worker: ManagedChild;
  receiver: ManagedChild;
}

/** What must be undone when the run ends, in this order: processes, then database, then files. */
export interface Teardown {
  pool: Pool | null;
  database: FreshDatabase | null;
  tempDir: string | null;
}

/**
 * Starts the receiver and Conduit as separate processes on loopback, on a database of their own,
 * then signs in and creates the webhooks and the API key. `teardown` is filled in as things are
 * made, so the caller can undo them even when a step fails half-way.
 */
export async function startEnvironment(options: {
  root: string;
  bench: BenchOptions;
  children: ChildProcesses;
  teardown: Teardown;
  log: Log;
}): Promise<BenchEnvironment> {
  const { root, bench, children, teardown, log } = options;
  const receiverScript = path.join(root, 'tools/dist/receiver/src/cli.js');
  const conduitScript = path.join(root, 'apps/api/dist/main.js');
  for (const script of [receiverScript, conduitScript]) {
    if (!fs.existsSync(script)) throw new Error(`${path.relative(root, script)} is missing: build first (npm run bench builds it).`);
  }

  log('starting the receiver');
  const receiver = children.spawnNode('receiver', { script: receiverScript, args: ['--port', '0', '--count-only'], env: process.env, cwd: root });
  const receiverLine = await receiver.nextLine(10_000);
  const receiverUrl = (JSON.parse(receiverLine) as { url: string }).url;

  teardown.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-bench-'));
  // Running as root, the embedded PostgreSQL runs as its own system user and must reach the dir.
  if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chmodSync(teardown.tempDir, 0o777);
  const port = await freePort();
  const password = randomBytes(12).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONDUIT_ROLE: 'all',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    CONDUIT_ALLOW_PRIVATE_TARGETS: '127.0.0.1/32',
    CONDUIT_ADMIN_EMAIL: ADMIN_EMAIL,
    CONDUIT_ADMIN_PASSWORD: password,
    CONDUIT_DATA_DIR: teardown.tempDir,
    CONDUIT_MASTER_KEY: randomBytes(32).toString('base64'),
    // Short drain at the end of a run: nothing is in flight by then.
    CONDUIT_SHUTDOWN_DRAIN_SECONDS: '2',
  };
  let databaseUrl: string;
  let kind: 'embedded' | 'server';
  let databaseName: string;
  if (process.env.DATABASE_URL) {
    teardown.database = await createFreshDatabase(process.env.DATABASE_URL);
    databaseUrl = teardown.database.url;
    env.DATABASE_URL = databaseUrl;
    kind = 'server';
    databaseName = teardown.database.name;
    log(`created database ${databaseName}`);
  } else {
    const pgPort = await freePort();
    delete env.DATABASE_URL;
    env.CONDUIT_EMBEDDED_PG_PORT = String(pgPort);
    // The URL the embedded PostgreSQL serves (apps/api/src/database/embedded-postgres.ts).
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/conduit`;
    kind = 'embedded';
    databaseName = 'conduit (embedded)';
  }

  const split = bench.roles === 'split';
  const where = kind === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL from DATABASE_URL';
  log(`starting Conduit (${split ? 'role api, then role worker' : 'role all'}, ${where})`);
  const nodeArgs = (role: string) => (bench.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${bench.profileDir}`, `--cpu-prof-name=conduit-${role}.cpuprofile`] : []);
  const role = split ? 'api' : 'all';
  const conduit = children.spawnNode(split ? 'conduit-api' : 'conduit', { script: conduitScript, nodeArgs: nodeArgs(role), env: { ...env, CONDUIT_ROLE: role }, cwd: root });
  const conduitUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(conduit, `${conduitUrl}/readyz`);
  let worker = conduit;
  if (split) {
    // The worker joins the database the api process migrated (and, embedded, started): it never
    // starts a PostgreSQL of its own. It serves only /healthz and /readyz.
    const workerPort = await freePort();
    const workerEnv = { ...env, CONDUIT_ROLE: 'worker', PORT: String(workerPort), DATABASE_URL: databaseUrl };
    worker = children.spawnNode('conduit-worker', { script: conduitScript, nodeArgs: nodeArgs('worker'), env: workerEnv, cwd: root });
    await waitUntilReady(worker, `http://127.0.0.1:${workerPort}/readyz`);
  }

  teardown.pool = new Pool({ connectionString: databaseUrl, max: 3, application_name: 'conduit-bench' });
  teardown.pool.on('error', () => undefined);
  const version = await postgresVersion(teardown.pool);

  const gql = new GraphQLClient(conduitUrl);
  const login = await gql.request<{ login: { token: string } }>(
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email: ADMIN_EMAIL, password },
  );
  gql.authenticate(login.login.token);
  const key = await gql.request<{ createApiKey: { secret: string } }>('mutation { createApiKey(name: "bench", role: DEVELOPER) { secret } }');
  const webhookIds = await createWebhooks(gql, { count: bench.webhooks, url: (i) => `${receiverUrl}/hooks/${i}`, events: [BENCH_EVENT_TYPE] });
  log(`created ${webhookIds.length} webhooks to ${receiverUrl}`);
  return {
    root,
    receiverUrl,
    conduitUrl,
    apiKey: key.createApiKey.secret,
    webhookIds,
    eventType: BENCH_EVENT_TYPE,
    gql,
    pool: teardown.pool,
    database: { kind, name: databaseName, postgresVersion: version, url: databaseUrl },
    roles: bench.roles,
    conduit,
    worker,
    receiver,
  };
}

async function waitUntilReady(child: ManagedChild, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!child.running) throw new Error(`${child.name} exited before it was ready.\n${child.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${child.name} was not ready within ${READY_TIMEOUT_MS / 1000} s.\n${child.tail()}`);
}

/** Undoes what `startEnvironment` made once the processes are stopped; reports but never throws. */
export async function cleanUp(teardown: Teardown, log: Log, keepDatabase = false): Promise<void> {
  await teardown.pool?.end().catch(() => undefined);
  if (teardown.database && keepDatabase) {
    log(`kept database ${teardown.database.url}`);
  } else if (teardown.database) {
    await teardown.database.drop().then(
      () => log(`dropped database ${teardown.database?.name}`),
      (error: unknown) => log(`could not drop database ${teardown.database?.name}: ${(error as Error).message}`),
    );
  }
  if (teardown.tempDir) fs.rmSync(teardown.tempDir, { recursive: true, force: true });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { startConduit, type ConduitApp } from '../../src/app';
import { createTestDatabase } from './database';

export const ADMIN_EMAIL = 'owner@example.com';
export const ADMIN_PASSWORD = 'correct-horse-battery';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface TestApp {
  app: ConduitApp;
  url: string;
  databaseUrl: string;
  /** Every log line the app wrote, for asserting that no secret is logged. */
  logs: string[];
  ownerToken: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /** Like gql but throws on errors and returns data. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  ws(token?: string): WsClient;
  stop(): Promise<void>;
}

/** Starts Conduit in-process on a fresh database, with loopback targets allowed. */
export async function startTestApp(env: Record<string, string> = {}, options: { databaseUrl?: string } = {}): Promise<TestApp> {
  const database = options.databaseUrl ? null : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? (database as { url: string }).url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-test-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    CONDUIT_DATA_DIR: dataDir,
    CONDUIT_ADMIN_EMAIL: ADMIN_EMAIL,
    CONDUIT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CONDUIT_ALLOW_PRIVATE_TARGETS: '127.0.0.1/32,localhost',
    CONDUIT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  // The product's logger (redaction, request ids) writing into `logs`.
  const app = await startConduit(config, createLogger('debug', sink));
  const url = app.url ?? '';
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
  let ownerToken = '';
  if (url) {
    const login = await gql<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: ADMIN_EMAIL, p: ADMIN_PASSWORD },
    );
    ownerToken = login.data?.login.token ?? '';
  }
  const clients: WsClient[] = [];
  const test: TestApp = {
    app,
    url,
    databaseUrl,
    logs,
    ownerToken,
    gql: (query, variables, token) => gql(query, variables, token === undefined ? test.ownerToken : token),
    ok: async (query, variables, token) => {
      const result = await gql(query, variables, token === undefined ? test.ownerToken : token);
      if (result.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(result.errors)}`);
      return result.data as never;
    },
    ws: (token) => {
      const client = createClient({
        url: `${url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token ?? test.ownerToken}` },
        retryAttempts: 0,
        lazy: false,
      });
      clients.push(client);
      return client;
    },
    stop: async () => {
      for (const client of clients) await client.dispose();
      await app.stop({ drainMs: 1_000 });
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}

/** Collects the messages of a graphql-ws subscription. */
export function subscribe<T>(client: WsClient, query: string, variables: Record<string, unknown> = {}): { messages: T[]; errors: unknown[]; waitFor(count: number, timeoutMs?: number): Promise<T[]>; stop(): void } {
  const messages: T[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        if (value.data) messages.push(value.data as T);
      },
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    messages,
    errors,
    stop,
    waitFor: (count, timeoutMs = 10_000) => waitUntil(() => messages.length >= count, timeoutMs, () => `${messages.length}/${count} messages, errors: ${JSON.stringify(errors)}`).then(() => messages),
  };
}

/** Polls `condition` every 20 ms until true, or fails after `timeoutMs` with `describe()`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

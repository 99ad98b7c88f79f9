import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse } from './harness';
import { startConduitProcess, type ConduitProcess } from './process';

/** Helpers for tests that run the product as several processes (api and worker roles) on one database. */

/** The master key every process of a test shares (the one startTestApp uses). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/** A port free on loopback at the time of the call. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RoleProcess extends ConduitProcess {
  role: 'api' | 'worker' | 'all';
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
}

/**
 * Starts `node apps/api/dist/main.js` in a role on `databaseUrl` and waits until it logs that it
 * started. Loopback targets are allowed unless `env` says otherwise.
 */
export async function startRole(role: RoleProcess['role'], databaseUrl: string, env: Record<string, string> = {}): Promise<RoleProcess> {
  const port = await freePort();
  const child = startConduitProcess({
    CONDUIT_ROLE: role,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    CONDUIT_MASTER_KEY: TEST_MASTER_KEY,
    CONDUIT_ALLOW_PRIVATE_TARGETS: '127.0.0.1/32',
    ...env,
  });
  try {
    await child.waitForLog('Conduit started', 60_000);
  } catch (error) {
    await child.stop('SIGKILL');
    throw error;
  }
  return Object.assign(child, { role, port, url: `http://127.0.0.1:${port}` });
}

/** A GraphQL POST to a process; never throws for GraphQL errors. */
export async function gqlAt<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** Like gqlAt but fails on errors and returns data. */
export async function okAt<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const result = await gqlAt<T>(url, query, variables, token);
  if (result.errors?.length) throw new Error(`GraphQL error from ${url}: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export async function loginAt(url: string, email: string, password: string): Promise<string> {
  const data = await okAt<{ login: { token: string } }>(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password });
  return data.login.token;
}

/** A graphql-ws client of one process (no automatic reconnect: a drop must show in the test). */
export function wsAt(url: string, token: string): WsClient {
  return createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // a closed connection shows in the test's own assertions
  });
}

/**
 * Appends a test's counts to the reliability report (JSON lines), from which docs/reliability.md
 * takes the numbers of its last run. Path: CONDUIT_RELIABILITY_REPORT or a file in the temp dir.
 */
export function recordCounts(test: string, counts: Record<string, number | string | boolean>): void {
  const file = process.env.CONDUIT_RELIABILITY_REPORT ?? path.join(os.tmpdir(), 'conduit-reliability.jsonl');
  fs.appendFileSync(file, `${JSON.stringify({ test, at: new Date().toISOString(), ...counts })}\n`);
}

/** Counts per value. */
export function tally(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

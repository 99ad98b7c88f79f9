import net from 'node:net';
import path from 'node:path';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { createTestDatabase } from '../../../api/test/support/database';
import { startConduitProcess, type ConduitProcess } from '../../../api/test/support/process';

export const OWNER_EMAIL = 'owner@example.com';
export const OWNER_PASSWORD = 'correct horse battery';

/** The product as a user runs it (API serving the built console) plus a loopback receiver. */
export interface Stack {
  /** http://127.0.0.1:<port> — the console at /, GraphQL at /graphql. */
  url: string;
  receiver: Receiver;
  process: ConduitProcess;
  /** Calls the GraphQL API (for test setup and for checking what the console did); throws on errors. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** A session token for the owner. */
  ownerToken(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts a database of its own, `node apps/api/dist/main.js` on a free port, and a receiver. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const database = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const conduit = startConduitProcess({
    PORT: String(port),
    DATABASE_URL: database.url,
    CONDUIT_ADMIN_EMAIL: OWNER_EMAIL,
    CONDUIT_ADMIN_PASSWORD: OWNER_PASSWORD,
    CONDUIT_ALLOW_PRIVATE_TARGETS: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Explicit, so a snapshot of the API build (CONDUIT_TEST_MAIN_JS) serves this console build.
    CONDUIT_ADMIN_DIST: path.resolve(__dirname, '../../dist'),
    ...env,
  });
  const receiver = await startReceiver();
  try {
    await waitUntilReady(url, conduit);
  } catch (error) {
    await conduit.stop();
    await receiver.close();
    await database.drop();
    throw error;
  }

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
    if (!body.data) throw new Error(`No data in the GraphQL response (HTTP ${response.status}).`);
    return body.data;
  }

  let token: string | undefined;
  return {
    url,
    receiver,
    process: conduit,
    graphql,
    async ownerToken() {
      if (!token) {
        const data = await graphql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
          e: OWNER_EMAIL,
          p: OWNER_PASSWORD,
        });
        token = data.login.token;
      }
      return token;
    },
    async stop() {
      await conduit.stop();
      await receiver.close();
      await database.drop();
    },
  };
}

async function waitUntilReady(url: string, conduit: ConduitProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (conduit.child.exitCode !== null) throw new Error(`Conduit exited with code ${conduit.child.exitCode}:\n${conduit.output.join('').slice(-3000)}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Conduit did not become ready at ${url} within 60 s:\n${conduit.output.join('').slice(-3000)}`);
}

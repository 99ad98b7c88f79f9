import { createClient, type Client as WsClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse, TestApp } from './harness';

/** Shared helpers for the API integration tests: errors, API keys, raw HTTP and graphql-ws. */

export type RoleName = 'OWNER' | 'ADMIN' | 'DEVELOPER' | 'VIEWER';

export interface CreatedKey {
  id: string;
  prefix: string;
  secret: string;
}

/** The `extensions.code` of each error of a response, in order ([] when there is none). */
export function errorCodes(result: GraphQLResponse<unknown>): (string | undefined)[] {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/** The first error of a response; fails the test when there is none. */
export function firstError(result: GraphQLResponse<unknown>): NonNullable<GraphQLResponse<unknown>['errors']>[number] {
  const error = result.errors?.[0];
  if (!error) throw new Error(`Expected a GraphQL error, got data: ${JSON.stringify(result.data)}`);
  return error;
}

export async function createApiKey(t: TestApp, role: RoleName, token?: string, name = `${role.toLowerCase()} key`): Promise<CreatedKey> {
  const data = await t.ok<{ createApiKey: { secret: string; apiKey: { id: string; prefix: string } } }>(
    'mutation($n: String!, $r: Role!) { createApiKey(name: $n, role: $r) { secret apiKey { id prefix } } }',
    { n: name, r: role },
    token,
  );
  return { id: data.createApiKey.apiKey.id, prefix: data.createApiKey.apiKey.prefix, secret: data.createApiKey.secret };
}

/** A plain HTTP request to the app, for REST endpoints and hand-made GraphQL requests. */
export async function http(
  t: TestApp,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string; json: unknown; headers: Headers }> {
  const response = await fetch(`${t.url}${path}`, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await response.text();
  return { status: response.status, text, json: parseJson(text), headers: response.headers };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // not JSON: callers assert on `text` or `status`
  }
}

/** How a graphql-ws connection attempt ended: acknowledged, or closed with a code. */
export type WsOutcome = { connected: true } | { connected: false; code: number; reason: string };

/** Opens a graphql-ws connection with the given connection_init payload; resolves once it is acknowledged or closed. */
export function connectWs(t: TestApp, connectionParams: Record<string, unknown>): { client: WsClient; outcome: Promise<WsOutcome> } {
  let settle: (outcome: WsOutcome) => void = () => undefined;
  const outcome = new Promise<WsOutcome>((resolve) => {
    settle = resolve;
  });
  const client = createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: {
      connected: () => settle({ connected: true }),
      closed: (event) => {
        const { code, reason } = event as { code?: number; reason?: string };
        settle({ connected: false, code: code ?? 0, reason: String(reason ?? '') });
      },
    },
    onNonLazyError: () => undefined,
  });
  return { client, outcome };
}

/** Runs one query or mutation over a graphql-ws connection and returns its single result. */
export function wsExecute<T>(client: WsClient, query: string, variables: Record<string, unknown> = {}): Promise<FormattedExecutionResult<T>> {
  return new Promise((resolve, reject) => {
    let result: FormattedExecutionResult<T> | null = null;
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          result = value as FormattedExecutionResult<T>;
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => (result ? resolve(result) : reject(new Error('The operation completed without a result.'))),
      },
    );
  });
}

/** Resolves after `ms`; used only to let a negative ("nothing arrives") observation settle. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

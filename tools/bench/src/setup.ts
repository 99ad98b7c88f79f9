import { GraphQLClient } from './graphql';

/** A workspace made for one scenario, so its webhooks never slow another scenario's publishing. */
export interface BenchWorkspace {
  id: string;
  /** Signed in as the admin, scoped to this workspace. */
  gql: GraphQLClient;
  /** A DEVELOPER API key of this workspace (POST /v1/events, graphql-ws, executeAction). */
  apiKey: string;
}

/** Creates a workspace (the admin becomes its OWNER) and an API key in it. */
export async function createWorkspace(admin: GraphQLClient, baseUrl: string, name: string): Promise<BenchWorkspace> {
  const created = await admin.request<{ createWorkspace: { token: string; workspace: { id: string } } }>(
    'mutation ($name: String!) { createWorkspace(name: $name) { token workspace { id } } }',
    { name },
  );
  const gql = new GraphQLClient(baseUrl, created.createWorkspace.token);
  const key = await gql.request<{ createApiKey: { secret: string } }>('mutation { createApiKey(name: "bench", role: DEVELOPER) { secret } }');
  return { id: created.createWorkspace.workspace.id, gql, apiKey: key.createApiKey.secret };
}

const CREATE_WEBHOOK = 'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }';

/**
 * Creates `count` webhooks through the GraphQL API (as a user would), `concurrency` at a time;
 * returns their ids in order.
 */
export async function createWebhooks(
  gql: GraphQLClient,
  options: { count: number; url: (index: number) => string; events: string[]; timeoutMs?: number; concurrency?: number; signal?: AbortSignal },
): Promise<string[]> {
  const ids: string[] = new Array<string>(options.count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      if (options.signal?.aborted) throw new Error('interrupted');
      const index = next++;
      const input: Record<string, unknown> = { url: options.url(index), events: options.events, description: `bench ${index}` };
      if (options.timeoutMs) input.retryPolicy = { timeoutMs: options.timeoutMs };
      const created = await gql.request<{ createWebhook: { webhook: { id: string } } }>(CREATE_WEBHOOK, { input });
      ids[index] = created.createWebhook.webhook.id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, options.count) }, worker));
  return ids;
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A minimal GraphQL-over-HTTP client for the set-up steps (sign in, webhooks, API key). */
export class GraphQLClient {
  constructor(
    private readonly url: string,
    private token: string | null = null,
  ) {}

  authenticate(token: string): void {
    this.token = token;
  }

  /** Runs an operation; throws with the server's messages on any GraphQL error. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as GraphQLResponse<T>;
    if (body.errors?.length || !body.data) {
      const messages = (body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
      throw new Error(`GraphQL request failed (HTTP ${response.status}): ${messages || 'no data'}`);
    }
    return body.data;
  }
}

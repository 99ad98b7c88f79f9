import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { bearer, type TokenStore } from '../modules/auth/token-store';
import { isUnauthenticated } from './api-error';

export interface ApolloOptions {
  tokens: TokenStore;
  /** Default: /graphql on the page's origin (the API serves the console). */
  httpUrl?: string;
  wsUrl?: string;
}

/**
 * The console's one Apollo Client: queries and mutations over HTTP with
 * `Authorization: Bearer <token>`, subscriptions over graphql-ws with the same token in the
 * `connection_init` payload.
 */
export function createApolloClient({ tokens, httpUrl = '/graphql', wsUrl = defaultWsUrl() }: ApolloOptions): ApolloClient {
  const withToken = new SetContextLink(({ headers }) => {
    const authorization = bearer(tokens.get());
    return authorization ? { headers: { ...headers, authorization } } : {};
  });
  const http = ApolloLink.from([withToken, new HttpLink({ uri: httpUrl })]);

  const ws = createClient({
    url: wsUrl,
    // Called on every (re)connection, so a reconnect always carries the current token.
    connectionParams: () => {
      const authorization = bearer(tokens.get());
      return authorization ? { authorization } : {};
    },
  });

  // An expired or revoked session: back to the sign-in screen instead of a page of errors.
  const signOutWhenRefused = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error) && tokens.get() !== null) tokens.clear();
  });

  const link = ApolloLink.from([
    signOutWhenRefused,
    ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), http),
  ]);
  const client = new ApolloClient({ link, cache: new InMemoryCache() });

  tokens.subscribe(() => {
    // Another identity: drop what the previous one could see, and reconnect live views with the
    // new token (graphql-ws retries a terminated socket by itself).
    void client.clearStore();
    ws.terminate();
  });

  return client;
}

function defaultWsUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/graphql`;
}

import type { ChannelHandlers } from '../../graphql/live';
import type { Services } from '../../services';

/** NOTIFY channel: who may act in a workspace changed; payload {@link AuthChange}. */
export const AUTH_CHANNEL = 'conduit_auth';

/** A revoked API key (`apiKeyId`), or any change to a workspace's access (no `apiKeyId`). */
export interface AuthChange {
  workspaceId: string;
  apiKeyId?: string | null;
}

/**
 * Sends the change when the caller's transaction commits, so every api process forgets the
 * cached API keys it concerns before anyone can see the change committed.
 */
export async function notifyAuthChange(tx: { query(sql: string, params: unknown[]): Promise<unknown> }, change: AuthChange): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, JSON.stringify(change)]);
}

/** Listener handlers of the api role: evict what another process (or this one) changed. */
export function authHandlers(services: Services): ChannelHandlers {
  return {
    [AUTH_CHANNEL]: (payload) => {
      const change = JSON.parse(payload) as AuthChange;
      services.auth.apiKeyCache.evict(change);
    },
  };
}

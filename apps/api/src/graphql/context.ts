import { ConduitError, ROLES, type Role } from '@conduit/shared';
import type { Services } from '../services';

/** Who is calling: a signed-in user (session token) or an API key, always scoped to one workspace. */
export interface Principal {
  kind: 'user' | 'apiKey';
  userId: string | null;
  apiKeyId: string | null;
  /** The session of a signed-in user (null for an API key). */
  sessionId: string | null;
  workspaceId: string;
  role: Role;
}

export interface GraphQLContext {
  principal: Principal | null;
  services: Services;
  /** Client address, used to rate-limit sign-in attempts. */
  clientIp: string;
}

export function requirePrincipal(ctx: GraphQLContext): Principal {
  if (!ctx.principal) {
    throw new ConduitError('UNAUTHENTICATED', 'Sign in first: send "Authorization: Bearer <session token or API key>".');
  }
  return ctx.principal;
}

/** Roles rank OWNER > ADMIN > DEVELOPER > VIEWER; a principal needs `minimum` or higher. */
export function requireRole(ctx: GraphQLContext, minimum: Role): Principal {
  const principal = requirePrincipal(ctx);
  if (ROLES.indexOf(principal.role) > ROLES.indexOf(minimum)) {
    throw new ConduitError('FORBIDDEN', `This needs the ${minimum} role or higher; you are ${principal.role} in this workspace.`);
  }
  return principal;
}

/** Operations that act for a person (workspaces) are not open to API keys. */
export function requireUser(ctx: GraphQLContext): Principal & { userId: string } {
  const principal = requirePrincipal(ctx);
  if (principal.kind !== 'user' || !principal.userId) {
    throw new ConduitError('FORBIDDEN', 'This operation needs a signed-in user; API keys cannot perform it.');
  }
  return principal as Principal & { userId: string };
}

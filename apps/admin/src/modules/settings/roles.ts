import type { Role } from '../../generated/graphql';

/** Every role, the most powerful first (the API's order). */
export const ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'DEVELOPER', 'VIEWER'];

/** What a role may do, in one line, for role pickers and the workspace page. */
export function roleDescription(role: Role): string {
  switch (role) {
    case 'OWNER':
      return 'Everything, including making others OWNER.';
    case 'ADMIN':
      return 'Configure and test everything; manage API keys and members (except OWNERs).';
    case 'DEVELOPER':
      return 'Create, change and test webhooks, integrations, automations and flows; retry and replay deliveries.';
    case 'VIEWER':
      return 'Read only: sees configuration and logs, never secrets.';
    default: {
      const unknown: never = role;
      return String(unknown);
    }
  }
}

/**
 * The roles an OWNER or ADMIN may give to a member or an API key: never one above their own (so
 * only an OWNER grants OWNER). Empty for roles that manage nothing.
 */
export function grantableRoles(actorRole: Role): Role[] {
  if (actorRole !== 'OWNER' && actorRole !== 'ADMIN') return [];
  return ROLES.filter((role) => ROLES.indexOf(role) >= ROLES.indexOf(actorRole));
}

export interface MemberChange {
  /** Whether the console offers the change; the API decides in the end. */
  allowed: boolean;
  /** Why not, in the API's words. */
  reason: string | null;
}

interface MemberChangeOptions {
  actorRole: Role;
  memberRole: Role;
  /** OWNERs in the workspace now. */
  ownerCount: number;
  memberEmail: string;
}

/** Whether the actor may change this member's role (the rules the API enforces, to explain them up front). */
export function roleChange({ actorRole, memberRole, ownerCount, memberEmail }: MemberChangeOptions): MemberChange {
  if (actorRole !== 'OWNER' && actorRole !== 'ADMIN') return { allowed: false, reason: `This needs the ADMIN role or higher; you are ${actorRole}.` };
  if (memberRole === 'OWNER' && actorRole !== 'OWNER') {
    return { allowed: false, reason: `Only an OWNER can make someone OWNER or change an OWNER's role; you are ${actorRole}.` };
  }
  if (memberRole === 'OWNER' && ownerCount < 2) {
    return { allowed: false, reason: `${memberEmail} is the only OWNER of this workspace. Make another member OWNER first, then change this role.` };
  }
  return { allowed: true, reason: null };
}

/** Whether the actor may remove this member from the workspace. */
export function removal({ actorRole, memberRole, ownerCount, memberEmail }: MemberChangeOptions): MemberChange {
  if (actorRole !== 'OWNER' && actorRole !== 'ADMIN') return { allowed: false, reason: `This needs the ADMIN role or higher; you are ${actorRole}.` };
  if (memberRole === 'OWNER' && actorRole !== 'OWNER') return { allowed: false, reason: `Only an OWNER can remove an OWNER; you are ${actorRole}.` };
  if (memberRole === 'OWNER' && ownerCount < 2) {
    return { allowed: false, reason: `${memberEmail} is the only OWNER of this workspace. Make another member OWNER first, then remove this one.` };
  }
  return { allowed: true, reason: null };
}

interface PasswordResetOptions {
  actorRole: Role;
  memberRole: Role;
  /** The member is the signed-in person. */
  isYou: boolean;
  /** When their temporary password stops working; null once they chose their own. */
  passwordExpiresAt: string | null;
}

/**
 * Whether the console offers a new temporary password for this member (the API also refuses an
 * account that belongs to other workspaces; only it knows). Not offered at all for a member with
 * their own password, for yourself, or to roles that manage nothing.
 */
export function passwordReset({ actorRole, memberRole, isYou, passwordExpiresAt }: PasswordResetOptions): MemberChange & { offered: boolean } {
  if (!passwordExpiresAt || isYou || (actorRole !== 'OWNER' && actorRole !== 'ADMIN')) return { offered: false, allowed: false, reason: null };
  if (memberRole === 'OWNER' && actorRole !== 'OWNER') {
    return { offered: true, allowed: false, reason: `Only an OWNER can give an OWNER a new password; you are ${actorRole}.` };
  }
  return { offered: true, allowed: true, reason: null };
}

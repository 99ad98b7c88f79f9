import type { Role } from '../generated/graphql';

/** What the console offers a role; the API enforces the same rules, this only hides what would be refused. */
export interface Permissions {
  /** Create, change, test and delete webhooks, integrations, automations, flows; retry and replay. */
  edit: boolean;
  /** API keys and members. */
  manage: boolean;
}

export function permissionsOf(role: Role): Permissions {
  switch (role) {
    case 'OWNER':
    case 'ADMIN':
      return { edit: true, manage: true };
    case 'DEVELOPER':
      return { edit: true, manage: false };
    case 'VIEWER':
      return { edit: false, manage: false };
    default: {
      const unknown: never = role;
      return unknown;
    }
  }
}

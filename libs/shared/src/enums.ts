/** Workspace roles, most powerful first. */
export const ROLES = ['OWNER', 'ADMIN', 'DEVELOPER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const HEALTH_STATES = ['HEALTHY', 'DEGRADED', 'FAILING', 'DISABLED'] as const;
export type Health = (typeof HEALTH_STATES)[number];

export const DELIVERY_STATUSES = ['PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const ATTEMPT_OUTCOMES = ['SUCCESS', 'HTTP_ERROR', 'TIMEOUT', 'NETWORK_ERROR', 'BLOCKED', 'INVALID_RESPONSE'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Throws at compile time when a switch over a union misses a member. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}

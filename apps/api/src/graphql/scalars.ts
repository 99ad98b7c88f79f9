import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { AttemptOutcome, DeliveryStatus, Health, Role } from '@conduit/shared';

/** The contract's `DateTime` (ISO-8601) and `JSON` scalars. */
export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;

function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

export const RoleEnum = enumOf<Role>(['OWNER', 'ADMIN', 'DEVELOPER', 'VIEWER']);
export const HealthEnum = enumOf<Health>(['HEALTHY', 'DEGRADED', 'FAILING', 'DISABLED']);
export const DeliveryStatusEnum = enumOf<DeliveryStatus>(['PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
export const AttemptOutcomeEnum = enumOf<AttemptOutcome>(['SUCCESS', 'HTTP_ERROR', 'TIMEOUT', 'NETWORK_ERROR', 'BLOCKED', 'INVALID_RESPONSE']);

registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(HealthEnum, { name: 'Health' });
registerEnumType(DeliveryStatusEnum, { name: 'DeliveryStatus' });
registerEnumType(AttemptOutcomeEnum, { name: 'AttemptOutcome' });

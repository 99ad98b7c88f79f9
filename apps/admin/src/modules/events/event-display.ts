import { eventTypeNameProblem as apiNameProblem } from '@conduit/shared/events/names';
import type { DeliveryStatus } from '../../generated/graphql';

/**
 * Why `name` cannot be an event type name, or null: the API's own rule and words (libs/shared),
 * with a prompt for a blank field.
 */
export function eventTypeNameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter a name such as "order.paid".';
  const problem = apiNameProblem(name);
  if (problem === null) return null;
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return `Invalid event type name ${JSON.stringify(shown)}: it ${problem}.`;
}

const STATUS_ORDER: DeliveryStatus[] = ['SUCCEEDED', 'PENDING', 'RETRYING', 'FAILED', 'CANCELLED'];

/** How many of an event's deliveries are in each status, most useful first; empty statuses left out. */
export function deliveryCounts(deliveries: readonly { status: DeliveryStatus }[]): { status: DeliveryStatus; count: number }[] {
  return STATUS_ORDER.map((status) => ({ status, count: deliveries.filter((d) => d.status === status).length })).filter((c) => c.count > 0);
}

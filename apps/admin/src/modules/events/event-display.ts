import type { DeliveryStatus } from '../../generated/graphql';

/**
 * Why `name` cannot be an event type name, or null. The API's rule: dot-separated segments of
 * a-z, 0-9, "_" and "-", 1 to 200 characters, no wildcards.
 */
export function eventTypeNameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter a name such as "order.paid".';
  if (name.length > 200) return 'An event type name has at most 200 characters.';
  if (name.includes('*')) return 'Wildcards belong in webhook, automation and flow patterns, not in event type names.';
  if (name !== name.trim()) return 'Remove the spaces around the name.';
  for (const segment of name.split('.')) {
    if (segment === '') return 'The name has an empty segment: check for a leading, trailing or doubled ".".';
    if (!/^[a-z0-9_-]+$/.test(segment)) {
      return /^[a-z0-9_-]+$/.test(segment.toLowerCase()) ? `Use lowercase: "${name.toLowerCase()}".` : `Segment "${segment}" may only use a-z, 0-9, "_" and "-".`;
    }
  }
  return null;
}

export function deliveryStatusColor(status: DeliveryStatus): string {
  switch (status) {
    case 'PENDING':
      return 'gray';
    case 'RETRYING':
      return 'yellow';
    case 'SUCCEEDED':
      return 'teal';
    case 'FAILED':
      return 'red';
    case 'CANCELLED':
      return 'dark';
    default: {
      const unknown: never = status;
      return String(unknown);
    }
  }
}

const STATUS_ORDER: DeliveryStatus[] = ['SUCCEEDED', 'PENDING', 'RETRYING', 'FAILED', 'CANCELLED'];

/** How many of an event's deliveries are in each status, most useful first; empty statuses left out. */
export function deliveryCounts(deliveries: readonly { status: DeliveryStatus }[]): { status: DeliveryStatus; count: number }[] {
  return STATUS_ORDER.map((status) => ({ status, count: deliveries.filter((d) => d.status === status).length })).filter((c) => c.count > 0);
}

export interface DeliveryTargetSource {
  webhook: { url: string } | null;
  automation: { name: string } | null;
  action: { name: string; integration: { name: string } } | null;
}

/** Where a delivery goes, in words: a webhook's URL, an automation (and its action), or an action call. */
export function deliveryTarget(delivery: DeliveryTargetSource): { kind: string; label: string } {
  if (delivery.webhook) return { kind: 'Webhook', label: delivery.webhook.url };
  if (delivery.automation) {
    const action = delivery.action ? ` → ${delivery.action.integration.name} › ${delivery.action.name}` : '';
    return { kind: 'Automation', label: `${delivery.automation.name}${action}` };
  }
  if (delivery.action) return { kind: 'Action call', label: `${delivery.action.integration.name} › ${delivery.action.name}` };
  return { kind: 'Deleted target', label: 'The webhook or automation was deleted' };
}

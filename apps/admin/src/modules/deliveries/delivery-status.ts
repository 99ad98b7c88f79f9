import type { AttemptOutcome, DeliveryStatus, DeliveryTargetFieldsFragment } from '../../generated/graphql';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface StatusLook {
  label: string;
  color: string;
  hint: string;
}

export function deliveryStatusLook(status: DeliveryStatus): StatusLook {
  switch (status) {
    case 'PENDING':
      return { label: 'Pending', color: 'blue', hint: 'Waiting for its first attempt.' };
    case 'RETRYING':
      return { label: 'Retrying', color: 'yellow', hint: 'An attempt failed; the next one is scheduled.' };
    case 'SUCCEEDED':
      return { label: 'Succeeded', color: 'teal', hint: 'The target answered with a 2xx status.' };
    case 'FAILED':
      return { label: 'Failed', color: 'red', hint: 'Every attempt failed, or the failure cannot be retried. Retry it by hand once the target is fixed.' };
    case 'CANCELLED':
      return { label: 'Cancelled', color: 'gray', hint: 'Stopped before it succeeded (its webhook or automation was deleted).' };
    default: {
      const unknown: never = status;
      return { label: String(unknown), color: 'gray', hint: '' };
    }
  }
}

export function outcomeLook(outcome: AttemptOutcome): StatusLook {
  switch (outcome) {
    case 'SUCCESS':
      return { label: 'Success', color: 'teal', hint: 'The target answered with a 2xx status.' };
    case 'HTTP_ERROR':
      return { label: 'HTTP error', color: 'red', hint: 'The target answered with a status other than 2xx.' };
    case 'TIMEOUT':
      return { label: 'Timeout', color: 'orange', hint: 'No complete answer within the timeout.' };
    case 'NETWORK_ERROR':
      return { label: 'Network error', color: 'orange', hint: 'The connection failed (DNS, refused, reset, TLS).' };
    case 'BLOCKED':
      return { label: 'Blocked', color: 'grape', hint: 'The target resolves to a private or reserved address; Conduit does not call it.' };
    case 'INVALID_RESPONSE':
      return { label: 'Invalid response', color: 'red', hint: 'The answer could not be read.' };
    default: {
      const unknown: never = outcome;
      return { label: String(unknown), color: 'gray', hint: '' };
    }
  }
}

/** Whether more attempts may come without anyone acting. */
export function isOpen(status: DeliveryStatus): boolean {
  return status === 'PENDING' || status === 'RETRYING';
}

/** retryDelivery accepts only these. */
export function canRetry(status: DeliveryStatus): boolean {
  return status === 'FAILED' || status === 'CANCELLED';
}

export interface DeliveryTarget {
  kind: 'Webhook' | 'Automation' | 'Action' | 'Integration' | 'Unknown';
  label: string;
  /** Where it is configured in the console; null when it no longer exists. */
  href: string | null;
}

/** What a delivery was sent to, for the log's "Target" column, the drawer's link and an event's deliveries. */
export function deliveryTarget(delivery: DeliveryTargetFieldsFragment): DeliveryTarget {
  const action = delivery.action ? (delivery.integration ? `${delivery.integration.name} · ${delivery.action.name}` : delivery.action.name) : null;
  if (delivery.webhook) {
    return { kind: 'Webhook', label: delivery.webhook.description || delivery.webhook.url, href: `/webhooks/${delivery.webhook.id}` };
  }
  if (delivery.automation) {
    return { kind: 'Automation', label: action ? `${delivery.automation.name} → ${action}` : delivery.automation.name, href: `/automations/${delivery.automation.id}` };
  }
  if (delivery.action) {
    const href = delivery.integration ? `/integrations/${delivery.integration.id}` : null;
    return { kind: 'Action', label: action ?? delivery.action.name, href };
  }
  if (delivery.integration) return { kind: 'Integration', label: `${delivery.integration.name} (credential test)`, href: `/integrations/${delivery.integration.id}` };
  return { kind: 'Unknown', label: 'Deleted target', href: null };
}

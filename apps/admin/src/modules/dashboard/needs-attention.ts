import type { DashboardHealthQuery, Health } from '../../generated/graphql';

type WebhookHealth = DashboardHealthQuery['webhooks'][number];
type AutomationHealth = DashboardHealthQuery['automations'][number];

/** A webhook or automation that is not healthy, as the dashboard lists it. */
export interface AttentionItem {
  kind: 'Webhook' | 'Automation';
  id: string;
  /** The automation's name; the webhook's description, else its URL. */
  name: string;
  /** The webhook's URL under its description; null for automations and undescribed webhooks. */
  detail: string | null;
  health: Health;
  consecutiveFailures: number;
  disabledReason: string | null;
  /** Its page in the console. */
  href: string;
}

/** Disabled and failing first: nothing (or almost nothing) gets through; degraded ones after. */
const URGENCY: Record<Health, number> = { DISABLED: 0, FAILING: 1, DEGRADED: 2, HEALTHY: 3 };

/**
 * The webhooks and automations that need someone's attention, the most urgent first: DISABLED,
 * then FAILING, then DEGRADED; within one state the longest failure streak first. Healthy ones are
 * left out.
 */
export function needsAttention(webhooks: readonly WebhookHealth[], automations: readonly AutomationHealth[]): AttentionItem[] {
  const items: AttentionItem[] = [
    ...webhooks.map(
      (webhook): AttentionItem => ({
        kind: 'Webhook',
        id: webhook.id,
        name: webhook.description?.trim() || webhook.url,
        detail: webhook.description?.trim() ? webhook.url : null,
        health: effectiveHealth(webhook),
        consecutiveFailures: webhook.consecutiveFailures,
        disabledReason: webhook.disabledReason,
        href: `/webhooks/${webhook.id}`,
      }),
    ),
    ...automations.map(
      (automation): AttentionItem => ({
        kind: 'Automation',
        id: automation.id,
        name: automation.name,
        detail: null,
        health: effectiveHealth(automation),
        consecutiveFailures: automation.consecutiveFailures,
        disabledReason: automation.disabledReason,
        href: `/automations/${automation.id}`,
      }),
    ),
  ];
  return items
    .filter((item) => item.health !== 'HEALTHY')
    .sort(
      (a, b) =>
        URGENCY[a.health] - URGENCY[b.health] ||
        b.consecutiveFailures - a.consecutiveFailures ||
        a.name.localeCompare(b.name),
    );
}

// A target switched off by hand may still report the health it had; for the dashboard it is disabled.
function effectiveHealth(target: { enabled: boolean; health: Health }): Health {
  return target.enabled ? target.health : 'DISABLED';
}

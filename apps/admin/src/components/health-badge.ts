/** A webhook's health, as the API reports it (GraphQL enum `Health`). */
export type Health = 'HEALTHY' | 'DEGRADED' | 'FAILING' | 'DISABLED';



export interface HealthBadge {
  label: string;
  color: string;
  /** What the state means for deliveries, shown as the badge's tooltip. */
  hint: string;
}

/** How the console shows a health state. */
export function healthBadge(health: Health): HealthBadge {
  switch (health) {
    case 'HEALTHY':
      return { label: 'Healthy', color: 'teal', hint: 'Deliveries are succeeding.' };
    case 'DEGRADED':
      return { label: 'Degraded', color: 'yellow', hint: 'Under 90 % of the last 50 attempts succeeded.' };
    case 'FAILING':
      return {
        label: 'Failing',
        color: 'red',
        hint: '5 or more attempts in a row failed; deliveries are sent one at a time until one succeeds.',
      };
    case 'DISABLED':
      return { label: 'Disabled', color: 'gray', hint: 'No deliveries are sent until the webhook is enabled again.' };
    default: {
      // A state added to the API after this console was built: show it rather than break the page.
      const unknown: never = health;
      return { label: String(unknown), color: 'gray', hint: 'A health state this console does not know yet.' };
    }
  }
}

/** The line under the badge, e.g. "7 failures in a row"; empty when there is nothing to say. */
export function failureSummary(consecutiveFailures: number): string {
  if (consecutiveFailures <= 0) return '';
  return consecutiveFailures === 1 ? '1 failure' : `${consecutiveFailures} failures in a row`;
}

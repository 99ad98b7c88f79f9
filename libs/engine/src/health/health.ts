import type { Health } from '@conduit/shared';

/** When a target's health changes and when it is disabled. Policies are data; these are the defaults. */
export interface HealthPolicy {
  /** Attempts considered for the success rate. */
  window: number;
  /** Below this success rate over the window a target is DEGRADED. */
  degradedBelow: number;
  /** This many consecutive failures make a target FAILING. */
  failingAfter: number;
  /** Disable after this many consecutive failed attempts. */
  disableAfterFailures: number;
  /** Disable after failing continuously for this long. */
  disableAfterFailingMs: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  window: 50,
  degradedBelow: 0.9,
  failingAfter: 5,
  disableAfterFailures: 100,
  disableAfterFailingMs: 5 * 24 * 3_600_000,
};

/** The health-relevant state stored on a webhook or automation. */
export interface TargetHealthState {
  enabled: boolean;
  consecutiveFailures: number;
  failingSince: Date | null;
  /** Last `window` outcomes, oldest first: '1' success, '0' failure. */
  recentOutcomes: string;
}

export interface OutcomeSample {
  success: boolean;
  at: Date;
  /** The target answered 410 Gone: disable at once. */
  disableTarget: boolean;
}

/** HEALTHY, DEGRADED (success rate under 90 % over the window), FAILING (5+ consecutive failures), DISABLED. */
export function computeHealth(state: TargetHealthState, policy: HealthPolicy = DEFAULT_HEALTH_POLICY): Health {
  if (!state.enabled) return 'DISABLED';
  if (state.consecutiveFailures >= policy.failingAfter) return 'FAILING';
  const outcomes = state.recentOutcomes;
  if (outcomes.length > 0) {
    let successes = 0;
    for (let i = 0; i < outcomes.length; i++) if (outcomes.charCodeAt(i) === 49) successes++;
    if (successes / outcomes.length < policy.degradedBelow) return 'DEGRADED';
  }
  return 'HEALTHY';
}

export interface HealthUpdate {
  state: TargetHealthState;
  health: Health;
  /** Set when these outcomes disable the target, with a reason a person can act on. */
  disableReason: string | null;
}

/** Folds a batch of attempt outcomes (in the order they finished) into a target's health state. */
export function applyOutcomes(
  previous: TargetHealthState,
  samples: readonly OutcomeSample[],
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
  now: Date = new Date(),
): HealthUpdate {
  let { consecutiveFailures, failingSince, recentOutcomes } = previous;
  let gone = false;
  for (const sample of samples) {
    recentOutcomes += sample.success ? '1' : '0';
    if (sample.success) {
      consecutiveFailures = 0;
      failingSince = null;
    } else {
      consecutiveFailures += 1;
      failingSince ??= sample.at;
      if (sample.disableTarget) gone = true;
    }
  }
  if (recentOutcomes.length > policy.window) recentOutcomes = recentOutcomes.slice(-policy.window);
  let disableReason: string | null = null;
  if (previous.enabled) {
    disableReason = disableReasonFor({ consecutiveFailures, failingSince, gone }, policy, now);
  }
  const state: TargetHealthState = {
    enabled: previous.enabled && disableReason === null,
    consecutiveFailures,
    failingSince,
    recentOutcomes,
  };
  return { state, health: computeHealth(state, policy), disableReason };
}

/** Why a target must be disabled now, or null. Also used by the periodic check for "failing for 5 days". */
export function disableReasonFor(
  state: { consecutiveFailures: number; failingSince: Date | null; gone?: boolean },
  policy: HealthPolicy,
  now: Date,
): string | null {
  if (state.gone) return 'The endpoint answered 410 Gone, which asks senders to stop.';
  if (state.consecutiveFailures >= policy.disableAfterFailures) {
    return `${state.consecutiveFailures} consecutive failed attempts (limit ${policy.disableAfterFailures}).`;
  }
  if (state.failingSince && now.getTime() - state.failingSince.getTime() >= policy.disableAfterFailingMs) {
    const hours = Math.round(policy.disableAfterFailingMs / 3_600_000);
    return `Failing continuously since ${state.failingSince.toISOString()} (limit ${hours} hours).`;
  }
  return null;
}

import { ConduitError } from '@conduit/shared';

/**
 * Waits between attempts, in seconds, after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h. Seven retries, so a delivery gets 8 attempts in all before it is FAILED.
 */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = Object.freeze([5, 300, 1800, 7200, 18000, 36000, 36000]);
/** Default time allowed for one attempt (connect, headers and body), in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Smallest per-target timeout a user may configure. */
export const MIN_TIMEOUT_MS = 1_000;
/** Largest per-target timeout a user may configure. */
export const MAX_TIMEOUT_MS = 30_000;
/** Most retries a schedule may hold. */
export const MAX_RETRY_STEPS = 20;
/** Longest single wait in a schedule: 7 days, in seconds. */
export const MAX_RETRY_STEP_SECONDS = 7 * 24 * 3600;
/** Each scheduled wait is spread by up to ±20 % so that failures do not retry in lockstep. */
export const RETRY_JITTER_RATIO = 0.2;

/** How often and how patiently a webhook or action is retried. */
export interface RetryPolicy {
  /** Waits in seconds between attempts; attempts in all = schedule.length + 1. */
  schedule: readonly number[];
  /** Time allowed for one attempt, in milliseconds. */
  timeoutMs: number;
}

/** The policy used when a webhook or action sets none. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  schedule: DEFAULT_RETRY_SCHEDULE_SECONDS,
  timeoutMs: DEFAULT_TIMEOUT_MS,
});

/** Attempts in all (first attempt plus retries) under a schedule. */
export function maxAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}

/** Checks a user-supplied policy; throws BAD_USER_INPUT naming the field and the allowed range. */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { schedule, timeoutMs } = policy;
  if (!Array.isArray(schedule)) {
    throw bad('retryPolicy.schedule', 'The retry schedule must be a list of waits in seconds, e.g. [5, 300, 1800].');
  }
  if (schedule.length > MAX_RETRY_STEPS) {
    throw bad(
      'retryPolicy.schedule',
      `The retry schedule has ${schedule.length} steps; at most ${MAX_RETRY_STEPS} are allowed (use an empty list for no retries).`,
    );
  }
  schedule.forEach((seconds: unknown, index: number) => {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_RETRY_STEP_SECONDS) {
      throw bad(
        'retryPolicy.schedule',
        `Retry step ${index + 1} is ${String(seconds)}; each wait must be a number of seconds greater than 0 and at most ` +
          `${MAX_RETRY_STEP_SECONDS} (7 days).`,
      );
    }
  });
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
    throw bad(
      'retryPolicy.timeoutMs',
      `The timeout is ${String(timeoutMs)} ms; it must be between ${MIN_TIMEOUT_MS} and ${MAX_TIMEOUT_MS} ms (1 to 30 seconds).`,
    );
  }
  return policy;
}

function bad(field: string, message: string): ConduitError {
  return new ConduitError('BAD_USER_INPUT', message, { field });
}

/** Options of {@link nextRetryDelayMs}. */
export interface NextRetryOptions {
  schedule: readonly number[];
  /** 1-based number of the attempt that just failed. */
  attemptNumber: number;
  /** The wait the receiver asked for (parsed `Retry-After`), if any. */
  retryAfterMs?: number;
  /** Source of randomness in [0, 1) for the jitter; injectable for tests. */
  random?: () => number;
}

/**
 * How long to wait before the next attempt, or null when the schedule is exhausted.
 * Without Retry-After: the scheduled wait ±20 %. With Retry-After: that wait plus up to 20 %
 * (never earlier than asked), clamped to 1×–2× the scheduled wait and to the schedule's largest
 * step, so a receiver can slow retries down but can neither hammer nor stall a delivery.
 */
export function nextRetryDelayMs(options: NextRetryOptions): number | null {
  const { schedule, attemptNumber } = options;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new ConduitError('INTERNAL', `attemptNumber is 1-based and whole, got ${String(attemptNumber)}.`);
  }
  if (attemptNumber > schedule.length) return null;
  const scheduledMs = schedule[attemptNumber - 1] * 1000;
  const retryAfterMs = options.retryAfterMs;
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
    const factor = 1 + RETRY_JITTER_RATIO * (2 * random() - 1);
    return Math.round(scheduledMs * factor);
  }
  const largestStepMs = Math.max(...schedule) * 1000;
  const asked = retryAfterMs * (1 + RETRY_JITTER_RATIO * random());
  const clamped = Math.min(Math.max(asked, scheduledMs), 2 * scheduledMs, largestStepMs);
  return Math.round(clamped);
}

const DELTA_SECONDS = /^\s*(\d+)\s*$/;

/**
 * Parses a `Retry-After` value (delta-seconds or HTTP-date) into milliseconds from `now`;
 * undefined when absent or unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(headerValue: string | null | undefined, now: number | Date = Date.now()): number | undefined {
  if (headerValue === undefined || headerValue === null) return undefined;
  const delta = DELTA_SECONDS.exec(headerValue);
  if (delta) {
    const ms = Number(delta[1]) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  }
  // An HTTP-date always names a day or month; this keeps Date.parse from reading "1.5" or "-3".
  if (!/[A-Za-z]{3}/.test(headerValue)) return undefined;
  const at = Date.parse(headerValue);
  if (Number.isNaN(at)) return undefined;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return Math.max(0, at - nowMs);
}

import { assertNever, type AttemptOutcome } from '@conduit/shared';

/** What the engine does after an attempt. */
export interface AttemptClassification {
  /** Schedule another attempt (if the retry schedule has one left). */
  retryable: boolean;
  /** Disable the webhook or automation at once (410 Gone). */
  disableTarget: boolean;
}

const DONE: AttemptClassification = Object.freeze({ retryable: false, disableTarget: false });
const RETRY: AttemptClassification = Object.freeze({ retryable: true, disableTarget: false });
const GONE: AttemptClassification = Object.freeze({ retryable: false, disableTarget: true });

/** True for any 2xx status: the only success. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** True for statuses worth retrying: 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Decides whether a failed attempt is retried and whether its target is disabled.
 * Retried: timeouts, connection errors, invalid responses, HTTP 408, 429 and 5xx.
 * Final: success, other 4xx, 3xx (redirects not followed), blocked targets. 410 Gone disables.
 */
export function classifyAttempt(outcome: AttemptOutcome, status?: number): AttemptClassification {
  switch (outcome) {
    case 'SUCCESS':
    case 'BLOCKED':
      return DONE;
    case 'TIMEOUT':
    case 'NETWORK_ERROR':
    case 'INVALID_RESPONSE':
      return RETRY;
    case 'HTTP_ERROR':
      // Without a status the response was not understood: treat it like an invalid response.
      if (status === undefined) return RETRY;
      if (status === 410) return GONE;
      return isRetryableStatus(status) ? RETRY : DONE;
    default:
      return assertNever(outcome);
  }
}

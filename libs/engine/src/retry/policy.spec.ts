import { catchConduitError } from '@conduit/shared';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  DEFAULT_TIMEOUT_MS,
  maxAttempts,
  nextRetryDelayMs,
  parseRetryAfter,
  validateRetryPolicy,
} from './policy';

const noJitter = (): number => 0.5;
const lowest = (): number => 0;
const highest = (): number => 0.999999;

describe('default policy', () => {
  it('is 8 attempts with the documented waits and a 10 s timeout', () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(maxAttempts(DEFAULT_RETRY_SCHEDULE_SECONDS)).toBe(8);
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
    expect(validateRetryPolicy({ ...DEFAULT_RETRY_POLICY })).toEqual(DEFAULT_RETRY_POLICY);
    expect(Object.isFrozen(DEFAULT_RETRY_SCHEDULE_SECONDS)).toBe(true);
  });
});

describe('validateRetryPolicy', () => {

  it('accepts an empty schedule (no retries) and the bounds', () => {
    expect(() => validateRetryPolicy({ schedule: [], timeoutMs: 1000 })).not.toThrow();
    expect(() => validateRetryPolicy({ schedule: [0.5, 604800], timeoutMs: 30000 })).not.toThrow();
    expect(() => validateRetryPolicy({ schedule: new Array<number>(20).fill(1), timeoutMs: 5000 })).not.toThrow();
  });

  it.each([
    [{ schedule: new Array<number>(21).fill(1), timeoutMs: 5000 }, 'retryPolicy.schedule', /21 steps; at most 20/],
    [{ schedule: [5, 0], timeoutMs: 5000 }, 'retryPolicy.schedule', /Retry step 2 is 0/],
    [{ schedule: [-1], timeoutMs: 5000 }, 'retryPolicy.schedule', /greater than 0/],
    [{ schedule: [604801], timeoutMs: 5000 }, 'retryPolicy.schedule', /7 days/],
    [{ schedule: [Number.NaN], timeoutMs: 5000 }, 'retryPolicy.schedule', /Retry step 1 is NaN/],
    [{ schedule: [5], timeoutMs: 999 }, 'retryPolicy.timeoutMs', /between 1000 and 30000 ms/],
    [{ schedule: [5], timeoutMs: 30001 }, 'retryPolicy.timeoutMs', /1 to 30 seconds/],
  ])('refuses %j', (policy, field, message) => {
    const error = catchConduitError(() => validateRetryPolicy(policy));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details).toEqual({ field });
    expect(error.message).toMatch(message);
  });
});

describe('nextRetryDelayMs', () => {
  const schedule = DEFAULT_RETRY_SCHEDULE_SECONDS;

  it('follows the schedule, attempt by attempt, then stops', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attemptNumber) => nextRetryDelayMs({ schedule, attemptNumber, random: noJitter }));
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(nextRetryDelayMs({ schedule, attemptNumber: 8, random: noJitter })).toBeNull();
    expect(nextRetryDelayMs({ schedule: [], attemptNumber: 1 })).toBeNull();
  });

  it('spreads each wait by ±20 %', () => {
    expect(nextRetryDelayMs({ schedule, attemptNumber: 2, random: lowest })).toBe(240_000);
    expect(nextRetryDelayMs({ schedule, attemptNumber: 2, random: highest })).toBe(360_000);
    for (let i = 0; i < 200; i++) {
      const wait = nextRetryDelayMs({ schedule, attemptNumber: 1 }) ?? 0;
      expect(wait).toBeGreaterThanOrEqual(4_000);
      expect(wait).toBeLessThanOrEqual(6_000);
    }
  });

  it('honours Retry-After between 1x and 2x the scheduled wait', () => {
    // scheduled 300 s: asking 400 s is honoured, 10 s is raised to 300 s, 1 h is cut to 600 s
    expect(nextRetryDelayMs({ schedule, attemptNumber: 2, retryAfterMs: 400_000, random: lowest })).toBe(400_000);
    expect(nextRetryDelayMs({ schedule, attemptNumber: 2, retryAfterMs: 10_000, random: highest })).toBe(300_000);
    expect(nextRetryDelayMs({ schedule, attemptNumber: 2, retryAfterMs: 3_600_000, random: lowest })).toBe(600_000);
  });

  it('never retries earlier than Retry-After asks, within the clamp', () => {
    for (let i = 0; i < 100; i++) {
      const wait = nextRetryDelayMs({ schedule, attemptNumber: 1, retryAfterMs: 7_000 }) ?? 0;
      expect(wait).toBeGreaterThanOrEqual(7_000);
      expect(wait).toBeLessThanOrEqual(8_400);
    }
  });

  it('caps Retry-After at the largest step of the schedule', () => {
    const steep = [10, 3600, 15];
    // scheduled 3600 s, 2x would be 7200 s, but the largest step is 3600 s
    expect(nextRetryDelayMs({ schedule: steep, attemptNumber: 2, retryAfterMs: 10_000_000, random: lowest })).toBe(3_600_000);
    // a Retry-After of 0 on the last attempt still waits the scheduled 15 s
    expect(nextRetryDelayMs({ schedule: steep, attemptNumber: 3, retryAfterMs: 0, random: lowest })).toBe(15_000);
  });

  it('refuses an attempt number that is not 1-based', () => {
    expect(() => nextRetryDelayMs({ schedule, attemptNumber: 0 })).toThrow(/1-based/);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', new Date(now))).toBe(0);
  });

  it('ignores missing and unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    for (const value of ['', 'soon', '-5', '1.5', 'Someday, 99 Foo 2025']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});

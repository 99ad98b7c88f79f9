import { ATTEMPT_OUTCOMES } from '@conduit/shared';
import { classifyAttempt, isSuccessStatus } from './classify';

describe('classifyAttempt', () => {
  it.each([
    ['SUCCESS', 200, false, false],
    ['TIMEOUT', undefined, true, false],
    ['NETWORK_ERROR', undefined, true, false],
    ['INVALID_RESPONSE', undefined, true, false],
    ['BLOCKED', undefined, false, false],
    ['HTTP_ERROR', 408, true, false],
    ['HTTP_ERROR', 429, true, false],
    ['HTTP_ERROR', 500, true, false],
    ['HTTP_ERROR', 503, true, false],
    ['HTTP_ERROR', 599, true, false],
    ['HTTP_ERROR', 400, false, false],
    ['HTTP_ERROR', 401, false, false],
    ['HTTP_ERROR', 404, false, false],
    ['HTTP_ERROR', 422, false, false],
    ['HTTP_ERROR', 301, false, false],
    ['HTTP_ERROR', 410, false, true],
  ] as const)('%s %s → retryable %s, disable %s', (outcome, status, retryable, disableTarget) => {
    expect(classifyAttempt(outcome, status)).toEqual({ retryable, disableTarget });
  });

  it('classifies every outcome', () => {
    for (const outcome of ATTEMPT_OUTCOMES) {
      expect(() => classifyAttempt(outcome, 500)).not.toThrow();
    }
    expect(() => classifyAttempt('SOMETHING' as never)).toThrow(/Unexpected value: SOMETHING/);
  });
});

describe('isSuccessStatus', () => {
  it('is any 2xx', () => {
    expect([199, 200, 204, 299, 300].map(isSuccessStatus)).toEqual([false, true, true, true, false]);
  });
});

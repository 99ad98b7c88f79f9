import { attemptMatches } from './delivery.resolver';
import type { DeliveryAttemptType, DeliveryType } from './delivery.types';

const delivery = { id: 'msg_1', status: 'RETRYING', eventId: 'e1', automationId: null, webhookId: 'w1' } as DeliveryType;
const attempt = { webhookId: 'w1', startedAt: new Date('2026-01-01T10:00:00Z'), preloadedDelivery: delivery } as DeliveryAttemptType;

describe('attemptMatches (live log filter)', () => {
  it('matches on webhook, event, status and time range', () => {
    expect(attemptMatches(attempt, null)).toBe(true);
    expect(attemptMatches(attempt, { webhookId: 'w1', eventId: 'e1', status: ['RETRYING', 'FAILED'] })).toBe(true);
    expect(attemptMatches(attempt, { webhookId: 'w2' })).toBe(false);
    expect(attemptMatches(attempt, { eventId: 'e2' })).toBe(false);
    expect(attemptMatches(attempt, { status: ['SUCCEEDED'] })).toBe(false);
    expect(attemptMatches(attempt, { automationId: 'a1' })).toBe(false);
    expect(attemptMatches(attempt, { since: new Date('2026-01-01T10:00:01Z') })).toBe(false);
    expect(attemptMatches(attempt, { until: new Date('2026-01-01T10:00:00Z') })).toBe(false);
    expect(attemptMatches(attempt, { since: new Date('2026-01-01T09:00:00Z'), until: new Date('2026-01-01T11:00:00Z') })).toBe(true);
  });

  it('matches action calls on their action and integration', () => {
    const call = { id: 'msg_2', status: 'SUCCEEDED', eventId: null, webhookId: null, actionId: 'a1', integrationId: 'i1' } as DeliveryType;
    const callAttempt = { webhookId: null, startedAt: new Date('2026-01-01T10:00:00Z'), preloadedDelivery: call } as DeliveryAttemptType;
    expect(attemptMatches(callAttempt, { actionId: 'a1', integrationId: 'i1' })).toBe(true);
    expect(attemptMatches(callAttempt, { actionId: 'a2' })).toBe(false);
    expect(attemptMatches(callAttempt, { integrationId: 'i2' })).toBe(false);
    expect(attemptMatches(callAttempt, { webhookId: 'w1' })).toBe(false);
    expect(attemptMatches(attempt, { actionId: 'a1' })).toBe(false);
  });
});

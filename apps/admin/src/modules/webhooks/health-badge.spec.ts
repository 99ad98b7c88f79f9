import { describe, expect, it } from '@jest/globals';
import { failureSummary, healthBadge, type Health } from './health-badge';

describe('healthBadge', () => {
  it.each([
    ['HEALTHY', 'Healthy', 'success'],
    ['DEGRADED', 'Degraded', 'warning'],
    ['FAILING', 'Failing', 'danger'],
    ['DISABLED', 'Disabled', 'neutral'],
  ] as const)('shows %s as %s (%s)', (health, label, tone) => {
    expect(healthBadge(health)).toMatchObject({ label, tone });
    expect(healthBadge(health).hint).not.toBe('');
  });

  it('shows a state it does not know by its name instead of failing', () => {
    expect(healthBadge('PAUSED' as Health)).toMatchObject({ label: 'PAUSED', tone: 'neutral' });
  });
});

describe('failureSummary', () => {
  it('says nothing without failures and counts them otherwise', () => {
    expect(failureSummary(0)).toBe('');
    expect(failureSummary(1)).toBe('1 failure');
    expect(failureSummary(7)).toBe('7 failures in a row');
  });
});

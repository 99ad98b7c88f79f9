import { describe, expect, it } from '@jest/globals';
import { failureSummary, healthBadge, type Health } from './health-badge';

describe('healthBadge', () => {
  it.each([
    ['HEALTHY', 'Healthy', 'teal'],
    ['DEGRADED', 'Degraded', 'yellow'],
    ['FAILING', 'Failing', 'red'],
    ['DISABLED', 'Disabled', 'gray'],
  ] as const)('shows %s as %s (%s)', (health, label, color) => {
    expect(healthBadge(health)).toMatchObject({ label, color });
    expect(healthBadge(health).hint).not.toBe('');
  });

  it('shows a state it does not know by its name instead of failing', () => {
    expect(healthBadge('PAUSED' as Health)).toMatchObject({ label: 'PAUSED', color: 'gray' });
  });
});

describe('failureSummary', () => {
  it('says nothing without failures and counts them otherwise', () => {
    expect(failureSummary(0)).toBe('');
    expect(failureSummary(1)).toBe('1 failure');
    expect(failureSummary(7)).toBe('7 failures in a row');
  });
});

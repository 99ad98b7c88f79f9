import { describe, expect, it } from '@jest/globals';
import { isFinished, runDurationMs, runStatusBadge, stepProgress } from './run-status';

describe('run status', () => {
  it('labels and colours every status', () => {
    expect(runStatusBadge('SUCCEEDED')).toEqual({ label: 'Succeeded', color: 'teal' });
    expect(runStatusBadge('FAILED').color).toBe('red');
    expect(runStatusBadge('RUNNING').label).toBe('Running');
    expect(isFinished('PENDING')).toBe(false);
    expect(isFinished('FAILED')).toBe(true);
  });

  it('measures a run until it finished, or until now', () => {
    expect(runDurationMs({ startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.500Z' })).toBe(1500);
    expect(runDurationMs({ startedAt: '2025-01-01T00:00:00.000Z', finishedAt: null }, Date.parse('2025-01-01T00:00:02.000Z'))).toBe(2000);
  });

  it('counts finished steps', () => {
    expect(stepProgress([{ status: 'SUCCEEDED' }, { status: 'RUNNING' }, { status: 'PENDING' }])).toBe('1 of 3 steps done');
    expect(stepProgress([{ status: 'FAILED' }])).toBe('1 of 1 step done');
  });
});

import { describe, expect, it } from '@jest/globals';
import { describeSchedule, formatWait, parseSchedule } from './retry-schedule';

describe('parseSchedule', () => {
  it('reads waits separated by commas or spaces', () => {
    expect(parseSchedule('5, 300 1800')).toEqual({ schedule: [5, 300, 1800] });
    expect(parseSchedule('0.2')).toEqual({ schedule: [0.2] });
    expect(parseSchedule('  ')).toEqual({ schedule: [] });
  });
  it('names what is not a wait', () => {
    expect(parseSchedule('5, soon')).toEqual({ error: expect.stringContaining('"soon"') });
    expect(parseSchedule('0')).toEqual({ error: expect.stringContaining('greater than 0') });
  });
  it('reads the action editor\'s comma-separated seconds and refuses anything else', () => {
    expect(parseSchedule('1, 2.5 ,10')).toEqual({ schedule: [1, 2.5, 10] });
    expect(parseSchedule('')).toEqual({ schedule: [] });
    expect(parseSchedule('1, soon')).toEqual({ error: expect.any(String) });
    expect(parseSchedule('-1')).toEqual({ error: expect.any(String) });
  });
});

describe('describeSchedule', () => {
  it('counts the attempts and says the waits in units people read', () => {
    expect(describeSchedule([5, 300, 7200])).toBe('4 attempts: at once, then after 5 s, 5 min, 2 h.');
    expect(describeSchedule([])).toBe('One attempt, no retries.');
    expect(formatWait(5400)).toBe('1.5 h');
    expect(formatWait(172_800)).toBe('2 d');
  });
});

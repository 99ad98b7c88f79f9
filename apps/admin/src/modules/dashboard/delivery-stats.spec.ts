import { describe, expect, it } from '@jest/globals';
import { bucketDescription, chartOutcomes, chartRows, clockTime, formatSuccessRate, outcomeTotals } from './delivery-stats';

const buckets = [
  { start: '2025-01-01T10:00:00.000Z', total: 0, p95DurationMs: null, counts: [] },
  {
    start: '2025-01-01T10:01:00.000Z',
    total: 5,
    p95DurationMs: 120,
    counts: [
      { outcome: 'SUCCESS' as const, count: 3 },
      { outcome: 'HTTP_ERROR' as const, count: 2 },
    ],
  },
  { start: '2025-01-01T10:02:00.000Z', total: 1, p95DurationMs: 10_000, counts: [{ outcome: 'TIMEOUT' as const, count: 1 }] },
];

describe('chartRows', () => {
  it('gives every bucket a row with a count for every outcome, empty buckets included', () => {
    const rows = chartRows(buckets, (iso) => iso.slice(11, 16));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ time: '10:00', SUCCESS: 0, HTTP_ERROR: 0, TIMEOUT: 0, NETWORK_ERROR: 0, BLOCKED: 0, INVALID_RESPONSE: 0 });
    expect(rows[1]).toMatchObject({ time: '10:01', SUCCESS: 3, HTTP_ERROR: 2, TIMEOUT: 0 });
    expect(rows[2]).toMatchObject({ time: '10:02', SUCCESS: 0, TIMEOUT: 1 });
  });
});

describe('outcomeTotals and chartOutcomes', () => {
  it('adds up each outcome over the range, in the API order', () => {
    expect(outcomeTotals(buckets)).toEqual([
      { outcome: 'SUCCESS', count: 3 },
      { outcome: 'HTTP_ERROR', count: 2 },
      { outcome: 'TIMEOUT', count: 1 },
    ]);
  });

  it('draws success always and only the failures that occurred', () => {
    expect(chartOutcomes(buckets)).toEqual(['SUCCESS', 'HTTP_ERROR', 'TIMEOUT']);
    expect(chartOutcomes([buckets[0]])).toEqual(['SUCCESS']);
    expect(chartOutcomes([buckets[2]])).toEqual(['SUCCESS', 'TIMEOUT']);
  });
});

describe('formatSuccessRate', () => {
  it.each([
    [null, '—'],
    [1, '100 %'],
    [0, '0 %'],
    [0.5, '50 %'],
    [0.9753, '97.5 %'],
    [0.99999, '99.9 %'],
  ])('%s → %s', (rate, text) => {
    expect(formatSuccessRate(rate)).toBe(text);
  });
});

describe('clockTime', () => {
  it('shows hours and minutes in the local time zone, zero-padded', () => {
    const local = new Date(2025, 0, 1, 7, 5);
    expect(clockTime(local.toISOString())).toBe('07:05');
  });
});

describe('bucketDescription', () => {
  it('names the bucket length', () => {
    expect(bucketDescription(60)).toBe('per minute');
    expect(bucketDescription(900)).toBe('per 15 minutes');
    expect(bucketDescription(3600)).toBe('per hour');
    expect(bucketDescription(45)).toBe('per 45 seconds');
  });
});

import type { AttemptOutcome, DashboardStatsQuery } from '../../generated/graphql';

type Bucket = DashboardStatsQuery['deliveryStats']['buckets'][number];

/** Every attempt outcome, in the API's order (success first). */
export const OUTCOMES: readonly AttemptOutcome[] = ['SUCCESS', 'HTTP_ERROR', 'TIMEOUT', 'NETWORK_ERROR', 'BLOCKED', 'INVALID_RESPONSE'];

export interface OutcomeStyle {
  label: string;
  /** A Mantine color for the chart series and badges. */
  color: string;
}

/** How the dashboard names and colours an attempt outcome. */
export function outcomeStyle(outcome: AttemptOutcome): OutcomeStyle {
  switch (outcome) {
    case 'SUCCESS':
      return { label: 'Succeeded', color: 'teal.6' };
    case 'HTTP_ERROR':
      return { label: 'HTTP error', color: 'red.6' };
    case 'TIMEOUT':
      return { label: 'Timeout', color: 'orange.6' };
    case 'NETWORK_ERROR':
      return { label: 'Network error', color: 'grape.6' };
    case 'BLOCKED':
      return { label: 'Blocked', color: 'gray.6' };
    case 'INVALID_RESPONSE':
      return { label: 'Invalid response', color: 'yellow.6' };
    default: {
      const unknown: never = outcome;
      return { label: String(unknown), color: 'dark.4' };
    }
  }
}

/** One bar of the chart: its time label and a count per outcome (0 when none). */
export type ChartRow = { time: string } & Record<AttemptOutcome, number>;

/** The buckets as chart rows, oldest first, every outcome present as a key. */
export function chartRows(buckets: readonly Bucket[], timeLabel: (iso: string) => string = clockTime): ChartRow[] {
  return buckets.map((bucket) => {
    const row = { time: timeLabel(bucket.start) } as ChartRow;
    for (const outcome of OUTCOMES) row[outcome] = 0;
    for (const { outcome, count } of bucket.counts) row[outcome] = count;
    return row;
  });
}

/** Attempts per outcome over all the buckets, only outcomes that occurred, in OUTCOMES order. */
export function outcomeTotals(buckets: readonly Bucket[]): Array<{ outcome: AttemptOutcome; count: number }> {
  const totals = new Map<AttemptOutcome, number>();
  for (const bucket of buckets) {
    for (const { outcome, count } of bucket.counts) totals.set(outcome, (totals.get(outcome) ?? 0) + count);
  }
  return OUTCOMES.filter((outcome) => (totals.get(outcome) ?? 0) > 0).map((outcome) => ({ outcome, count: totals.get(outcome) ?? 0 }));
}

/**
 * The outcomes the chart draws: SUCCESS always (so an empty range still has a legend), and each
 * failure outcome that occurred in the range.
 */
export function chartOutcomes(buckets: readonly Bucket[]): AttemptOutcome[] {
  const seen = new Set(outcomeTotals(buckets).map(({ outcome }) => outcome));
  return OUTCOMES.filter((outcome) => outcome === 'SUCCESS' || seen.has(outcome));
}

/**
 * "97.5 %"; "—" when nothing was attempted. Rounded down, so 99.97 % reads "99.9 %" and
 * "100 %" means that every attempt succeeded.
 */
export function formatSuccessRate(rate: number | null): string {
  if (rate === null) return '—';
  if (rate >= 1) return '100 %';
  const tenths = Math.floor(rate * 1000) / 10;
  return `${tenths.toFixed(Number.isInteger(tenths) ? 0 : 1)} %`;
}

/** "14:05" in the viewer's time zone. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** What one bar of the chart covers, for the chart's caption. */
export function bucketDescription(bucketSeconds: number): string {
  if (bucketSeconds % 3600 === 0) return bucketSeconds === 3600 ? 'per hour' : `per ${bucketSeconds / 3600} hours`;
  if (bucketSeconds % 60 === 0) return bucketSeconds === 60 ? 'per minute' : `per ${bucketSeconds / 60} minutes`;
  return `per ${bucketSeconds} seconds`;
}

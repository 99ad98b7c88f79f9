import { Anchor, Paper, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDuration } from '../../../components/pretty';
import type { DashboardStatsQuery } from '../../../generated/graphql';
import { formatSuccessRate } from '../delivery-stats';

interface StatCardsProps {
  stats: DashboardStatsQuery['deliveryStats'];
  /** "last hour" / "last 24 hours", under each value. */
  rangeLabel: string;
}

/** Attempts, success rate and p95 latency over the range, and the deliveries waiting now. */
export function StatCards({ stats, rangeLabel }: StatCardsProps) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
      <StatCard label="Attempts" value={stats.attempts.toLocaleString()} hint={rangeLabel} />
      <StatCard
        label="Success rate"
        value={formatSuccessRate(stats.successRate)}
        hint={stats.successRate === null ? `no attempts in the ${rangeLabel}` : `of attempts, ${rangeLabel}`}
        color={successColor(stats.successRate)}
      />
      <StatCard
        label="p95 latency"
        value={stats.p95DurationMs === null ? '—' : formatDuration(stats.p95DurationMs)}
        hint={`95 % of attempts were faster, ${rangeLabel}`}
      />
      <StatCard
        label="Pending deliveries"
        value={stats.pendingDeliveries.toLocaleString()}
        hint={
          <Anchor component={Link} to="/deliveries" size="xs">
            waiting for an attempt now
          </Anchor>
        }
      />
    </SimpleGrid>
  );
}

interface StatCardProps {
  label: string;
  value: string;
  hint: ReactNode;
  color?: string;
}

function StatCard({ label, value, hint, color }: StatCardProps) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={color} lh={1.3}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

function successColor(rate: number | null): string | undefined {
  if (rate === null) return undefined;
  if (rate >= 0.99) return 'teal.7';
  if (rate >= 0.9) return 'yellow.7';
  return 'red.7';
}

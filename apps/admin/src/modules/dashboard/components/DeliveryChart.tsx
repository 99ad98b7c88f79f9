import { BarChart } from '@mantine/charts';
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { DashboardStatsQuery } from '../../../generated/graphql';
import { bucketDescription, chartOutcomes, chartRows, outcomeStyle, outcomeTotals } from '../delivery-stats';

interface DeliveryChartProps {
  stats: DashboardStatsQuery['deliveryStats'];
}

/** Attempts per bucket stacked by outcome, with each outcome's total over the range beside the title. */
export function DeliveryChart({ stats }: DeliveryChartProps) {
  const series = chartOutcomes(stats.buckets).map((outcome) => ({ name: outcome, ...outcomeStyle(outcome) }));
  const totals = outcomeTotals(stats.buckets);

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Attempts by outcome">
      <Stack gap="sm">
        <div>
          <Title order={4}>Attempts by outcome</Title>
          <Text size="xs" c="dimmed">
            Every delivery attempt of webhooks, automations and action calls, {bucketDescription(stats.bucketSeconds)}.
          </Text>
        </div>
        <Group gap="xs" aria-label="Totals by outcome" role="list">
          {totals.length === 0 && (
            <Text size="sm" c="dimmed">
              No attempts in this range.
            </Text>
          )}
          {totals.map(({ outcome, count }) => {
            const style = outcomeStyle(outcome);
            return (
              <Badge key={outcome} role="listitem" variant="light" color={style.color.split('.')[0]} size="lg" tt="none">
                {style.label}: {count.toLocaleString()}
              </Badge>
            );
          })}
        </Group>
        <BarChart
          h={260}
          data={chartRows(stats.buckets)}
          dataKey="time"
          type="stacked"
          series={series}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          tickLine="y"
          gridAxis="y"
          yAxisProps={{ allowDecimals: false }}
          valueFormatter={(value) => value.toLocaleString()}
          tooltipAnimationDuration={0}
        />
      </Stack>
    </Paper>
  );
}

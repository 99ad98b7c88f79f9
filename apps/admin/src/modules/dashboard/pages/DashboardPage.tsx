import { useQuery, useSubscription } from '@apollo/client/react';
import { Grid, SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import { useViewer } from '../../../app/viewer';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import type { DashboardHealthQuery, StatsRange } from '../../../generated/graphql';
import { DeliveryChart } from '../components/DeliveryChart';
import { GettingStarted } from '../components/GettingStarted';
import { NeedsAttention } from '../components/NeedsAttention';
import { StatCards } from '../components/StatCards';
import { DASHBOARD_HEALTH, DASHBOARD_HEALTH_CHANGED, DASHBOARD_STATS } from '../graphql/dashboard.operations';
import { needsAttention } from '../needs-attention';

/** How often the numbers are refreshed; health changes of webhooks arrive live in between. */
const REFRESH_MS = 30_000;

const RANGES: Array<{ value: StatsRange; label: string; caption: string }> = [
  { value: 'HOUR', label: 'Last hour', caption: 'last hour' },
  { value: 'DAY', label: 'Last 24 hours', caption: 'last 24 hours' },
];

/** How deliveries are doing, and which webhooks and automations need someone. */
export function DashboardPage() {
  const { workspace } = useViewer();
  const [range, setRange] = useState<StatsRange>('HOUR');
  const health = useQuery(DASHBOARD_HEALTH, { pollInterval: REFRESH_MS });
  // Written into the cache by webhook id: the list below re-sorts as soon as a health changes.
  useSubscription(DASHBOARD_HEALTH_CHANGED, { ignoreResults: true });
  const configured = health.data ? !isEmpty(health.data) : false;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`How deliveries are doing in ${workspace.name}, refreshed every 30 seconds.`}
        actions={
          configured && (
            <SegmentedControl
              value={range}
              onChange={(value) => setRange(value as StatsRange)}
              data={RANGES.map(({ value, label }) => ({ value, label }))}
              aria-label="Time range"
            />
          )
        }
      />
      <QueryState loading={health.loading} error={health.error} data={health.data} onRetry={() => void health.refetch()}>
        {(data) => (isEmpty(data) ? <GettingStarted /> : <Overview range={range} health={data} />)}
      </QueryState>
    </>
  );
}

function isEmpty(data: DashboardHealthQuery): boolean {
  return data.webhooks.length === 0 && data.automations.length === 0 && data.integrations.length === 0;
}

function Overview({ range, health }: { range: StatsRange; health: DashboardHealthQuery }) {
  const { data, previousData, loading, error, refetch } = useQuery(DASHBOARD_STATS, { variables: { range }, pollInterval: REFRESH_MS });
  const caption = RANGES.find((option) => option.value === range)?.caption ?? '';
  // While another range loads, keep showing the previous one rather than a spinner.
  const shown = data ?? previousData;
  const attention = (
    <NeedsAttention items={needsAttention(health.webhooks, health.automations)} targetCount={health.webhooks.length + health.automations.length} />
  );

  return (
    <Stack gap="md">
      {error && <ErrorAlert error={error} title={shown ? 'Could not refresh the numbers' : 'Could not load the numbers'} onRetry={() => void refetch()} />}
      {shown && <StatCards stats={shown.deliveryStats} rangeLabel={caption} />}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <QueryState loading={loading} data={shown}>
            {({ deliveryStats }) => <DeliveryChart stats={deliveryStats} />}
          </QueryState>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>{attention}</Grid.Col>
      </Grid>
    </Stack>
  );
}

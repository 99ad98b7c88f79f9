import { useQuery } from '@apollo/client/react';
import { Button, Card, Center, Group, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { AttemptFeed } from '../components/AttemptFeed';
import { DeliveriesTable } from '../components/DeliveriesTable';
import { DeliveryDrawer } from '../components/DeliveryDrawer';
import { DeliveryFilters } from '../components/DeliveryFilters';
import { DELIVERY_LOG_PAGE } from '../graphql/deliveries.operations';
import { useDeliveryDrawer } from '../hooks/useDeliveryDrawer';
import { useLiveAttempts } from '../hooks/useLiveAttempts';
import { NO_FILTERS, hasFilters, readFilters, toDeliveryFilter, writeFilters, type LogFilters } from '../log-filters';

const PAGE_SIZE = 25;

/** Every delivery of the workspace, filtered and paged, with the attempts streaming in above. */
export function DeliveryLogPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const filter = useMemo(() => toDeliveryFilter(filters), [filters]);
  const drawer = useDeliveryDrawer();
  const [loadingMore, setLoadingMore] = useState(false);

  const { data, loading, error, refetch, fetchMore } = useQuery(DELIVERY_LOG_PAGE, {
    variables: { filter, first: PAGE_SIZE },
  });
  const shown = useMemo(() => new Set(data?.deliveries.items.map((delivery) => delivery.id)), [data]);
  const [unseen, setUnseen] = useState(new Set<string>());
  const live = useLiveAttempts(filter, (attempt) => {
    if (!shown.has(attempt.deliveryId)) setUnseen((current) => new Set(current).add(attempt.deliveryId));
  });

  function setFilters(next: LogFilters) {
    setParams((current) => writeFilters(current, next));
    setUnseen(new Set());
  }

  async function refresh() {
    setUnseen(new Set());
    await refetch();
  }

  async function loadMore(after: string) {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after },
        updateQuery: (previous, { fetchMoreResult }) => ({
          deliveries: {
            ...fetchMoreResult.deliveries,
            items: [...previous.deliveries.items, ...fetchMoreResult.deliveries.items],
          },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  }

  const newDeliveries = [...unseen].filter((id) => !shown.has(id)).length;

  return (
    <>
      <PageHeader
        title="Delivery log"
        description="Every call Conduit made for your webhooks, automations and actions: each attempt's request and response, kept 30 days. New attempts stream in live."
      />
      <DeliveryFilters filters={filters} onChange={setFilters} />
      <Stack gap="lg">
        <AttemptFeed
          live={live}
          onOpen={drawer.open}
          waitingText={
            <>
              Waiting for attempts{hasFilters(filters) ? ' matching these filters' : ''}… They appear here as they are made. To
              try it, open a webhook and use <b>Send test event</b>.
            </>
          }
        />
        <Card withBorder padding="md" radius="md" component="section" aria-label="Deliveries">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>Deliveries</Text>
            <Group gap="sm">
              {newDeliveries > 0 && (
                <Text size="sm" c="indigo">
                  {newDeliveries} new since loaded
                </Text>
              )}
              <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={() => void refresh()}>
                Refresh
              </Button>
            </Group>
          </Group>
          <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
            {(loaded) =>
              loaded.deliveries.items.length === 0 ? (
                <EmptyLog filtered={hasFilters(filters)} onClear={() => setFilters(NO_FILTERS)} />
              ) : (
                <>
                  <DeliveriesTable deliveries={loaded.deliveries.items} onOpen={drawer.open} />
                  {loaded.deliveries.nextCursor && (
                    <Center mt="md">
                      <Button variant="light" loading={loadingMore} onClick={() => void loadMore(loaded.deliveries.nextCursor as string)}>
                        Load more
                      </Button>
                    </Center>
                  )}
                </>
              )
            }
          </QueryState>
        </Card>
      </Stack>
      <DeliveryDrawer />
    </>
  );
}

function EmptyLog({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <EmptyState title="No delivery matches these filters" action={<Button variant="light" onClick={onClear}>Clear filters</Button>}>
        Widen the time range or choose other statuses.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title="No deliveries yet"
      action={
        <Button component={Link} to="/webhooks">
          Go to webhooks
        </Button>
      }
    >
      A delivery is created for each webhook or automation an event matches, and for each action call. To see one, open a
      webhook and click <b>Send test event</b>: Conduit posts an example of a subscribed event type to its URL, and the
      attempt appears here at once.
    </EmptyState>
  );
}

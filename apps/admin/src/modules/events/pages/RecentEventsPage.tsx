import { useQuery } from '@apollo/client/react';
import { Anchor, Button, Group, Paper, Select, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { QueryState } from '../../../components/QueryState';
import { formatTime } from '../../../components/pretty';
import { DeliveryCounts } from '../components/DeliveryCounts';
import { EventsHeader } from '../components/EventsHeader';
import { EVENT_TYPES, RECENT_EVENTS } from '../graphql/events.operations';

const PAGE_SIZE = 25;

/** /events/recent?type=…: the latest events, newest first, with their deliveries. */
export function RecentEventsPage() {
  const [params, setParams] = useSearchParams();
  const type = params.get('type');
  const catalogue = useQuery(EVENT_TYPES);
  const { data, loading, error, refetch, fetchMore } = useQuery(RECENT_EVENTS, { variables: { type, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network' });
  const [more, setMore] = useState({ loading: false, done: false });
  const eventTypes = catalogue.data?.eventTypes ?? [];

  const loadMore = async (after: string) => {
    setMore({ loading: true, done: false });
    const result = await fetchMore({
      variables: { after },
      updateQuery: (previous, { fetchMoreResult }) => ({ ...previous, events: [...(previous.events ?? []), ...fetchMoreResult.events] }),
    });
    setMore({ loading: false, done: (result.data?.events.length ?? 0) < PAGE_SIZE });
  };

  return (
    <>
      <EventsHeader tab="recent" eventTypes={eventTypes} publishType={type ?? undefined} />
      <Group justify="space-between" align="flex-end" mb="sm">
        <Select
          label="Type"
          placeholder="All types"
          data={eventTypes.map((t) => t.name)}
          value={type}
          onChange={(value) => {
            setMore({ loading: false, done: false });
            setParams(value ? { type: value } : {});
          }}
          searchable
          clearable
          w={360}
        />
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void refetch()} loading={loading && data !== undefined}>
          Refresh
        </Button>
      </Group>
      <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
        {({ events }) =>
          events.length === 0 ? (
            <EmptyState title={type ? `No ${type} events yet` : 'No events yet'}>
              Events arrive when your platform publishes them (GraphQL publishEvent or POST /v1/events with an API key). Publish one here to try your webhooks, automations and
              flows.
            </EmptyState>
          ) : (
            <>
              {error && <ErrorAlert error={error} />}
              <Paper withBorder>
                <Table verticalSpacing="xs" highlightOnHover aria-label="Recent events">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Type</Table.Th>
                      <Table.Th>Occurred</Table.Th>
                      <Table.Th>Deliveries</Table.Th>
                      <Table.Th>Event id</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {events.map((event) => (
                      <Table.Tr key={event.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/events/${event.id}`} ff="monospace" size="sm" fw={500}>
                            {event.type}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatTime(event.occurredAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <DeliveryCounts deliveries={event.deliveries} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" ff="monospace" c="dimmed">
                            {event.id}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
              {events.length >= PAGE_SIZE && !more.done && (
                <Group justify="center" mt="md">
                  <Button variant="default" loading={more.loading} onClick={() => void loadMore(events[events.length - 1].id)}>
                    Older events
                  </Button>
                </Group>
              )}
            </>
          )
        }
      </QueryState>
    </>
  );
}

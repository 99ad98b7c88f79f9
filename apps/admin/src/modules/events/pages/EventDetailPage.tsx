import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { Anchor, Button, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconRepeat } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { apiErrorMessage } from '../../../app/api-error';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { JsonView } from '../../../components/JsonView';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatTime } from '../../../components/pretty';
import { DeliveryStatusBadge } from '../../deliveries/components/StatusBadges';
import { isOpen } from '../../deliveries/delivery-status';
import { TargetLink } from '../../deliveries/components/TargetLink';
import { EVENT_ATTEMPTS, EVENT_DETAIL, RECENT_EVENTS, REPLAY_EVENT } from '../graphql/events.operations';

/** How often an event's page re-reads its deliveries while some are still open. */
const OPEN_POLL_MS = 3_000;

/** /events/:id: an event's payload and its deliveries (live), and Replay. */
export function EventDetailPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  // Each attempt carries its delivery's new status, which replaces the cached one. An attempt
  // committed between the query and the subscription's start (a delivery takes milliseconds) or
  // during a lost WebSocket never arrives: while deliveries are open, polling catches up.
  const [open, setOpen] = useState(false);
  const { data, loading, error, refetch } = useQuery(EVENT_DETAIL, { variables: { id }, pollInterval: open ? OPEN_POLL_MS : 0 });
  useSubscription(EVENT_ATTEMPTS, { variables: { eventId: id } });
  const anyOpen = data?.event?.deliveries.some((delivery) => isOpen(delivery.status)) ?? false;
  if (anyOpen !== open) setOpen(anyOpen);
  const [replay, replaying] = useMutation(REPLAY_EVENT, { refetchQueries: [EVENT_DETAIL, RECENT_EVENTS] });

  const doReplay = async () => {
    try {
      const { data: result } = await replay({ variables: { eventId: id } });
      const count = result?.replayEvent.length ?? 0;
      notifications.show({
        color: count > 0 ? 'teal' : 'yellow',
        title: 'Event replayed',
        message: count > 0 ? `${count} new ${count === 1 ? 'delivery' : 'deliveries'} to the matching webhooks.` : 'No enabled webhook matches this event now.',
      });
    } catch (failure) {
      notifications.show({ color: 'red', title: 'Could not replay the event', message: apiErrorMessage(failure) });
    }
  };

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ event }) =>
        event && (
          <>
            <PageHeader
              title={<Text span ff="monospace" inherit>{event.type}</Text>}
              description={`Occurred ${formatTime(event.occurredAt)} · ${event.id}${event.idempotencyKey ? ` · idempotency key ${event.idempotencyKey}` : ''}`}
              actions={
                <Group gap="sm">
                  <Button component={Link} to="/events/recent" variant="subtle" leftSection={<IconArrowLeft size={16} />}>
                    Recent events
                  </Button>
                  {can.edit && (
                    <Button leftSection={<IconRepeat size={16} />} loading={replaying.loading} onClick={() => void doReplay()}>
                      Replay
                    </Button>
                  )}
                </Group>
              }
            />
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <Stack gap="xs">
                  <Title order={4}>Payload</Title>
                  <JsonView value={event.payload} maxHeight={560} />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <Stack gap="xs">
                  <Title order={4}>Deliveries</Title>
                  {event.deliveries.length === 0 ? (
                    <EmptyState title="Not delivered anywhere">
                      No enabled webhook or automation matched this event when it was published. Subscribe a webhook to {event.type} (or a pattern), then Replay it.
                    </EmptyState>
                  ) : (
                    <Paper withBorder>
                      <Table verticalSpacing="xs" aria-label="Deliveries">
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>Status</Table.Th>
                            <Table.Th>Target</Table.Th>
                            <Table.Th>Attempts</Table.Th>
                            <Table.Th>Created</Table.Th>
                            <Table.Th aria-label="Open" />
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {event.deliveries.map((delivery) => (
                            <Table.Tr key={delivery.id}>
                              <Table.Td>
                                <DeliveryStatusBadge status={delivery.status} />
                              </Table.Td>
                              <Table.Td>
                                <TargetLink delivery={delivery} />
                                {delivery.lastError && (
                                  <Text size="xs" c="red">
                                    {delivery.lastError}
                                  </Text>
                                )}
                              </Table.Td>
                              <Table.Td>{delivery.attemptCount}</Table.Td>
                              <Table.Td>
                                <Text size="sm">{formatTime(delivery.createdAt)}</Text>
                              </Table.Td>
                              <Table.Td>
                                <Anchor component={Link} to={`/deliveries/${delivery.id}`} size="sm">
                                  Open
                                </Anchor>
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Paper>
                  )}
                </Stack>
              </Grid.Col>
            </Grid>
          </>
        )
      }
    </QueryState>
  );
}

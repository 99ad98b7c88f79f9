import { skipToken, useQuery, useSubscription } from '@apollo/client/react';
import { Accordion, Anchor, Code, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { JsonView } from '../../../components/JsonView';
import { QueryState } from '../../../components/QueryState';
import { formatTime } from '../../../components/pretty';
import type { DeliveryDetailQuery, DeliveryFilter } from '../../../generated/graphql';
import { deliveryTarget, isOpen } from '../delivery-status';
import { DELIVERY_DETAIL, LIVE_DELIVERY_ATTEMPTS } from '../graphql/deliveries.operations';
import { useDeliveryDrawer } from '../hooks/useDeliveryDrawer';
import { AttemptDetail } from './AttemptDetail';
import { DeliveryActions } from './DeliveryActions';
import { DeliveryStatusBadge, OutcomeBadge } from './StatusBadges';

type Delivery = NonNullable<DeliveryDetailQuery['delivery']>;

/** The drawer of the delivery named by `?delivery=<id>` on the current page. */
export function DeliveryDrawer() {
  const { deliveryId, close } = useDeliveryDrawer();
  return (
    <Drawer opened={deliveryId !== null} onClose={close} position="right" size="xl" title={<Title order={4}>Delivery</Title>}>
      {deliveryId && <DeliveryDetail id={deliveryId} />}
    </Drawer>
  );
}

/** The narrowest live filter that still covers this delivery's attempts. */
function liveFilterOf(delivery: Delivery): DeliveryFilter {
  if (delivery.event) return { eventId: delivery.event.id };
  if (delivery.webhook) return { webhookId: delivery.webhook.id };
  if (delivery.automation) return { automationId: delivery.automation.id };
  if (delivery.action) return { actionId: delivery.action.id };
  return {};
}

/** How often an open delivery is re-read: every 3 s when it is due within a minute, else every 30 s. */
const DUE_POLL_MS = 3_000;
const OPEN_POLL_MS = 30_000;
const DUE_SOON_MS = 60_000;

/** How often to re-read the delivery: 0 once it is finished. */
function pollIntervalOf(delivery: Delivery | null | undefined): number {
  if (!delivery || !isOpen(delivery.status)) return 0;
  const dueSoon = !delivery.nextAttemptAt || Date.parse(delivery.nextAttemptAt) - Date.now() < DUE_SOON_MS;
  return dueSoon ? DUE_POLL_MS : OPEN_POLL_MS;
}

function DeliveryDetail({ id }: { id: string }) {
  const { can } = useViewer();
  // An attempt committed between this query and the subscription's start (an attempt takes
  // milliseconds) or while the WebSocket is down never arrives live: while the delivery is open,
  // polling catches up (often when it is due soon; each read re-decides, so a retry due in an hour
  // is polled every 30 s until its minute comes).
  const [pollInterval, setPollInterval] = useState(0);
  const { data, loading, error, refetch } = useQuery(DELIVERY_DETAIL, { variables: { id }, pollInterval });
  const delivery = data?.delivery;
  const wanted = pollIntervalOf(delivery);
  if (wanted !== pollInterval) setPollInterval(wanted);

  // A new attempt of this delivery (a retry, a scheduled attempt) shows up without a reload.
  useSubscription(
    LIVE_DELIVERY_ATTEMPTS,
    delivery
      ? {
          variables: { filter: liveFilterOf(delivery) },
          onData: ({ data: message }) => {
            if (message.data?.deliveryAttempts.deliveryId === id) void refetch();
          },
        }
      : skipToken,
  );

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {(loaded) =>
        loaded.delivery ? (
          <Stack gap="lg">
            <Summary delivery={loaded.delivery} />
            {can.edit && <DeliveryActions delivery={loaded.delivery} onDone={() => void refetch()} />}
            {loaded.delivery.event && (
              <section aria-label="Event">
                <Title order={5} mb="xs">
                  Event <Code>{loaded.delivery.event.type}</Code>
                </Title>
                <Text size="xs" c="dimmed" mb={4}>
                  {loaded.delivery.event.id} · occurred {formatTime(loaded.delivery.event.occurredAt)}
                </Text>
                <JsonView value={loaded.delivery.event.payload} maxHeight={240} />
              </section>
            )}
            <Attempts delivery={loaded.delivery} />
          </Stack>
        ) : (
          <Text c="dimmed">This delivery no longer exists (the log keeps 30 days by default).</Text>
        )
      }
    </QueryState>
  );
}

function Summary({ delivery }: { delivery: Delivery }) {
  const target = deliveryTarget(delivery);
  return (
    <Stack gap={6}>
      <Group gap="sm">
        <DeliveryStatusBadge status={delivery.status} />
        <Text size="sm" c="dimmed">
          {delivery.attemptCount} {delivery.attemptCount === 1 ? 'attempt' : 'attempts'}
        </Text>
        {isOpen(delivery.status) && delivery.nextAttemptAt && (
          <Text size="sm" c="dimmed">
            next attempt {formatTime(delivery.nextAttemptAt)}
          </Text>
        )}
      </Group>
      <Text size="sm">
        <Text span c="dimmed">
          {target.kind}:{' '}
        </Text>
        {target.href ? (
          <Anchor component={Link} to={target.href}>
            {target.label}
          </Anchor>
        ) : (
          target.label
        )}
      </Text>
      <Text size="xs" c="dimmed">
        id (webhook-id header) <Code>{delivery.id}</Code> · created {formatTime(delivery.createdAt)}
        {delivery.completedAt ? ` · finished ${formatTime(delivery.completedAt)}` : ''}
      </Text>
      {delivery.lastError && (
        <Text size="sm" c="red">
          {delivery.lastError}
        </Text>
      )}
    </Stack>
  );
}

function Attempts({ delivery }: { delivery: Delivery }) {
  const attempts = [...delivery.attempts].sort((a, b) => b.number - a.number);
  if (attempts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No attempt yet{delivery.nextAttemptAt ? `; the first is due ${formatTime(delivery.nextAttemptAt)}` : ''}.
      </Text>
    );
  }
  return (
    <section aria-label="Attempts">
      <Title order={5} mb="xs">
        Attempts
      </Title>
      <Accordion variant="separated" multiple defaultValue={[attempts[0].id]} key={attempts[0].id}>
        {attempts.map((attempt) => (
          <Accordion.Item key={attempt.id} value={attempt.id}>
            <Accordion.Control>
              <Group gap="sm">
                <Text fw={600}>#{attempt.number}</Text>
                <OutcomeBadge outcome={attempt.outcome} httpStatus={attempt.response?.status} />
                <Text size="sm" c="dimmed">
                  {formatTime(attempt.startedAt)}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <AttemptDetail attempt={attempt} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </section>
  );
}

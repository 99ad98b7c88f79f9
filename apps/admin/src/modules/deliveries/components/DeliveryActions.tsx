import { useMutation } from '@apollo/client/react';
import { Button, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHistory, IconRefresh, IconRepeat } from '@tabler/icons-react';
import { Link } from 'react-router';
import { apiErrorMessage } from '../../../app/api-error';
import type { DeliveryLogRowFragment } from '../../../generated/graphql';
import { canRetry } from '../delivery-status';
import { REPLAY_EVENT, RETRY_DELIVERY } from '../graphql/deliveries.operations';

interface DeliveryActionsProps {
  delivery: DeliveryLogRowFragment;
  /** After a retry or replay (to show the new attempt). */
  onDone: () => void;
}

/** Retry, replay and recover: for roles that may edit. */
export function DeliveryActions({ delivery, onDone }: DeliveryActionsProps) {
  const [retry, retrying] = useMutation(RETRY_DELIVERY);
  const [replay, replaying] = useMutation(REPLAY_EVENT, { refetchQueries: ['DeliveryLogPage'] });
  const retryable = canRetry(delivery.status);

  async function onRetry() {
    try {
      await retry({ variables: { id: delivery.id } });
      notifications.show({ color: 'teal', title: 'Retry started', message: 'One more attempt is being made now, with the same webhook-id.' });
      onDone();
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not retry', message: apiErrorMessage(error) });
    }
  }

  async function onReplay() {
    if (!delivery.event) return;
    try {
      const { data } = await replay({ variables: { eventId: delivery.event.id, webhookId: delivery.webhook?.id } });
      const count = data?.replayEvent.length ?? 0;
      notifications.show({
        color: 'teal',
        title: 'Event replayed',
        message: count === 1 ? 'A new delivery was created.' : `${count} new deliveries were created.`,
      });
      onDone();
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not replay', message: apiErrorMessage(error) });
    }
  }

  return (
    <Group gap="sm">
      <Tooltip label={retryable ? 'One more attempt now, same webhook-id' : 'Only failed or cancelled deliveries can be retried'}>
        <Button leftSection={<IconRefresh size={16} />} onClick={() => void onRetry()} loading={retrying.loading} disabled={!retryable}>
          Retry delivery
        </Button>
      </Tooltip>
      {delivery.event && delivery.webhook && (
        <Tooltip label="Send the event again as a new delivery (new webhook-id) to this webhook">
          <Button variant="light" leftSection={<IconRepeat size={16} />} onClick={() => void onReplay()} loading={replaying.loading}>
            Replay event
          </Button>
        </Tooltip>
      )}
      {delivery.webhook && (
        <Button
          variant="subtle"
          component={Link}
          to={`/webhooks/${delivery.webhook.id}?recover=1`}
          leftSection={<IconHistory size={16} />}
        >
          Recover a time range…
        </Button>
      )}
    </Group>
  );
}

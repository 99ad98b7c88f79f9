import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { apiErrorMessage } from '../../../app/api-error';
import type { WebhookSettingsFieldsFragment } from '../../../generated/graphql';
import { DeliveryStatusBadge } from '../../deliveries/components/StatusBadges';
import { isOpen } from '../../deliveries/delivery-status';
import { SEND_TEST_EVENT, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_DELIVERY } from '../graphql/webhooks.operations';
import { matchingTypes } from '../../../components/event-patterns';

interface SendTestEventCardProps {
  webhook: WebhookSettingsFieldsFragment;
  onOpenDelivery: (id: string) => void;
}

/** Sends the example payload of one of the webhook's event types to it alone, and follows the delivery. */
export function SendTestEventCard({ webhook, onOpenDelivery }: SendTestEventCardProps) {
  const catalogue = useQuery(WEBHOOK_EVENT_TYPES);
  const types = matchingTypes(webhook.events, catalogue.data?.eventTypes ?? []);
  const [chosen, setChosen] = useState<string | null>(null);
  const type = chosen ?? types[0]?.name ?? null;
  const [send, sending] = useMutation(SEND_TEST_EVENT);
  const [deliveryId, setDeliveryId] = useState<string | null>(null);

  // Follows the test delivery: live attempts update it through the cache; polling covers a lost WebSocket.
  const [waiting, setWaiting] = useState(false);
  const test = useQuery(WEBHOOK_TEST_DELIVERY, deliveryId ? { variables: { id: deliveryId }, pollInterval: waiting ? 1500 : 0 } : skipToken);
  const delivery = test.data?.delivery;
  const open = delivery ? isOpen(delivery.status) : deliveryId !== null;
  if (open !== waiting) setWaiting(open);

  async function onSend() {
    try {
      const { data } = await send({ variables: { webhookId: webhook.id, type } });
      if (data) setDeliveryId(data.sendTestEvent.id);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not send the test event', message: apiErrorMessage(error) });
    }
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Send test event">
      <Title order={5} mb={4}>
        Send test event
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Posts the catalogue example of an event type to this webhook only, signed like any delivery.
      </Text>
      {!webhook.enabled ? (
        <Text size="sm">Enable the webhook to send it a test event.</Text>
      ) : types.length === 0 && !catalogue.loading ? (
        <Text size="sm">None of the catalogue types matches this webhook&apos;s events.</Text>
      ) : (
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <Select
              label="Event type"
              data={types.map((option) => option.name)}
              value={type}
              onChange={setChosen}
              allowDeselect={false}
              searchable
              w={340}
            />
            <Button leftSection={<IconSend size={16} />} loading={sending.loading} disabled={!type} onClick={() => void onSend()}>
              Send test event
            </Button>
          </Group>
          {deliveryId && (
            <Group gap="sm" data-testid="test-delivery">
              <Text size="sm">Test delivery:</Text>
              {delivery ? <DeliveryStatusBadge status={delivery.status} /> : <Text size="sm">sending…</Text>}
              {delivery?.lastError && (
                <Text size="sm" c="red" maw={420} truncate="end">
                  {delivery.lastError}
                </Text>
              )}
              <Anchor component="button" type="button" size="sm" onClick={() => onOpenDelivery(deliveryId)}>
                Show request and response
              </Anchor>
            </Group>
          )}
        </Stack>
      )}
    </Card>
  );
}

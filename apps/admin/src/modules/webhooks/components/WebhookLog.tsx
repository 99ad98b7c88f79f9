import { useQuery } from '@apollo/client/react';
import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '../../../components/QueryState';
import { AttemptFeed } from '../../deliveries/components/AttemptFeed';
import { DeliveriesTable } from '../../deliveries/components/DeliveriesTable';
import { DELIVERY_LOG_PAGE } from '../../deliveries/graphql/deliveries.operations';
import { useLiveAttempts } from '../../deliveries/hooks/useLiveAttempts';

const RECENT = 10;

interface WebhookLogProps {
  webhookId: string;
  onOpenDelivery: (id: string) => void;
}

/** The webhook's attempts as they happen, and its latest deliveries. */
export function WebhookLog({ webhookId, onOpenDelivery }: WebhookLogProps) {
  const recent = useQuery(DELIVERY_LOG_PAGE, { variables: { filter: { webhookId }, first: RECENT } });
  const listed = new Set(recent.data?.deliveries.items.map((delivery) => delivery.id));
  const live = useLiveAttempts({ webhookId }, (attempt) => {
    // A delivery that is not listed yet: fetch the list again (status changes arrive through the cache).
    if (!listed.has(attempt.deliveryId)) void recent.refetch();
  });

  return (
    <Stack gap="md">
      <AttemptFeed
        live={live}
        title="Live log"
        hideTarget
        onOpen={onOpenDelivery}
        waitingText="No attempt since you opened this page. Send a test event to watch one arrive here."
      />
      <Card withBorder radius="md" padding="md" component="section" aria-label="Recent deliveries">
        <Group justify="space-between" mb="sm">
          <Text fw={600}>Recent deliveries</Text>
          <Anchor component={Link} to={`/deliveries?webhook=${webhookId}`} size="sm">
            All deliveries in the log
          </Anchor>
        </Group>
        <QueryState loading={recent.loading} error={recent.error} data={recent.data} onRetry={() => void recent.refetch()}>
          {(loaded) =>
            loaded.deliveries.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No delivery yet. One is created for every event that matches this webhook&apos;s events and filter.
              </Text>
            ) : (
              <DeliveriesTable deliveries={loaded.deliveries.items} onOpen={onOpenDelivery} hideTarget label="Recent deliveries" />
            )
          }
        </QueryState>
      </Card>
    </Stack>
  );
}

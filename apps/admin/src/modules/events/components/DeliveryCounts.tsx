import { Badge, Group, Text } from '@mantine/core';
import type { DeliveryStatus } from '../../../generated/graphql';
import { deliveryStatusLook } from '../../deliveries/delivery-status';
import { deliveryCounts } from '../event-display';

/** "2 succeeded · 1 failed" as badges; "None" when nothing matched the event. */
export function DeliveryCounts({ deliveries }: { deliveries: readonly { status: DeliveryStatus }[] }) {
  const counts = deliveryCounts(deliveries);
  if (counts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {counts.map(({ status, count }) => (
        <Badge key={status} color={deliveryStatusLook(status).color} variant="light" tt="none">
          {count} {status.toLowerCase()}
        </Badge>
      ))}
    </Group>
  );
}

import { Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { DeliveryTargetFieldsFragment } from '../../../generated/graphql';
import { deliveryTarget } from '../delivery-status';

/** "Webhook · https://…" with a link to where the target is configured. */
export function TargetLink({ delivery }: { delivery: DeliveryTargetFieldsFragment }) {
  const target = deliveryTarget(delivery);
  return (
    <Group gap={6} wrap="nowrap" miw={0}>
      <Text size="xs" c="dimmed">
        {target.kind}
      </Text>
      {target.href ? (
        <Anchor component={Link} to={target.href} size="sm" truncate="end" maw={320} onClick={(event) => event.stopPropagation()}>
          {target.label}
        </Anchor>
      ) : (
        <Text size="sm" truncate="end" maw={320}>
          {target.label}
        </Text>
      )}
    </Group>
  );
}

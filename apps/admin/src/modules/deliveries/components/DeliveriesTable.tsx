import { Table, Text, Tooltip } from '@mantine/core';
import { formatTime } from '../../../components/pretty';
import type { DeliveryLogRowFragment } from '../../../generated/graphql';
import { DeliveryStatusBadge } from './StatusBadges';
import { TargetLink } from './TargetLink';

interface DeliveriesTableProps {
  deliveries: readonly DeliveryLogRowFragment[];
  onOpen: (id: string) => void;
  hideTarget?: boolean;
  label?: string;
}

/** Deliveries, newest first; a row opens the delivery's detail. */
export function DeliveriesTable({ deliveries, onOpen, hideTarget = false, label = 'Deliveries' }: DeliveriesTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Created</Table.Th>
            <Table.Th w={130}>Status</Table.Th>
            {!hideTarget && <Table.Th>Target</Table.Th>}
            <Table.Th>Event</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Last error / next attempt</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((delivery) => (
            <Table.Tr key={delivery.id} data-testid="delivery-row" style={{ cursor: 'pointer' }} onClick={() => onOpen(delivery.id)}>
              <Table.Td>
                <Text size="sm">{formatTime(delivery.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                <DeliveryStatusBadge status={delivery.status} />
              </Table.Td>
              {!hideTarget && (
                <Table.Td>
                  <TargetLink delivery={delivery} />
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {delivery.event?.type ?? (delivery.action ? 'action call' : '—')}
                </Text>
              </Table.Td>
              <Table.Td>{delivery.attemptCount}</Table.Td>
              <Table.Td maw={320}>
                {delivery.nextAttemptAt && (delivery.status === 'RETRYING' || delivery.status === 'PENDING') ? (
                  <Text size="sm" c="dimmed">
                    next {formatTime(delivery.nextAttemptAt)}
                  </Text>
                ) : delivery.lastError ? (
                  <Tooltip label={delivery.lastError} multiline maw={420}>
                    <Text size="sm" c="red" truncate="end">
                      {delivery.lastError}
                    </Text>
                  </Tooltip>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

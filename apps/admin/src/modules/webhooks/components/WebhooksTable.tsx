import { Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { HealthBadge } from '../../../components/HealthBadge';
import { formatTime } from '../../../components/pretty';
import type { WebhookSettingsFieldsFragment } from '../../../generated/graphql';

const SHOWN_EVENTS = 3;

/** The workspace's webhooks with their health; each links to its page. */
export function WebhooksTable({ webhooks }: { webhooks: readonly WebhookSettingsFieldsFragment[] }) {
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Webhooks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Endpoint</Table.Th>
            <Table.Th>Events</Table.Th>
            <Table.Th>Health</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {webhooks.map((webhook) => (
            <Table.Tr key={webhook.id}>
              <Table.Td maw={420}>
                <Stack gap={0}>
                  <Anchor component={Link} to={`/webhooks/${webhook.id}`} fw={500} truncate="end">
                    {webhook.description || webhook.url}
                  </Anchor>
                  {webhook.description && (
                    <Text size="xs" c="dimmed" truncate="end">
                      {webhook.url}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {webhook.events.slice(0, SHOWN_EVENTS).map((pattern) => (
                    <Badge key={pattern} variant="outline" color="gray" tt="none" fw={500}>
                      {pattern}
                    </Badge>
                  ))}
                  {webhook.events.length > SHOWN_EVENTS && (
                    <Tooltip label={webhook.events.slice(SHOWN_EVENTS).join(', ')} multiline maw={360}>
                      <Badge variant="light" color="gray">
                        +{webhook.events.length - SHOWN_EVENTS}
                      </Badge>
                    </Tooltip>
                  )}
                  {webhook.filter != null && (
                    <Badge variant="light" color="indigo" tt="none">
                      filtered
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <HealthBadge health={webhook.health} consecutiveFailures={webhook.consecutiveFailures} />
                  {webhook.disabledReason && (
                    <Text size="xs" c="dimmed" maw={280}>
                      {webhook.disabledReason}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(webhook.createdAt)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

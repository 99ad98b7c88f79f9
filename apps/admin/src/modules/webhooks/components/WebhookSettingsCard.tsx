import { Badge, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { HealthBadge } from '../../../components/HealthBadge';
import { JsonView } from '../../../components/JsonView';
import { formatDuration, formatTime } from '../../../components/pretty';
import type { WebhookSettingsFieldsFragment } from '../../../generated/graphql';
import { describeSchedule } from '../../../components/retry-schedule';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={130} fw={500} c="dimmed" fz="sm" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td fz="sm">{children}</Table.Td>
    </Table.Tr>
  );
}

/** Everything a webhook is configured with, read-only. */
export function WebhookSettingsCard({ webhook }: { webhook: WebhookSettingsFieldsFragment }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Settings">
      <Title order={5} mb="sm">
        Settings
      </Title>
      <Table verticalSpacing={6} variant="vertical" layout="fixed" withRowBorders={false}>
        <Table.Tbody>
          <Row label="Health">
            <Stack gap={2}>
              <HealthBadge health={webhook.health} consecutiveFailures={webhook.consecutiveFailures} />
              {webhook.disabledReason && (
                <Text size="xs" c="dimmed">
                  {webhook.disabledReason}
                  {webhook.disabledAt ? ` (${formatTime(webhook.disabledAt)})` : ''}
                </Text>
              )}
            </Stack>
          </Row>
          <Row label="URL">
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {webhook.url}
            </Text>
          </Row>
          <Row label="Events">
            <Group gap={4}>
              {webhook.events.map((pattern) => (
                <Badge key={pattern} variant="outline" color="gray" tt="none" fw={500}>
                  {pattern}
                </Badge>
              ))}
            </Group>
          </Row>
          <Row label="Filter">{webhook.filter == null ? <Text size="sm" c="dimmed">None: every matching event</Text> : <JsonView value={webhook.filter} maxHeight={200} />}</Row>
          <Row label="Headers">
            {webhook.headers.length === 0 ? (
              <Text size="sm" c="dimmed">
                None
              </Text>
            ) : (
              <Stack gap={2}>
                {webhook.headers.map((header) => (
                  <Code key={header.name}>
                    {header.name}: {header.value}
                  </Code>
                ))}
              </Stack>
            )}
          </Row>
          <Row label="Retries">{describeSchedule(webhook.retryPolicy.schedule)}</Row>
          <Row label="Timeout">{formatDuration(webhook.retryPolicy.timeoutMs)}</Row>
          <Row label="Rate limit">{webhook.rateLimitPerSecond ? `${webhook.rateLimitPerSecond} per second` : 'No limit'}</Row>
          <Row label="Secret">
            <Code>{webhook.secretHint}</Code>
          </Row>
          <Row label="Created">{formatTime(webhook.createdAt)}</Row>
          <Row label="Updated">{formatTime(webhook.updatedAt)}</Row>
        </Table.Tbody>
      </Table>
    </Card>
  );
}

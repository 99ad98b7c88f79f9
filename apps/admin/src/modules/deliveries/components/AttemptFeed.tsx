import { Badge, Button, Card, Group, Table, Text } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDuration, formatTime } from '../../../components/pretty';
import type { LiveAttempts } from '../hooks/useLiveAttempts';
import { OutcomeBadge } from './StatusBadges';
import { TargetLink } from './TargetLink';

interface AttemptFeedProps {
  live: LiveAttempts;
  title?: string;
  /** Shown while no attempt has arrived since the page opened. */
  waitingText: ReactNode;
  onOpen: (deliveryId: string) => void;
  /** Hide the target column (a webhook's own page). */
  hideTarget?: boolean;
}

/** Attempts as they happen, newest first, with Pause / Resume. */
export function AttemptFeed({ live, title = 'Live attempts', waitingText, onOpen, hideTarget = false }: AttemptFeedProps) {
  const waiting = live.waiting.length;
  return (
    <Card withBorder padding="md" radius="md" aria-label={title} component="section">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Text fw={600}>{title}</Text>
          <Badge variant="dot" color={live.paused ? 'gray' : live.error ? 'red' : 'teal'}>
            {live.paused ? 'Paused' : live.error ? 'Reconnecting' : 'Live'}
          </Badge>
        </Group>
        <Group gap="sm">
          {live.paused && waiting > 0 && (
            <Text size="sm" c="indigo" data-testid="live-waiting">
              {waiting} new — resume to show
            </Text>
          )}
          {live.paused ? (
            <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} onClick={live.resume}>
              Resume
            </Button>
          ) : (
            <Button size="xs" variant="default" leftSection={<IconPlayerPause size={14} />} onClick={live.pause}>
              Pause
            </Button>
          )}
        </Group>
      </Group>
      {live.error != null && <ErrorAlert error={live.error} title="The live feed is interrupted; reconnecting" />}
      {live.rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="sm">
          {waitingText}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720} maxHeight={360}>
          <Table highlightOnHover verticalSpacing={6} aria-label={`${title} table`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Outcome</Table.Th>
                {!hideTarget && <Table.Th>Target</Table.Th>}
                <Table.Th>Event</Table.Th>
                <Table.Th>Attempt</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Next</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {live.rows.map((attempt) => (
                <Table.Tr key={attempt.id} data-testid="live-attempt" style={{ cursor: 'pointer' }} onClick={() => onOpen(attempt.deliveryId)}>
                  <Table.Td>
                    <Text size="sm">{formatTime(attempt.startedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <OutcomeBadge outcome={attempt.outcome} httpStatus={attempt.response?.status} />
                  </Table.Td>
                  {!hideTarget && (
                    <Table.Td>
                      <TargetLink delivery={attempt.delivery} />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {attempt.delivery.event?.type ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>#{attempt.number}</Table.Td>
                  <Table.Td>{formatDuration(attempt.durationMs)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {nextStep(attempt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function nextStep(attempt: LiveAttempts['rows'][number]): string {
  if (attempt.willRetry) return attempt.nextAttemptAt ? `retry ${formatTime(attempt.nextAttemptAt)}` : 'retry scheduled';
  return attempt.outcome === 'SUCCESS' ? '' : 'no more retries';
}

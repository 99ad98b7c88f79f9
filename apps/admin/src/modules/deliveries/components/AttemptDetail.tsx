import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { HeadersTable } from '../../../components/HeadersTable';
import { JsonView } from '../../../components/JsonView';
import { formatDuration, formatTime } from '../../../components/pretty';
import type { DeliveryDetailQuery } from '../../../generated/graphql';

export type Attempt = NonNullable<DeliveryDetailQuery['delivery']>['attempts'][number];

/** One attempt: the request as sent (secrets redacted by the API), the response, the error and what happens next. */
export function AttemptDetail({ attempt }: { attempt: Attempt }) {
  const { request, response } = attempt;
  return (
    <Stack gap="md" data-testid={`attempt-${attempt.number}`}>
      <Group gap="lg">
        <Text size="sm">
          <Text span c="dimmed">
            Started{' '}
          </Text>
          {formatTime(attempt.startedAt)}
        </Text>
        <Text size="sm">
          <Text span c="dimmed">
            Duration{' '}
          </Text>
          {formatDuration(attempt.durationMs)}
        </Text>
        {attempt.willRetry ? (
          <Badge color="yellow" variant="light">
            Will retry{attempt.nextAttemptAt ? ` at ${formatTime(attempt.nextAttemptAt)}` : ''}
          </Badge>
        ) : attempt.outcome !== 'SUCCESS' ? (
          <Badge color="gray" variant="light">
            No retry after this attempt
          </Badge>
        ) : null}
      </Group>
      {attempt.error && (
        <Alert color="red" variant="light" title="Error" p="xs">
          {attempt.error}
        </Alert>
      )}

      <section aria-label={`Request of attempt ${attempt.number}`}>
        <Title order={6} mb={4}>
          Request
        </Title>
        <Text size="sm" ff="monospace" mb="xs" style={{ wordBreak: 'break-all' }}>
          {request.method} {request.url}
        </Text>
        <HeadersTable headers={request.headers} label="Request headers" />
        {request.body != null && request.body !== '' && (
          <>
            <Text size="xs" c="dimmed" mt="xs" mb={4}>
              Body
            </Text>
            <div data-testid="request-body">
              <JsonView value={request.body} />
            </div>
          </>
        )}
      </section>

      <section aria-label={`Response of attempt ${attempt.number}`}>
        <Title order={6} mb={4}>
          Response
        </Title>
        {response ? (
          <>
            <Text size="sm" mb="xs">
              HTTP {response.status}
            </Text>
            <HeadersTable headers={response.headers} label="Response headers" />
            <Group gap="xs" mt="xs" mb={4}>
              <Text size="xs" c="dimmed">
                Body
              </Text>
              {response.bodyTruncated && (
                <Badge size="xs" color="orange" variant="light">
                  truncated at 64 kB
                </Badge>
              )}
            </Group>
            {response.body ? (
              <div data-testid="response-body">
                <JsonView value={response.body} />
              </div>
            ) : (
              <Text size="sm" c="dimmed">
                Empty body.
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            No response was received.
          </Text>
        )}
      </section>
    </Stack>
  );
}

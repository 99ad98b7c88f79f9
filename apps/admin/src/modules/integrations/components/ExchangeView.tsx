import { Alert, Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { HeadersTable } from '../../../components/HeadersTable';
import { JsonView } from '../../../components/JsonView';
import { formatDuration } from '../../../components/pretty';
import type { ExchangeFieldsFragment } from '../../../generated/graphql';

/** One request and its response as Conduit sent and received them (credential values arrive masked). */
export function ExchangeView({ exchange }: { exchange: ExchangeFieldsFragment }) {
  const { request, response } = exchange;
  return (
    <Stack gap="sm">
      {exchange.error && (
        <Alert color="red" variant="light" title="The call failed">
          {exchange.error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <Card withBorder padding="sm" data-testid="exchange-request">
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              Request
            </Text>
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {request.method} {request.url}
            </Text>
            <HeadersTable headers={request.headers} label="Request headers" />
            {request.body !== null && request.body !== '' && <JsonView value={request.body} maxHeight={240} />}
          </Stack>
        </Card>
        <Card withBorder padding="sm" data-testid="exchange-response">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                Response
              </Text>
              <Group gap="xs">
                {response && (
                  <Badge color={response.status < 300 ? 'teal' : response.status < 400 ? 'blue' : 'red'} variant="light">
                    HTTP {response.status}
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  {formatDuration(exchange.durationMs)}
                </Text>
              </Group>
            </Group>
            {response ? (
              <>
                <HeadersTable headers={response.headers} label="Response headers" />
                {response.body !== null && response.body !== '' ? (
                  <JsonView value={response.body} maxHeight={240} />
                ) : (
                  <Text size="xs" c="dimmed">
                    Empty body.
                  </Text>
                )}
                {response.bodyTruncated && (
                  <Text size="xs" c="dimmed">
                    The body was cut: only its beginning is stored.
                  </Text>
                )}
              </>
            ) : (
              <Text size="sm" c="dimmed">
                No response.
              </Text>
            )}
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

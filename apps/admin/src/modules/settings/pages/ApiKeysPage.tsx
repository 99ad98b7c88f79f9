import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconLock, IconPlus } from '@tabler/icons-react';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { formatTime } from '../../../components/pretty';
import { QueryState } from '../../../components/QueryState';
import type { ApiKeysQuery } from '../../../generated/graphql';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { CreateApiKeyModal } from '../components/CreateApiKeyModal';
import { API_KEYS, REVOKE_API_KEY } from '../graphql/settings.operations';

/** API keys of the workspace: for the platform's POST /v1/events and integrators' GraphQL calls. OWNER and ADMIN only. */
export function ApiKeysPage() {
  const { can, role } = useViewer();
  if (!can.manage) {
    return (
      <Alert icon={<IconLock size={18} />} title="API keys are managed by owners and admins" color="gray">
        API keys let the chat platform publish events (POST /v1/events) and let your code call the GraphQL API. Creating and
        revoking them needs the ADMIN role or higher; you are {role}. Ask an admin of this workspace for a key.
      </Alert>
    );
  }
  return <ApiKeysManager />;
}

function ApiKeysManager() {
  // From the network on every visit too: "Last used" changes as the keys are used.
  const { data, loading, error, refetch } = useQuery(API_KEYS, { fetchPolicy: 'cache-and-network' });
  const [creating, { open, close }] = useDisclosure();
  const createButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={open}>
      Create API key
    </Button>
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={640}>
          The platform publishes events with a key (<Code>POST /v1/events</Code>, Authorization: Bearer); integrators&apos; code
          calls the GraphQL API with one. A key carries a role and is shown only once, when it is created.
        </Text>
        {data && data.apiKeys.length > 0 && createButton}
      </Group>
      <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
        {({ apiKeys }) =>
          apiKeys.length === 0 ? (
            <EmptyState title="No API keys yet" action={createButton}>
              Create a key for each system that sends events to Conduit or calls its API, so you can revoke one without the others.
            </EmptyState>
          ) : (
            <ApiKeysTable apiKeys={apiKeys} />
          )
        }
      </QueryState>
      <CreateApiKeyModal opened={creating} onClose={close} />
    </Stack>
  );
}

function ApiKeysTable({ apiKeys }: { apiKeys: ApiKeysQuery['apiKeys'] }) {
  const [revokeApiKey] = useMutation(REVOKE_API_KEY);

  async function revoke(key: ApiKeysQuery['apiKeys'][number]) {
    await revokeApiKey({ variables: { id: key.id } });
    notifications.show({ color: 'teal', title: 'API key revoked', message: `${key.name} (${key.prefix}…) no longer works.` });
  }

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {apiKeys.map((key) => (
            <Table.Tr key={key.id} c={key.revokedAt ? 'dimmed' : undefined}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <IconKey size={14} />
                  <Text size="sm" fw={500}>
                    {key.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray">
                  {key.role}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(key.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{key.lastUsedAt ? formatTime(key.lastUsedAt) : 'Never'}</Text>
              </Table.Td>
              <Table.Td>
                {key.revokedAt ? (
                  <Text size="sm">Revoked {formatTime(key.revokedAt)}</Text>
                ) : (
                  <Badge color="teal" variant="light">
                    Active
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {!key.revokedAt && (
                  <ConfirmAction
                    label="Revoke"
                    size="xs"
                    variant="subtle"
                    ariaLabel={`Revoke ${key.name}`}
                    title={`Revoke “${key.name}”?`}
                    message={`Requests with ${key.prefix}… are refused from now on (401). Whatever uses it stops publishing events until it gets a new key. This cannot be undone.`}
                    confirmLabel="Revoke key"
                    onConfirm={() => revoke(key)}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import { useQuery } from '@apollo/client/react';
import { ActionIcon, Badge, Code, CopyButton, Group, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useViewer } from '../../../app/viewer';
import { QueryState } from '../../../components/QueryState';
import { SETTINGS_VIEWER } from '../graphql/settings.operations';
import { ROLES, roleDescription } from '../roles';

/** The workspace's name and id, who is signed in, and what each role may do. */
export function WorkspacePage() {
  const { data, loading, error, refetch } = useQuery(SETTINGS_VIEWER);
  const { role: currentRole } = useViewer();

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ viewer }) => (
        <Stack>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="workspace-title">
              <Stack gap="sm">
                <Title order={4} id="workspace-title">
                  Workspace
                </Title>
                <Field label="Name">
                  <Text fw={500}>{viewer.workspace.name}</Text>
                </Field>
                <Field label="Workspace id">
                  <Group gap="xs" wrap="nowrap">
                    <Code>{viewer.workspace.id}</Code>
                    <CopyButton value={viewer.workspace.id}>
                      {({ copied, copy }) => (
                        <Tooltip label={copied ? 'Copied' : 'Copy'}>
                          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label="Copy workspace id">
                            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </CopyButton>
                  </Group>
                </Field>
                <Field label="Created">
                  <Text size="sm">{new Date(viewer.workspace.createdAt).toLocaleDateString(undefined, { dateStyle: 'long' })}</Text>
                </Field>
              </Stack>
            </Paper>
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="you-title">
              <Stack gap="sm">
                <Title order={4} id="you-title">
                  You
                </Title>
                <Field label={viewer.user ? 'Signed in as' : 'Calling with the API key'}>
                  <Text fw={500}>{viewer.user?.email ?? viewer.apiKey?.name ?? 'an API key'}</Text>
                </Field>
                <Field label="Role">
                  <Group gap="xs">
                    <Badge variant="light">{viewer.role}</Badge>
                    <Text size="sm">{roleDescription(viewer.role)}</Text>
                  </Group>
                </Field>
              </Stack>
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="roles-title">
            <Title order={4} id="roles-title" mb="sm">
              Roles
            </Title>
            <Table aria-label="What each role may do">
              <Table.Tbody>
                {ROLES.map((role) => (
                  <Table.Tr key={role} fw={role === currentRole ? 600 : undefined}>
                    <Table.Td w={140}>
                      <Badge variant={role === currentRole ? 'filled' : 'light'} color={role === currentRole ? undefined : 'gray'}>
                        {role}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{roleDescription(role)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Stack>
      )}
    </QueryState>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </div>
  );
}

import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { IntegrationLogo } from '../components/IntegrationLogo';
import { INTEGRATIONS } from '../graphql/integrations.operations';
import { authSchemeHelp } from '../integration-input';

const DESCRIPTION =
  'Describe an external API once: how it authenticates, the credentials to call it with, and the actions (typed requests) that the bot, automations and flows call.';

/** /integrations: every integration with its auth scheme and how many credentials and actions it has. */
export function IntegrationsListPage() {
  const { can } = useViewer();
  const { data, loading, error, refetch } = useQuery(INTEGRATIONS, { fetchPolicy: 'cache-and-network' });
  const newButton = can.edit && (
    <Button component={Link} to="/integrations/new" leftSection={<IconPlus size={16} />}>
      New integration
    </Button>
  );

  return (
    <>
      <PageHeader title="Integrations" description={DESCRIPTION} actions={data && data.integrations.length > 0 ? newButton : undefined} />
      <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
        {({ integrations }) =>
          integrations.length === 0 ? (
            <EmptyState title="No integrations yet" action={newButton || undefined}>
              An integration describes an external API once: its auth scheme (API key, basic, bearer or none), the credentials to call it with, and
              the actions — requests with typed inputs and outputs — that the bot, automations and flows use.{' '}
              {can.edit ? 'Create one and the wizard takes you through each part.' : 'Ask a developer or an admin to create one.'}
            </EmptyState>
          ) : (
            <Table highlightOnHover verticalSpacing="sm" aria-label="Integrations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Integration</Table.Th>
                  <Table.Th>Auth scheme</Table.Th>
                  <Table.Th ta="right">Credentials</Table.Th>
                  <Table.Th ta="right">Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {integrations.map((integration) => (
                  <Table.Tr key={integration.id}>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <IntegrationLogo name={integration.name} logoUrl={integration.logoUrl} />
                        <Stack gap={0}>
                          <Anchor component={Link} to={`/integrations/${integration.id}`} fw={600}>
                            {integration.name}
                          </Anchor>
                          {integration.description && (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              {integration.description}
                            </Text>
                          )}
                        </Stack>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{authSchemeHelp(integration.authScheme).label}</Badge>
                    </Table.Td>
                    <Table.Td ta="right">{integration.credentials.length}</Table.Td>
                    <Table.Td ta="right">{integration.actions.length}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </>
  );
}

import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Paper, Table, Text } from '@mantine/core';
import { IconChevronRight, IconPlus } from '@tabler/icons-react';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { FLOWS } from '../graphql/flows.operations';

export function FlowsListPage() {
  const { can } = useViewer();
  const { data, loading, error, refetch } = useQuery(FLOWS, { fetchPolicy: 'cache-and-network' });

  return (
    <>
      <PageHeader
        title="Flows"
        description="Chain actions: each step calls an action with inputs from the flow's variables and the outputs of the steps before it, such as create a validation, then check its code."
        actions={
          can.edit && (
            <Button component={Link} to="/flows/new" leftSection={<IconPlus size={16} />}>
              New flow
            </Button>
          )
        }
      />
      <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
        {({ flows }) =>
          flows.length === 0 ? (
            <EmptyState
              title="No flows yet"
              action={
                can.edit ? (
                  <Button component={Link} to="/flows/new">
                    Create a flow
                  </Button>
                ) : undefined
              }
            >
              A flow runs several actions in order, passing what one returns to the next ({'{{ steps.create.validation_id }}'}). Start runs with Run now, from the API, or
              on events. You need an integration with actions first.
            </EmptyState>
          ) : (
            <Paper withBorder>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Steps</Table.Th>
                    <Table.Th>Starts on</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {flows.map((flow) => (
                    <Table.Tr key={flow.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/flows/${flow.id}`} fw={500}>
                          {flow.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {flow.steps.map((step, index) => (
                            <Fragment key={step.key}>
                              {index > 0 && <IconChevronRight size={14} color="var(--mantine-color-dimmed)" />}
                              <Text size="sm" title={`${step.action.integration.name} › ${step.action.name}`}>
                                {step.name || step.key}
                              </Text>
                            </Fragment>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        {flow.events.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            Run now and the API only
                          </Text>
                        ) : (
                          <Group gap={4}>
                            {flow.events.map((pattern) => (
                              <Badge key={pattern} variant="outline" color="gray" tt="none">
                                {pattern}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )
        }
      </QueryState>
    </>
  );
}

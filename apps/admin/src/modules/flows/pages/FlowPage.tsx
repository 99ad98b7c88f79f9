import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { RunHistory } from '../components/RunHistory';
import { RunNowButton } from '../components/RunNowButton';
import { initialRunVariables } from '../flow-form';
import { DELETE_FLOW, FLOW, FLOWS } from '../graphql/flows.operations';

/** /flows/:id: the steps, Run now, and the run history. */
export function FlowPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(FLOW, { variables: { id } });
  const [remove] = useMutation(DELETE_FLOW, { refetchQueries: [FLOWS] });

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ flow }) => {
        if (!flow) return null;
        // A failure stays in the confirmation, with the API's message.
        const destroy = async () => {
          await remove({ variables: { id: flow.id } });
          notifications.show({ color: 'teal', message: `${flow.name} was deleted with its runs.` });
          navigate('/flows');
        };
        return (
          <>
            <PageHeader
              title={flow.name}
              description={
                flow.events.length > 0 ? `Starts on ${flow.events.join(', ')} (the event's payload becomes the variables), with Run now and from the API.` : 'Starts with Run now and from the API.'
              }
              actions={
                <Group gap="sm">
                  <Button component={Link} to="/flows" variant="subtle" leftSection={<IconArrowLeft size={16} />}>
                    All flows
                  </Button>
                  {can.edit && (
                    <>
                      <ConfirmAction label="Delete" message="Delete this flow and all its runs? Steps in progress stop." confirmLabel="Delete flow" onConfirm={destroy} />
                      <Button component={Link} to={`/flows/${flow.id}/edit`} variant="default" leftSection={<IconPencil size={16} />}>
                        Edit
                      </Button>
                      <RunNowButton flowId={flow.id} flowName={flow.name} initialVariables={initialRunVariables(flow.steps, null)} />
                    </>
                  )}
                  {!can.edit && (
                    <Button component={Link} to={`/flows/${flow.id}/edit`} variant="default">
                      View steps
                    </Button>
                  )}
                </Group>
              }
            />
            <Stack gap="lg">
              <Paper withBorder>
                <Table verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={40}>#</Table.Th>
                      <Table.Th>Step</Table.Th>
                      <Table.Th>Calls</Table.Th>
                      <Table.Th>Inputs</Table.Th>
                      <Table.Th>If it fails</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {flow.steps.map((step, index) => (
                      <Table.Tr key={step.key}>
                        <Table.Td>{index + 1}</Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {step.name || step.key}
                          </Text>
                          <Text size="xs" c="dimmed" ff="monospace">
                            {step.key}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {step.action.integration.name} › {step.action.name}
                          </Text>
                          {step.credential && (
                            <Text size="xs" c="dimmed">
                              with {step.credential.name}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {step.inputs.map((input) => (
                            <Text key={input.key} size="xs" ff="monospace">
                              {input.key} ← {input.value}
                            </Text>
                          ))}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={step.onFailure === 'STOP' ? 'red' : 'yellow'}>
                            {step.onFailure === 'STOP' ? 'Stop' : 'Continue'}
                          </Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
              <Title order={3}>Run history</Title>
              <RunHistory flowId={flow.id} />
            </Stack>
          </>
        );
      }}
    </QueryState>
  );
}

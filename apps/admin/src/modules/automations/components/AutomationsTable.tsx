import { useMutation } from '@apollo/client/react';
import { Anchor, Badge, Group, Paper, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { apiErrorMessage } from '../../../app/api-error';
import { useViewer } from '../../../app/viewer';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { HealthBadge } from '../../../components/HealthBadge';
import type { AutomationFieldsFragment } from '../../../generated/graphql';
import { AUTOMATIONS, DELETE_AUTOMATION, DISABLE_AUTOMATION, ENABLE_AUTOMATION } from '../graphql/automations.operations';

/** Every automation: trigger, action, what it keeps, health; enable/disable and delete for editors. */
export function AutomationsTable({ automations }: { automations: AutomationFieldsFragment[] }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Events</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Keeps as</Table.Th>
              <Table.Th>Health</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {automations.map((automation) => (
              <AutomationRow key={automation.id} automation={automation} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function AutomationRow({ automation }: { automation: AutomationFieldsFragment }) {
  const { can } = useViewer();
  const [enable, enabling] = useMutation(ENABLE_AUTOMATION);
  const [disable, disabling] = useMutation(DISABLE_AUTOMATION);
  const [remove] = useMutation(DELETE_AUTOMATION, { refetchQueries: [AUTOMATIONS], awaitRefetchQueries: true });

  const toggle = async (on: boolean) => {
    try {
      if (on) await enable({ variables: { id: automation.id } });
      else await disable({ variables: { id: automation.id } });
      notifications.show({ color: 'teal', message: `${automation.name} is ${on ? 'enabled' : 'disabled'}.` });
    } catch (error) {
      notifications.show({ color: 'red', title: `Could not ${on ? 'enable' : 'disable'} ${automation.name}`, message: apiErrorMessage(error) });
    }
  };

  // A failure stays in the confirmation, with the API's message.
  const destroy = async () => {
    await remove({ variables: { id: automation.id } });
    notifications.show({ color: 'teal', message: `${automation.name} was deleted.` });
  };

  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/automations/${automation.id}`} fw={500}>
          {automation.name}
        </Anchor>
        {automation.disabledReason && (
          <Text size="xs" c="dimmed" maw={280}>
            {automation.disabledReason}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {automation.events.map((pattern) => (
            <Badge key={pattern} variant="outline" color="gray" tt="none">
              {pattern}
            </Badge>
          ))}
          {automation.filter !== null && (
            <Tooltip label={<pre style={{ margin: 0 }}>{JSON.stringify(automation.filter, null, 2)}</pre>}>
              <Badge variant="light" color="grape" tt="none">
                filtered
              </Badge>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm">
            {automation.action.integration.name} › {automation.action.name}
          </Text>
          {automation.credential && (
            <Text size="xs" c="dimmed">
              with {automation.credential.name}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>{automation.storeAs ? <Badge variant="light" tt="none">{automation.storeAs}</Badge> : <Text c="dimmed">—</Text>}</Table.Td>
      <Table.Td>
        <HealthBadge health={automation.health} consecutiveFailures={automation.consecutiveFailures} />
      </Table.Td>
      <Table.Td>
        {can.edit ? (
          <Switch
            checked={automation.enabled}
            onChange={(event) => void toggle(event.currentTarget.checked)}
            disabled={enabling.loading || disabling.loading}
            aria-label={`${automation.name} enabled`}
          />
        ) : (
          <Text size="sm">{automation.enabled ? 'Yes' : 'No'}</Text>
        )}
      </Table.Td>
      <Table.Td>
        {can.edit && (
          <ConfirmAction
            label={`Delete ${automation.name}`}
            icon={<IconTrash size={16} />}
            message="Delete this automation? Its open deliveries are cancelled; the delivery log and the context records it kept stay."
            confirmLabel="Delete"
            onConfirm={destroy}
          />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

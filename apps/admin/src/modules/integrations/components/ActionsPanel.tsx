import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { LoadedIntegration } from '../integration-input';

interface ActionsPanelProps {
  integration: LoadedIntegration;
  readOnly?: boolean;
}

/** The actions of an integration, each a typed request the bot, automations and flows call. */
export function ActionsPanel({ integration, readOnly }: ActionsPanelProps) {
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={760}>
        An action is one request to this API: typed inputs go into the request with {'{{ input.<key> }}'}, and typed outputs are picked from the
        JSON response. Only declared outputs reach the caller, never the raw response.
      </Text>
      {integration.actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No actions yet.{!readOnly && ' Create the first one: name it, declare its inputs, build the request, test it and pick its outputs.'}
        </Text>
      ) : (
        <Table verticalSpacing="sm" highlightOnHover aria-label="Actions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Action</Table.Th>
              <Table.Th>Request</Table.Th>
              <Table.Th>Inputs</Table.Th>
              <Table.Th>Outputs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {integration.actions.map((action) => (
              <Table.Tr key={action.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/integrations/${integration.id}/actions/${action.id}`} fw={600}>
                    {action.name}
                  </Anchor>
                  {action.description && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {action.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge variant="outline" size="sm">
                      {action.request.method}
                    </Badge>
                    <Text size="xs" ff="monospace" lineClamp={1} style={{ wordBreak: 'break-all' }}>
                      {action.request.url}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {action.inputs.map((input) => input.key).join(', ') || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {action.outputs.map((output) => output.key).join(', ') || '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!readOnly && (
        <Group>
          <Button component={Link} to={`/integrations/${integration.id}/actions/new`} variant="light" leftSection={<IconPlus size={16} />}>
            New action
          </Button>
        </Group>
      )}
    </Stack>
  );
}

import { useMutation } from '@apollo/client/react';
import { Button, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { apiErrorMessage } from '../../../app/api-error';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { formatTime } from '../../../components/pretty';
import type { TestCredentialMutation } from '../../../generated/graphql';
import { CREATE_CREDENTIAL, DELETE_CREDENTIAL, INTEGRATION, TEST_CREDENTIAL, UPDATE_CREDENTIAL } from '../graphql/integrations.operations';
import type { LoadedIntegration } from '../integration-input';
import { CredentialModal, MASKED } from './CredentialModal';
import { CredentialTestModal } from './CredentialTestModal';

type Credential = LoadedIntegration['credentials'][number];

interface CredentialsPanelProps {
  integration: LoadedIntegration;
  readOnly?: boolean;
}

function valueOf(credential: Credential, identifier: string): string | null {
  const values = credential.values;
  if (typeof values !== 'object' || values === null) return null;
  const value = (values as Record<string, unknown>)[identifier];
  return typeof value === 'string' ? value : null;
}

/**
 * The credentials of an integration: add (and test right away), edit, test against the test
 * request, remove. Values arrive from the API masked: text fields in clear for editors, password
 * fields (and everything, for viewers) as ••••.
 */
export function CredentialsPanel({ integration, readOnly }: CredentialsPanelProps) {
  const refetch = { refetchQueries: [INTEGRATION] };
  const [createCredential] = useMutation(CREATE_CREDENTIAL, refetch);
  const [updateCredential] = useMutation(UPDATE_CREDENTIAL);
  const [deleteCredential] = useMutation(DELETE_CREDENTIAL, refetch);
  const [testCredential] = useMutation(TEST_CREDENTIAL);
  const [editing, setEditing] = useState<Credential | 'new' | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [test, setTest] = useState<{ credentialName: string; result: TestCredentialMutation['testCredential'] } | null>(null);
  const canTest = integration.testRequest !== null;

  async function runTest(id: string, name: string) {
    setTesting(id);
    try {
      const { data } = await testCredential({ variables: { id } });
      if (data) setTest({ credentialName: name, result: data.testCredential });
    } catch (error) {
      notifications.show({ color: 'red', title: 'The test could not run', message: apiErrorMessage(error) });
    } finally {
      setTesting(null);
    }
  }

  async function submit(input: { name: string; values: Record<string, string> }) {
    if (editing === 'new') {
      const { data } = await createCredential({ variables: { integrationId: integration.id, input } });
      setEditing(null);
      notifications.show({ color: 'teal', message: `Credential “${input.name}” added.` });
      if (data && canTest) await runTest(data.createCredential.id, data.createCredential.name);
    } else if (editing) {
      await updateCredential({ variables: { id: editing.id, input } });
      setEditing(null);
      notifications.show({ color: 'teal', message: `Credential “${input.name}” saved.` });
    }
  }

  // A failure stays in the confirmation, with the API's message.
  async function remove(credential: Credential) {
    await deleteCredential({ variables: { id: credential.id } });
    notifications.show({ color: 'teal', message: `Credential “${credential.name}” removed.` });
  }

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={760}>
        A credential holds values for the auth fields — one per account or environment (e.g. production and a test account). Automations and flow
        steps pick the credential they call an action with. Password values are encrypted and never shown again.
      </Text>
      {integration.credentials.length === 0 ? (
        <Text size="sm" c="dimmed">
          No credentials yet.{!readOnly && ' Add one with the values of your account.'}
        </Text>
      ) : (
        <Table verticalSpacing="sm" aria-label="Credentials">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Values</Table.Th>
              <Table.Th>Updated</Table.Th>
              {!readOnly && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {integration.credentials.map((credential) => (
              <Table.Tr key={credential.id} data-testid="credential-row">
                <Table.Td fw={600}>{credential.name}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {integration.authFields.map((field) => (
                      <Group key={field.identifier} gap={6} wrap="nowrap">
                        <Text size="xs" c="dimmed" ff="monospace">
                          {field.identifier}
                        </Text>
                        <Code>{valueOf(credential, field.identifier) ?? (field.type === 'PASSWORD' ? MASKED : 'not set')}</Code>
                      </Group>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatTime(credential.updatedAt)}</Text>
                </Table.Td>
                {!readOnly && (
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Tooltip label="Set a test request first" disabled={canTest}>
                        <Button
                          size="xs"
                          variant="light"
                          disabled={!canTest}
                          loading={testing === credential.id}
                          onClick={() => void runTest(credential.id, credential.name)}
                          aria-label={`Test ${credential.name}`}
                        >
                          Test
                        </Button>
                      </Tooltip>
                      <Button size="xs" variant="default" onClick={() => setEditing(credential)} aria-label={`Edit ${credential.name}`}>
                        Edit
                      </Button>
                      <ConfirmAction
                        label="Remove"
                        size="xs"
                        variant="subtle"
                        ariaLabel={`Remove ${credential.name}`}
                        message={`Remove “${credential.name}”? Automations and flow steps using it will fail until they get another credential.`}
                        confirmLabel="Remove"
                        onConfirm={() => remove(credential)}
                      />
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!readOnly && (
        <Group>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Add credential
          </Button>
        </Group>
      )}
      <CredentialModal
        integration={integration}
        credential={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        onSubmit={submit}
      />
      <CredentialTestModal test={test} onClose={() => setTest(null)} />
    </Stack>
  );
}

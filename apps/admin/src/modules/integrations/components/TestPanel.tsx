import { useMutation } from '@apollo/client/react';
import { Alert, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { JsonView } from '../../../components/JsonView';
import { formatDuration } from '../../../components/pretty';
import type { ActionFieldsFragment, TestActionMutation } from '../../../generated/graphql';
import { testInputs, type FieldRow, type TestValue } from '../action-draft';
import { TEST_ACTION } from '../graphql/integrations.operations';
import type { LoadedIntegration } from '../integration-input';
import { ExchangeView } from './ExchangeView';
import { OutputPicker } from './OutputPicker';

interface TestPanelProps {
  /** The action as saved: a test always runs the stored definition. */
  action: ActionFieldsFragment;
  integration: LoadedIntegration;
  /** The editor has changes the test would not see. */
  unsaved: boolean;
  /** Output keys in the editor now. */
  declaredOutputs: readonly string[];
  onAddOutputs: (outputs: FieldRow[]) => void;
}

type Input = ActionFieldsFragment['inputs'][number];

function InputField({ input, value, onChange }: { input: Input; value: TestValue | undefined; onChange: (value: TestValue) => void }) {
  const label = `${input.name} (${input.key})`;
  switch (input.type) {
    case 'INTEGER':
    case 'NUMBER':
      return (
        <NumberInput
          label={label}
          withAsterisk={input.required}
          allowDecimal={input.type === 'NUMBER'}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(typeof next === 'number' ? next : null)}
        />
      );
    case 'BOOLEAN':
      return (
        <Select
          label={label}
          withAsterisk={input.required}
          data={['true', 'false']}
          clearable
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(next) => onChange(next === null ? null : next === 'true')}
        />
      );
    case 'DATETIME':
    case 'STRING':
      return (
        <TextInput
          label={label}
          withAsterisk={input.required}
          placeholder={input.type === 'DATETIME' ? '2025-01-31T12:00:00Z' : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    default: {
      const unknown: never = input.type;
      return unknown;
    }
  }
}

/**
 * Runs the saved action once with typed test values and a credential, shows the result and the
 * exchange (secrets masked by the API), and offers the response's values as outputs.
 */
export function TestPanel({ action, integration, unsaved, declaredOutputs, onAddOutputs }: TestPanelProps) {
  const [values, setValues] = useState<Record<string, TestValue>>({});
  const [credentialId, setCredentialId] = useState<string | null>(integration.credentials[0]?.id ?? null);
  const [run, { loading, error }] = useMutation(TEST_ACTION);
  const [result, setResult] = useState<{ id: number; data: TestActionMutation['testAction'] } | null>(null);

  async function runTest() {
    const { data } = await run({ variables: { id: action.id, inputs: testInputs(action.inputs, values), credentialId } }).catch(() => ({ data: undefined }));
    if (data) setResult((previous) => ({ id: (previous?.id ?? 0) + 1, data: data.testAction }));
  }

  const outcome = result?.data.result;

  return (
    <Card withBorder padding="lg" component="section" aria-label="Test">
      <Stack gap="md">
        <div>
          <Title order={4}>Test</Title>
          <Text size="sm" c="dimmed">
            Sends the saved action once, now, with these values. Use a credential of a test account: the request is real.
          </Text>
        </div>
        {unsaved && (
          <Alert color="yellow" variant="light" p="sm">
            You have unsaved changes; the test runs the action as last saved.
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {action.inputs.map((input) => (
            <InputField key={input.key} input={input} value={values[input.key]} onChange={(value) => setValues((current) => ({ ...current, [input.key]: value }))} />
          ))}
          {integration.authScheme !== 'NONE' && (
            <Select
              label="Credential"
              placeholder={integration.credentials.length === 0 ? 'Add a credential first' : 'Pick one'}
              data={integration.credentials.map((credential) => ({ value: credential.id, label: credential.name }))}
              value={credentialId}
              onChange={setCredentialId}
            />
          )}
        </SimpleGrid>
        <Group>
          <Button leftSection={<IconPlayerPlay size={16} />} loading={loading} onClick={() => void runTest()}>
            Run test
          </Button>
        </Group>
        {error && <ErrorAlert error={error} title="The test could not run" />}
        {result && outcome && (
          <Stack gap="md" data-testid="test-result">
            <Group gap="sm">
              <Badge size="lg" variant="light" color={outcome.ok ? 'teal' : 'red'}>
                {outcome.ok ? 'OK' : (outcome.errorCode ?? 'Failed')}
              </Badge>
              {outcome.status !== null && <Text size="sm">HTTP {outcome.status}</Text>}
              <Text size="sm" c="dimmed">
                {formatDuration(outcome.durationMs)}
              </Text>
            </Group>
            {outcome.error && (
              <Alert color="red" variant="light" p="sm">
                {outcome.error}
              </Alert>
            )}
            <ExchangeView exchange={result.data.exchange} />
            {action.outputs.length > 0 && (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  Declared outputs as a caller gets them
                </Text>
                <JsonView value={outcome.outputs} maxHeight={160} />
              </Stack>
            )}
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                Pick outputs from the response
              </Text>
              <OutputPicker key={result.id} candidates={result.data.candidates} declared={declaredOutputs} onAdd={onAddOutputs} />
            </Stack>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

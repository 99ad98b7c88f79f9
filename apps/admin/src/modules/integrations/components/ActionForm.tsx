import { Card, Group, NumberInput, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import type { ActionDraft } from '../action-draft';
import type { LoadedIntegration } from '../integration-input';
import { templateVariables } from '../template-variables';
import { FieldRowsEditor } from './FieldRowsEditor';
import { RequestBuilder } from './RequestBuilder';

interface ActionFormProps {
  form: UseFormReturnType<ActionDraft>;
  integration: LoadedIntegration;
  readOnly?: boolean;
}

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Stack gap="sm">
        <div>
          <Title order={4}>{title}</Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

/** An action's definition: name, typed inputs, request template, typed outputs, retry policy. */
export function ActionForm({ form, integration, readOnly }: ActionFormProps) {
  const draft = form.getValues();
  const variables = templateVariables(draft.inputs, integration.authFields);

  return (
    <Stack gap="md">
      <Section title="Action">
        <Group grow align="flex-start">
          <TextInput label="Name" withAsterisk placeholder="Create validation" readOnly={readOnly} {...form.getInputProps('name')} />
          <Textarea label="Description" placeholder="Sends a code to the customer" autosize minRows={1} readOnly={readOnly} {...form.getInputProps('description')} />
        </Group>
      </Section>

      <Section title="Inputs" description="What the caller provides: the bot, an automation's mappings or a flow step. Use them in the request as {{ input.<key> }}.">
        <FieldRowsEditor form={form} list="inputs" readOnly={readOnly} />
      </Section>

      <Section
        title="Request"
        description={
          <>
            The “+” in a field inserts an input or an auth field at the cursor.{' '}
            {integration.authScheme === 'API_KEY' && 'With an API key, place {{ credential.<identifier> }} where the API wants it, e.g. a header.'}
            {integration.authScheme === 'BASIC' && 'Conduit adds Authorization: Basic from the credential.'}
            {integration.authScheme === 'BEARER' && 'Conduit adds Authorization: Bearer from the credential.'}
          </>
        }
      >
        <RequestBuilder form={form} variables={variables} readOnly={readOnly} />
      </Section>

      <Section
        title="Outputs"
        description="What the caller gets back, picked from the JSON response by path (data.validation_id, items[0].id). A required output that is missing or of another type fails the call. Run a test to pick them from a real response."
      >
        <FieldRowsEditor form={form} list="outputs" readOnly={readOnly} />
      </Section>

      <Section title="Retry policy" description="Optional. Calls are retried within their time budget only for idempotent methods or calls with an idempotency key. Leave empty for the defaults.">
        <Group grow align="flex-start">
          <TextInput label="Waits between retries (seconds)" placeholder="e.g. 1, 2, 4" readOnly={readOnly} {...form.getInputProps('retry.schedule')} />
          <NumberInput label="Timeout per attempt (ms)" placeholder="default" min={1000} max={30000} step={500} allowDecimal={false} readOnly={readOnly} {...form.getInputProps('retry.timeoutMs')} />
        </Group>
      </Section>
    </Stack>
  );
}

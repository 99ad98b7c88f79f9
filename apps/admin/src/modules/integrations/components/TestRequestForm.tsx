import { Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FormError } from '../../../components/FormError';
import { applyApiError } from '../../../app/form-errors';
import { useSaveIntegration } from '../hooks/useSaveIntegration';
import type { LoadedIntegration } from '../integration-input';
import { toRequestDraft, toRequestInput } from '../request-draft';
import { templateVariables } from '../template-variables';
import { RequestBuilder } from './RequestBuilder';

interface TestRequestFormProps {
  integration: LoadedIntegration;
  submitLabel: string;
  onSaved: () => void;
  readOnly?: boolean;
}

/**
 * The request testCredential sends with a credential: built like an action's request, with the
 * auth fields (`{{ credential.<identifier> }}`) as its only variables. An empty URL means none.
 */
export function TestRequestForm({ integration, submitLabel, onSaved, readOnly }: TestRequestFormProps) {
  const { save, saving } = useSaveIntegration();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { request: toRequestDraft(integration.testRequest) } });
  const variables = templateVariables([], integration.authFields);

  const submit = form.onSubmit(async ({ request }) => {
    setFormError(null);
    const empty = request.url.trim() === '' && request.query.length === 0 && request.headers.length === 0;
    try {
      await save(integration, { testRequest: empty ? null : toRequestInput(request) });
      form.resetDirty();
      onSaved();
    } catch (error) {
      setFormError(applyApiError(form, error, { testRequest: 'request' }));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed" maw={760}>
          A simple request that proves a credential works, sent by “Test” on each credential. Prefer one that only reads (a GET), so testing never
          changes data. Use the “+” in a field to place an auth field, e.g. a header <code>Truora-API-Key: {'{{ credential.api_key }}'}</code>.
          Leave the URL empty for no test request.
        </Text>
        <RequestBuilder form={form} variables={variables} readOnly={readOnly} />
        <FormError message={formError} />
        {!readOnly && (
          <Group>
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

import { Button, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FormError } from '../../../components/FormError';
import { applyApiError } from '../../../app/form-errors';
import { useSaveIntegration } from '../hooks/useSaveIntegration';
import type { LoadedIntegration } from '../integration-input';
import { IntegrationLogo } from './IntegrationLogo';

interface DetailsFormProps {
  /** null: the form creates the integration. */
  integration: LoadedIntegration | null;
  submitLabel: string;
  onSaved: (id: string) => void;
  readOnly?: boolean;
}

/** Name, description and logo URL of an integration. */
export function DetailsForm({ integration, submitLabel, onSaved, readOnly }: DetailsFormProps) {
  const { save, saving } = useSaveIntegration();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: integration?.name ?? '', description: integration?.description ?? '', logoUrl: integration?.logoUrl ?? '' },
    validate: { name: (value) => (value.trim() === '' ? 'Give the integration a name.' : null) },
  });
  const values = form.getValues();

  const submit = form.onSubmit(async (submitted) => {
    setFormError(null);
    try {
      const id = await save(integration, {
        name: submitted.name,
        description: submitted.description.trim() || null,
        logoUrl: submitted.logoUrl.trim() || null,
      });
      form.resetDirty();
      onSaved(id);
    } catch (error) {
      setFormError(applyApiError(form, error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={640}>
        <TextInput label="Name" withAsterisk placeholder="Truora" readOnly={readOnly} {...form.getInputProps('name')} />
        <Textarea label="Description" placeholder="What this API does for us" autosize minRows={2} readOnly={readOnly} {...form.getInputProps('description')} />
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label="Logo URL"
            placeholder="https://example.com/logo.png"
            readOnly={readOnly}
            style={{ flex: 1 }}
            {...form.getInputProps('logoUrl')}
          />
          <IntegrationLogo name={values.name || '?'} logoUrl={values.logoUrl.trim() || null} />
        </Group>
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

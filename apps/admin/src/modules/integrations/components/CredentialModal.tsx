import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { FormError } from '../../../components/FormError';
import { PasswordField } from '../../../components/PasswordField';
import type { LoadedIntegration } from '../integration-input';

type Credential = LoadedIntegration['credentials'][number];

export const MASKED = '••••';

interface CredentialModalProps {
  integration: LoadedIntegration;
  /** null: a new credential. */
  credential: Credential | null;
  opened: boolean;
  onClose: () => void;
  /** Saves; throws the API error for the form. */
  onSubmit: (input: { name: string; values: Record<string, string> }) => Promise<void>;
}

/** Name and values of a credential: one input per auth field, password fields as password inputs. */
export function CredentialModal({ integration, credential, opened, onClose, onSubmit }: CredentialModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={credential ? `Edit credential “${credential.name}”` : 'Add a credential'} size="lg">
      {opened && <CredentialForm integration={integration} credential={credential} onSubmit={onSubmit} onCancel={onClose} />}
    </Modal>
  );
}

function storedValue(credential: Credential | null, identifier: string): string {
  const values = credential?.values;
  if (typeof values !== 'object' || values === null || !(identifier in values)) return '';
  const value = (values as Record<string, unknown>)[identifier];
  return typeof value === 'string' && value !== MASKED ? value : '';
}

function CredentialForm({ integration, credential, onSubmit, onCancel }: Omit<CredentialModalProps, 'opened' | 'onClose'> & { onCancel: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: {
      name: credential?.name ?? '',
      values: Object.fromEntries(integration.authFields.map((field) => [field.identifier, storedValue(credential, field.identifier)])),
    },
    validate: (values) => {
      const errors: Record<string, string> = {};
      if (values.name.trim() === '') errors.name = 'Name the credential, e.g. “Production” or “Test account”.';
      for (const field of integration.authFields) {
        const missing = (values.values[field.identifier] ?? '') === '';
        // On edit an empty password keeps the stored one.
        if (field.required && missing && !(credential && field.type === 'PASSWORD')) errors[`values.${field.identifier}`] = 'Required.';
      }
      return errors;
    },
  });

  const submit = form.onSubmit(async (submitted) => {
    setFormError(null);
    const values: Record<string, string> = {};
    for (const field of integration.authFields) {
      const value = submitted.values[field.identifier] ?? '';
      if (field.type === 'PASSWORD' && value === '') continue; // left out: kept (on edit) or unset
      if (!credential && value === '') continue;
      values[field.identifier] = value;
    }
    setBusy(true);
    try {
      await onSubmit({ name: submitted.name, values });
    } catch (error) {
      setFormError(applyApiError(form, error));
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label="Credential name" withAsterisk placeholder="Production" data-autofocus {...form.getInputProps('name')} />
        {integration.authFields.map((field) => {
          const props = {
            label: field.name || field.identifier,
            description: field.name ? `{{ credential.${field.identifier} }}` : undefined,
            withAsterisk: field.required && !(credential && field.type === 'PASSWORD'),
            autoComplete: 'off',
            ...form.getInputProps(`values.${field.identifier}`),
          };
          return field.type === 'PASSWORD' ? (
            <PasswordField key={field.identifier} {...props} placeholder={credential ? 'Leave empty to keep the stored value' : undefined} autoComplete="new-password" />
          ) : (
            <TextInput key={field.identifier} {...props} />
          );
        })}
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {credential ? 'Save' : integration.testRequest ? 'Save and test' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

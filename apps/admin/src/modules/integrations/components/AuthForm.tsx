import { ActionIcon, Alert, Button, Checkbox, Group, Radio, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '../../../components/FormError';
import type { AuthScheme, FieldType } from '../../../generated/graphql';
import { newFieldRow } from '../action-draft';
import { applyApiError } from '../../../app/form-errors';
import { useSaveIntegration } from '../hooks/useSaveIntegration';
import { AUTH_SCHEMES, authSchemeHelp, suggestedAuthFields, type LoadedIntegration } from '../integration-input';

interface AuthFieldRow {
  uid: string;
  identifier: string;
  name: string;
  type: FieldType;
  required: boolean;
}

interface AuthFormProps {
  integration: LoadedIntegration;
  submitLabel: string;
  onSaved: () => void;
  readOnly?: boolean;
}

const FIELD_TYPES = [
  { value: 'TEXT', label: 'Text' },
  { value: 'PASSWORD', label: 'Password' },
];

/**
 * The auth scheme and the auth fields a credential holds values for. The identifier rule is the
 * API's: its message shows next to the identifier that breaks it.
 */
export function AuthForm({ integration, submitLabel, onSaved, readOnly }: AuthFormProps) {
  const { save, saving } = useSaveIntegration();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      authScheme: integration.authScheme,
      authFields: integration.authFields.map(
        (field): AuthFieldRow => ({ uid: newFieldRow().uid, identifier: field.identifier, name: field.name ?? '', type: field.type, required: field.required }),
      ),
    },
  });
  const { authScheme, authFields } = form.getValues();

  function pickScheme(value: string) {
    const scheme = value as AuthScheme;
    form.setFieldValue('authScheme', scheme);
    if (form.getValues().authFields.length === 0) {
      form.setFieldValue(
        'authFields',
        suggestedAuthFields(scheme).map((field) => ({ uid: newFieldRow().uid, ...field })),
      );
    }
  }

  const submit = form.onSubmit(async (submitted) => {
    setFormError(null);
    try {
      await save(integration, {
        authScheme: submitted.authScheme,
        authFields:
          submitted.authScheme === 'NONE' ? [] : submitted.authFields.map(({ identifier, name, type, required }) => ({ identifier, name: name.trim() || null, type, required })),
      });
      form.resetDirty();
      onSaved();
    } catch (error) {
      setFormError(applyApiError(form, error));
    }
  });

  const fieldsError = form.errors.authFields;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Radio.Group label="Auth scheme" description="How every action of this integration authenticates." value={authScheme} onChange={pickScheme} readOnly={readOnly}>
          <Group mt="xs" gap="lg">
            {AUTH_SCHEMES.map((scheme) => (
              <Radio key={scheme} value={scheme} label={authSchemeHelp(scheme).label} disabled={readOnly && scheme !== authScheme} />
            ))}
          </Group>
        </Radio.Group>
        <Alert variant="light" color="blue" p="sm">
          {authSchemeHelp(authScheme).help}
        </Alert>

        {authScheme !== 'NONE' && (
          <Stack gap="xs">
            <Text fw={600}>Auth fields</Text>
            <Text size="sm" c="dimmed">
              The values a credential holds, e.g. an API key. Define the fields here; the values go into credentials. Password fields are encrypted
              and never shown again.
            </Text>
            {authFields.length > 0 && (
              <Table withRowBorders={false} verticalSpacing={4} aria-label="Auth fields">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Identifier</Table.Th>
                    <Table.Th>Display name</Table.Th>
                    <Table.Th w={150}>Type</Table.Th>
                    <Table.Th w={90}>Required</Table.Th>
                    {!readOnly && <Table.Th w={40} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {authFields.map((field, index) => (
                    <Table.Tr key={field.uid}>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <TextInput
                          aria-label={`Auth field ${index + 1} identifier`}
                          placeholder="api_key"
                          readOnly={readOnly}
                          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                          {...form.getInputProps(`authFields.${index}.identifier`)}
                        />
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <TextInput aria-label={`Auth field ${index + 1} display name`} placeholder="API key" readOnly={readOnly} {...form.getInputProps(`authFields.${index}.name`)} />
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <Select
                          aria-label={`Auth field ${index + 1} type`}
                          data={FIELD_TYPES}
                          allowDeselect={false}
                          readOnly={readOnly}
                          {...form.getInputProps(`authFields.${index}.type`)}
                        />
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <Checkbox
                          mt={8}
                          aria-label={`Auth field ${index + 1} required`}
                          disabled={readOnly}
                          {...form.getInputProps(`authFields.${index}.required`, { type: 'checkbox' })}
                        />
                      </Table.Td>
                      {!readOnly && (
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <ActionIcon variant="subtle" color="gray" mt={4} aria-label={`Remove auth field ${index + 1}`} onClick={() => form.removeListItem('authFields', index)}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {authFields.length === 0 && (
              <Text size="sm" c="dimmed">
                No auth fields yet.
              </Text>
            )}
            {typeof fieldsError === 'string' && (
              <Text size="sm" c="red">
                {fieldsError}
              </Text>
            )}
            {!readOnly && (
              <Group>
                <Button
                  variant="light"
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => form.insertListItem('authFields', { uid: newFieldRow().uid, identifier: '', name: '', type: 'PASSWORD', required: true })}
                >
                  Add auth field
                </Button>
              </Group>
            )}
          </Stack>
        )}

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

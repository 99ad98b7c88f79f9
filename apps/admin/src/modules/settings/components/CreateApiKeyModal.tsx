import { useMutation } from '@apollo/client/react';
import { Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { useViewer } from '../../../app/viewer';
import { FormError } from '../../../components/FormError';
import { SecretReveal } from '../../../components/SecretReveal';
import type { Role } from '../../../generated/graphql';
import { publishEventCurl } from '../curl-example';
import { API_KEYS, CREATE_API_KEY } from '../graphql/settings.operations';
import { grantableRoles } from '../roles';
import { RoleSelect } from './RoleSelect';

interface CreateApiKeyModalProps {
  opened: boolean;
  onClose: () => void;
}

interface Created {
  name: string;
  role: Role;
  secret: string;
}

/** Name and role for a new key; then the key itself, once, with a curl command that uses it. */
export function CreateApiKeyModal({ opened, onClose }: CreateApiKeyModalProps) {
  const { role: viewerRole } = useViewer();
  const [createApiKey, { loading }] = useMutation(CREATE_API_KEY, { refetchQueries: [{ query: API_KEYS }], awaitRefetchQueries: true });
  const [created, setCreated] = useState<Created | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ name: string; role: Role }>({
    initialValues: { name: '', role: 'DEVELOPER' },
    validate: { name: (value) => (value.trim().length === 0 ? 'Give the key a name, e.g. where it is used.' : value.trim().length > 100 ? 'At most 100 characters.' : null) },
  });

  function close() {
    // The secret is gone for good once the dialog closes.
    setCreated(null);
    setFormError(null);
    form.reset();
    onClose();
  }

  const submit = form.onSubmit(async ({ name, role }) => {
    setFormError(null);
    try {
      const { data } = await createApiKey({ variables: { name: name.trim(), role } });
      if (!data) return;
      setCreated({ name: data.createApiKey.apiKey.name, role: data.createApiKey.apiKey.role, secret: data.createApiKey.secret });
      notifications.show({ color: 'teal', title: 'API key created', message: `${data.createApiKey.apiKey.name} (${data.createApiKey.apiKey.role}). Copy it now.` });
    } catch (error) {
      setFormError(applyApiError(form, error));
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={created ? `API key “${created.name}”` : 'New API key'} size="lg" closeOnClickOutside={!created}>
      {created ? (
        <Stack>
          <SecretReveal label="API key" secret={created.secret}>
            <Text size="sm">Publish an event with it:</Text>
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {publishEventCurl(window.location.origin, created.secret)}
            </Code>
            {created.role === 'VIEWER' ? (
              <Text size="xs">This key is VIEWER: it can read through the GraphQL API, but publishing events needs DEVELOPER or higher.</Text>
            ) : (
              <Text size="xs">The same key works for the GraphQL API at /graphql, as Authorization: Bearer.</Text>
            )}
          </SecretReveal>
          <Group justify="flex-end">
            <Button onClick={close}>I have stored it</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <TextInput label="Name" description="Where the key is used, e.g. “Chat platform (production)”." data-autofocus {...form.getInputProps('name')} />
            <RoleSelect
              label="Role"
              description="What the key may do. Publishing events needs DEVELOPER or higher."
              roles={grantableRoles(viewerRole)}
              value={form.values.role}
              onChange={(role) => form.setFieldValue('role', role)}
              error={form.errors.role}
            />
            <FormError message={formError} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={loading}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

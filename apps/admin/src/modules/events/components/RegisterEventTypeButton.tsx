import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { JsonField } from '../../../components/JsonField';
import { FormError } from '../../../components/FormError';
import { jsonTextError, parseJsonText } from '../../../components/json-text';
import { eventTypeNameProblem } from '../event-display';
import { EVENT_TYPES, REGISTER_EVENT_TYPE } from '../graphql/events.operations';

const initialValues = { name: '', description: '', example: '', schema: '' };

/** Adds a type to the workspace's catalogue, with an example payload and an optional JSON schema. */
export function RegisterEventTypeButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [register, { loading }] = useMutation(REGISTER_EVENT_TYPE, { refetchQueries: [EVENT_TYPES] });
  const form = useForm({
    initialValues,
    validate: {
      name: (value) => eventTypeNameProblem(value.trim()),
      example: (value) => jsonTextError(value, { label: 'The example', optional: true, object: true }),
      schema: (value) => jsonTextError(value, { label: 'The schema', optional: true, object: true }),
    },
  });

  const dismiss = () => {
    close();
    form.reset();
    setFailure(null);
  };

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const example = parseJsonText(values.example, { label: 'The example', optional: true });
    const schema = parseJsonText(values.schema, { label: 'The schema', optional: true });
    try {
      const { data } = await register({
        variables: {
          input: {
            name: values.name.trim(),
            description: values.description.trim() || null,
            example: example.ok ? example.value : null,
            schema: schema.ok ? schema.value : null,
          },
        },
      });
      if (!data) return;
      notifications.show({ color: 'teal', message: `${data.registerEventType.name} is in the catalogue: you can publish it and subscribe to it.` });
      dismiss();
    } catch (error) {
      setFailure(applyApiError(form, error));
    }
  });

  return (
    <>
      <Button variant="default" leftSection={<IconPlus size={16} />} onClick={open}>
        Register event type
      </Button>
      <Modal opened={opened} onClose={dismiss} title="Register an event type" size="xl">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              Registered types can be published, and their example fills the placeholder menus of automations and flows. Registering a name again replaces its
              description, example and schema.
            </Text>
            <TextInput label="Name" required placeholder="order.paid" description='Dot-separated lowercase segments, e.g. "order.paid"' {...form.getInputProps('name')} />
            <TextInput label="Description" placeholder="An order was paid." {...form.getInputProps('description')} />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <JsonField
                label="Example payload"
                description="A realistic payload: shown in the catalogue and offered as placeholders"
                placeholder='{"order": {"id": "ord_1", "total": 42.5}}'
                minRows={8}
                maxRows={20}
                {...form.getInputProps('example')}
              />
              <JsonField
                label="JSON schema"
                description="Optional: a JSON Schema object of the payload"
                placeholder='{"type": "object", "properties": {…}}'
                minRows={8}
                maxRows={20}
                {...form.getInputProps('schema')}
              />
            </SimpleGrid>
            <FormError message={failure} />
            <Group justify="flex-end">
              <Button variant="default" onClick={dismiss}>
                Cancel
              </Button>
              <Button type="submit" loading={loading}>
                Register
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

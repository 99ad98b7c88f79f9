import { useMutation } from '@apollo/client/react';
import { Autocomplete, Button, Group, Modal, Stack, Text, TextInput, type ButtonProps } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { applyApiError } from '../../../app/form-errors';
import { JsonField } from '../../../components/JsonField';
import { FormError } from '../../../components/FormError';
import { jsonTextError, parseJsonText, toJsonText } from '../../../components/json-text';
import { eventTypeNameProblem } from '../event-display';
import { PUBLISH_EVENT, RECENT_EVENTS } from '../graphql/events.operations';

interface PublishEventButtonProps extends Pick<ButtonProps, 'variant' | 'size'> {
  eventTypes: readonly { name: string; example: unknown }[];
  /** The type the form starts with (its example is the payload). */
  type?: string;
  label?: string;
}

/** Publishes an event from the console, to try webhooks, automations and flows out. */
export function PublishEventButton({ eventTypes, type, label = 'Publish event', ...buttonProps }: PublishEventButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button leftSection={<IconSend size={16} />} onClick={open} {...buttonProps}>
        {label}
      </Button>
      <PublishEventModal opened={opened} onClose={close} eventTypes={eventTypes} type={type} />
    </>
  );
}

interface PublishEventModalProps {
  opened: boolean;
  onClose: () => void;
  eventTypes: readonly { name: string; example: unknown }[];
  /** The type the form starts with (its example is the payload); read when the modal is mounted. */
  type?: string;
}

/**
 * The publish form in a modal. A list that offers "Publish" on each of its items keeps one of
 * these beside the list (keyed by the type) rather than one per item: a modal rendered inside a
 * collapsed Accordion panel lives under React's <Activity>, which pauses its effects.
 */
export function PublishEventModal({ opened, onClose: close, eventTypes, type }: PublishEventModalProps) {
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const [publish, { loading }] = useMutation(PUBLISH_EVENT, { refetchQueries: [RECENT_EVENTS] });
  const exampleOf = (name: string) => toJsonText(eventTypes.find((t) => t.name === name)?.example ?? {}) || '{}';
  const form = useForm({
    initialValues: { type: type ?? '', payload: type ? exampleOf(type) : '{}', idempotencyKey: '' },
    validate: {
      type: (value) => eventTypeNameProblem(value.trim()),
      payload: (value) => jsonTextError(value, { label: 'The payload', object: true }),
    },
  });

  const chooseType = (name: string) => {
    const previous = form.getValues();
    form.setFieldValue('type', name);
    // The payload follows the type's example until it is edited.
    const known = eventTypes.some((t) => t.name === name);
    if (known && (previous.payload.trim() === '{}' || previous.payload === exampleOf(previous.type))) form.setFieldValue('payload', exampleOf(name));
  };

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const payload = parseJsonText(values.payload, { label: 'The payload', object: true });
    try {
      const { data } = await publish({
        variables: { input: { type: values.type.trim(), payload: payload.ok ? payload.value : {}, idempotencyKey: values.idempotencyKey.trim() || null } },
      });
      if (!data) return;
      const event = data.publishEvent;
      close();
      notifications.show({
        color: 'teal',
        title: `${event.type} published`,
        message: event.deliveries.length === 0 ? 'No webhook or automation matched it.' : `${event.deliveries.length} ${event.deliveries.length === 1 ? 'delivery' : 'deliveries'} created.`,
      });
      navigate(`/events/${event.id}`);
    } catch (error) {
      setFailure(applyApiError(form, error));
    }
  });

  return (
    <Modal opened={opened} onClose={close} title="Publish an event" size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            The event is stored and sent to every enabled webhook, automation and flow that matches it, exactly like one your platform publishes.
          </Text>
          <Autocomplete
            label="Type"
            required
            placeholder="ticket.created"
            data={eventTypes.map((t) => t.name)}
            limit={30}
            maxDropdownHeight={260}
            {...form.getInputProps('type')}
            onChange={chooseType}
            description='A catalogue type, or a custom "event.emit.<name>"'
          />
          <JsonField label="Payload" required minRows={8} maxRows={20} {...form.getInputProps('payload')} />
          <TextInput
            label="Idempotency key"
            description="Optional: publishing again with the same key returns the first event instead of a second one."
            {...form.getInputProps('idempotencyKey')}
          />
          <FormError message={failure} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={loading} leftSection={<IconSend size={16} />}>
              Publish
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

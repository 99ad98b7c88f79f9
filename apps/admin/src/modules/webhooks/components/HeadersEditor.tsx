import { ActionIcon, Button, Group, Input, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { WebhookFormValues } from '../webhook-form';

/** Static headers sent with every delivery (e.g. a token the receiver checks). */
export function HeadersEditor({ form }: { form: UseFormReturnType<WebhookFormValues> }) {
  const error = form.errors.headers;
  return (
    <Input.Wrapper
      label="Custom headers"
      description="Sent with every delivery. Content-Type, User-Agent and the webhook-* headers are set by Conduit."
      error={error}
    >
      <Stack gap="xs" mt={6}>
        {form.values.headers.map((_, index) => (
          <Group key={form.key(`headers.${index}`)} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              placeholder="Header name"
              aria-label={`Header ${index + 1} name`}
              style={{ flex: 2 }}
              {...form.getInputProps(`headers.${index}.name`)}
            />
            <TextInput
              placeholder="Value"
              aria-label={`Header ${index + 1} value`}
              style={{ flex: 3 }}
              {...form.getInputProps(`headers.${index}.value`)}
            />
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Remove header ${index + 1}`} onClick={() => form.removeListItem('headers', index)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {form.values.headers.length === 0 && (
          <Text size="sm" c="dimmed">
            No custom headers.
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => form.insertListItem('headers', { name: '', value: '' })}
            disabled={form.values.headers.length >= 20}
          >
            Add header
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

import { Code, Group, Paper, Select, Stack, TagsInput, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { JsonView } from '../../../components/JsonView';
import { matchingTypes } from '../../../components/event-patterns';
import type { WebhookEventTypesQuery } from '../../../generated/graphql';
import type { WebhookFormValues } from '../webhook-form';

type EventType = WebhookEventTypesQuery['eventTypes'][number];

/** Shown next to the event picker. */
const PATTERN_HELP = [
  { pattern: 'ticket.created', meaning: 'exactly this event type' },
  { pattern: 'message.created.channel.*', meaning: '"*" stands for exactly one segment: every channel' },
  { pattern: 'message.**', meaning: 'a final "**" stands for one or more segments: every message event' },
  { pattern: '*', meaning: 'alone: every event type' },
] as const;

interface EventPickerProps {
  form: UseFormReturnType<WebhookFormValues>;
  catalogue: readonly EventType[];
}

/** Event types from the catalogue (with their descriptions) or free patterns, and an example payload of what will arrive. */
export function EventPicker({ form, catalogue }: EventPickerProps) {
  const descriptions = new Map(catalogue.map((type) => [type.name, type.description]));
  const matched = matchingTypes(form.values.events, catalogue);
  const [exampleName, setExampleName] = useState<string | null>(null);
  const example = matched.find((type) => type.name === exampleName) ?? matched[0];

  return (
    <Stack gap="xs">
      <TagsInput
        label="Events"
        description="Pick event types from the catalogue, or type a pattern and press Enter."
        placeholder={form.values.events.length === 0 ? 'e.g. ticket.created, message.**' : undefined}
        data={catalogue.map((type) => type.name)}
        renderOption={({ option }) => (
          <Stack gap={0}>
            <Text size="sm" ff="monospace">
              {option.value}
            </Text>
            {descriptions.get(option.value) && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {descriptions.get(option.value)}
              </Text>
            )}
          </Stack>
        )}
        maxDropdownHeight={320}
        clearable
        required
        {...form.getInputProps('events')}
      />
      <Text size="xs" c="dimmed">
        Patterns:{' '}
        {PATTERN_HELP.map((help, index) => (
          <span key={help.pattern}>
            {index > 0 && ' · '}
            <Code>{help.pattern}</Code> {help.meaning}
          </span>
        ))}
        .
      </Text>

      {form.values.events.length > 0 && (
        <Paper withBorder p="sm" radius="md" bg="gray.0">
          {matched.length === 0 ? (
            <Text size="sm" c="dimmed">
              No catalogue type matches these patterns yet. Custom events (<Code>event.emit.*</Code>) and types registered later will
              be delivered when they match.
            </Text>
          ) : (
            <Stack gap="xs">
              <Group justify="space-between" align="flex-end">
                <Text size="sm">
                  Receives {matched.length} catalogue {matched.length === 1 ? 'type' : 'types'}.
                </Text>
                <Select
                  label="Example payload of"
                  size="xs"
                  w={300}
                  data={matched.map((type) => type.name)}
                  value={example?.name ?? null}
                  onChange={setExampleName}
                  allowDeselect={false}
                  searchable
                />
              </Group>
              {example && (
                <>
                  {example.description && <Text size="sm">{example.description}</Text>}
                  <Text size="xs" c="dimmed">
                    Each delivery posts <Code>{'{"type", "timestamp", "data", "hook"}'}</Code>; this payload is its <Code>data</Code>.
                  </Text>
                  <JsonView value={example.example ?? {}} maxHeight={260} />
                </>
              )}
            </Stack>
          )}
        </Paper>
      )}
    </Stack>
  );
}

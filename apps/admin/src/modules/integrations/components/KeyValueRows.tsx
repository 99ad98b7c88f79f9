import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { KeyValueRow } from '../request-draft';
import { TemplateInput } from '../../../components/TemplateInput';
import type { PlaceholderGroup } from '../../../components/template-placeholders';
import { NO_TEMPLATE_VARIABLES } from '../template-variables';

interface KeyValueRowsProps {
  /** "Query parameter", "Header", "Form field": names the rows' controls. */
  noun: string;
  rows: readonly KeyValueRow[];
  variables: readonly PlaceholderGroup[];
  onChange: (index: number, part: 'key' | 'value', value: string) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
  error: (index: number, part: 'key' | 'value') => ReactNode;
  readOnly?: boolean;
}

/** Key/value rows (query parameters, headers, form fields); values may hold templates. */
export function KeyValueRows({ noun, rows, variables, onChange, onAdd, onRemove, error, readOnly }: KeyValueRowsProps) {
  return (
    <Stack gap="xs">
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          No {noun.toLowerCase()}s.
        </Text>
      )}
      {rows.map((row, index) => (
        <Group key={row.uid} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`${noun} ${index + 1} name`}
            placeholder="Name"
            value={row.key}
            onChange={(event) => onChange(index, 'key', event.currentTarget.value)}
            error={error(index, 'key')}
            readOnly={readOnly}
            w="35%"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <div style={{ flex: 1 }}>
            <TemplateInput
              ariaLabel={`${noun} ${index + 1} value`}
              placeholder="Value"
              value={row.value}
              onChange={(value) => onChange(index, 'value', value)}
              error={error(index, 'value')}
              placeholders={variables}
              emptyHint={NO_TEMPLATE_VARIABLES}
              readOnly={readOnly}
            />
          </div>
          {!readOnly && (
            <ActionIcon variant="subtle" color="gray" mt={4} onClick={() => onRemove(index)} aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={onAdd}>
            Add {noun.toLowerCase()}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

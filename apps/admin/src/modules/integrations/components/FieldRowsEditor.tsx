import { ActionIcon, Button, Checkbox, Group, Select, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { newFieldRow, VALUE_TYPES, type ActionDraft } from '../action-draft';

interface FieldRowsEditorProps {
  form: UseFormReturnType<ActionDraft>;
  list: 'inputs' | 'outputs';
  readOnly?: boolean;
}

const TYPE_OPTIONS = VALUE_TYPES.map((type) => ({ value: type, label: type.charAt(0) + type.slice(1).toLowerCase() }));

/** Typed fields of an action: its inputs (keys used as `{{ input.<key> }}`) or its outputs (paths into the response). */
export function FieldRowsEditor({ form, list, readOnly }: FieldRowsEditorProps) {
  const rows = form.getValues()[list];
  const noun = list === 'inputs' ? 'Input' : 'Output';
  const listError = form.errors[list];

  return (
    <>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {list === 'inputs' ? 'No inputs: the request uses no caller data.' : 'No outputs: callers get nothing back but success or failure.'}
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={4} aria-label={list === 'inputs' ? 'Inputs' : 'Outputs'}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>{list === 'inputs' ? 'Key' : 'Key (path in the response)'}</Table.Th>
              <Table.Th w={140}>Type</Table.Th>
              <Table.Th w={80}>Required</Table.Th>
              {!readOnly && <Table.Th w={40} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => (
              <Table.Tr key={row.uid}>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <TextInput aria-label={`${noun} ${index + 1} name`} placeholder={list === 'inputs' ? 'Phone' : 'Validation ID'} readOnly={readOnly} {...form.getInputProps(`${list}.${index}.name`)} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <TextInput
                    aria-label={`${noun} ${index + 1} key`}
                    placeholder={list === 'inputs' ? 'phone' : 'data.validation_id'}
                    readOnly={readOnly}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    {...form.getInputProps(`${list}.${index}.key`)}
                  />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Select aria-label={`${noun} ${index + 1} type`} data={TYPE_OPTIONS} allowDeselect={false} readOnly={readOnly} {...form.getInputProps(`${list}.${index}.type`)} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Checkbox mt={8} aria-label={`${noun} ${index + 1} required`} disabled={readOnly} {...form.getInputProps(`${list}.${index}.required`, { type: 'checkbox' })} />
                </Table.Td>
                {!readOnly && (
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <ActionIcon variant="subtle" color="gray" mt={4} aria-label={`Remove ${noun.toLowerCase()} ${index + 1}`} onClick={() => form.removeListItem(list, index)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {typeof listError === 'string' && (
        <Text size="sm" c="red">
          {listError}
        </Text>
      )}
      {!readOnly && (
        <Group mt="xs">
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem(list, newFieldRow())}>
            Add {noun.toLowerCase()}
          </Button>
        </Group>
      )}
    </>
  );
}

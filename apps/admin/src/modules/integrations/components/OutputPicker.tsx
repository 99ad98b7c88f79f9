import { Button, Checkbox, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ValueType } from '../../../generated/graphql';
import { sampleText } from '../../../components/template-placeholders';
import { nameFromKey, newFieldRow, VALUE_TYPES, type FieldRow } from '../action-draft';

interface Candidate {
  key: string;
  type: ValueType;
  sample: unknown;
}

interface Choice {
  picked: boolean;
  name: string;
  type: ValueType;
  required: boolean;
}

interface OutputPickerProps {
  candidates: readonly Candidate[];
  /** Keys already declared as outputs (shown as such; picking one replaces it). */
  declared: readonly string[];
  onAdd: (outputs: FieldRow[]) => void;
}

const TYPE_OPTIONS = VALUE_TYPES.map((type) => ({ value: type, label: type.charAt(0) + type.slice(1).toLowerCase() }));

/** Every leaf of the test response, to be picked as outputs with a name, a type and whether it is required. */
export function OutputPicker({ candidates, declared, onAdd }: OutputPickerProps) {
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(candidates.map((candidate) => [candidate.key, { picked: false, name: nameFromKey(candidate.key), type: candidate.type, required: true }])),
  );
  const picked = candidates.filter((candidate) => choices[candidate.key]?.picked);
  const change = (key: string, part: Partial<Choice>) => setChoices((current) => ({ ...current, [key]: { ...current[key], ...part } }));

  if (candidates.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The response has no JSON values to pick as outputs.
      </Text>
    );
  }

  function add() {
    onAdd(
      picked.map((candidate) => {
        const { name, type, required } = choices[candidate.key];
        return newFieldRow({ key: candidate.key, name, type, required });
      }),
    );
    setChoices((current) => Object.fromEntries(Object.entries(current).map(([key, choice]) => [key, { ...choice, picked: false }])));
  }

  return (
    <Stack gap="xs">
      <Table verticalSpacing={4} aria-label="Output candidates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} />
            <Table.Th>Key</Table.Th>
            <Table.Th>Sample</Table.Th>
            <Table.Th>Output name</Table.Th>
            <Table.Th w={130}>Type</Table.Th>
            <Table.Th w={80}>Required</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {candidates.map((candidate) => {
            const choice = choices[candidate.key];
            return (
              <Table.Tr key={candidate.key}>
                <Table.Td>
                  <Checkbox aria-label={`Pick ${candidate.key}`} checked={choice.picked} onChange={(event) => change(candidate.key, { picked: event.currentTarget.checked })} />
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Code>{candidate.key}</Code>
                    {declared.includes(candidate.key) && (
                      <Text size="xs" c="dimmed">
                        (an output)
                      </Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" c="dimmed">
                    {sampleText(candidate.sample, 60)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label={`Output name for ${candidate.key}`} value={choice.name} onChange={(event) => change(candidate.key, { name: event.currentTarget.value })} />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Output type for ${candidate.key}`}
                    data={TYPE_OPTIONS}
                    allowDeselect={false}
                    value={choice.type}
                    onChange={(value) => value && change(candidate.key, { type: value as ValueType })}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`Output required for ${candidate.key}`}
                    checked={choice.required}
                    onChange={(event) => change(candidate.key, { required: event.currentTarget.checked })}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group>
        <Button variant="light" disabled={picked.length === 0} onClick={add}>
          Add to outputs{picked.length > 0 ? ` (${picked.length})` : ''}
        </Button>
        <Text size="xs" c="dimmed">
          Then save the action to keep them.
        </Text>
      </Group>
    </Stack>
  );
}

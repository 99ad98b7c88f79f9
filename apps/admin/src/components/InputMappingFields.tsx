import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PlaceholderGroup } from './template-placeholders';
import { TemplateInput } from './TemplateInput';

export interface MappingRow {
  key: string;
  name: string;
  type: string;
  required: boolean;
  value: string;
}

interface InputMappingFieldsProps {
  rows: readonly MappingRow[];
  placeholders: PlaceholderGroup[];
  onChange: (index: number, value: string) => void;
  errorOf: (index: number) => ReactNode;
  emptyHint?: ReactNode;
  disabled?: boolean;
  /** Said when the action takes no inputs. */
  noInputs?: ReactNode;
}

/** One template input per input of an action (automations, flow steps), each with the "+" placeholder menu. */
export function InputMappingFields({ rows, placeholders, onChange, errorOf, emptyHint, disabled, noInputs }: InputMappingFieldsProps) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {noInputs ?? 'This action takes no inputs.'}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {rows.map((row, index) => (
        <TemplateInput
          key={row.key}
          label={row.name}
          description={`input.${row.key} · ${row.type.toLowerCase()}${row.required ? '' : ' · optional'}`}
          required={row.required}
          placeholder={row.required ? 'A value or a {{ placeholder }}' : 'Leave blank to send nothing'}
          value={row.value}
          onChange={(value) => onChange(index, value)}
          error={errorOf(index)}
          placeholders={placeholders}
          emptyHint={emptyHint}
          disabled={disabled}
        />
      ))}
    </Stack>
  );
}

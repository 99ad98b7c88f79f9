import { Textarea, type TextareaProps } from '@mantine/core';

export interface JsonFieldProps extends Omit<TextareaProps, 'onChange' | 'value'> {
  /** The JSON text (spread `form.getInputProps(path)` for value, onChange and error). */
  value?: string;
  onChange: (value: string) => void;
}

/**
 * A JSON text field: monospace, growing with its content, errors from the form (on submit).
 * Nothing changes when it loses focus (Mantine's JsonInput adds a message or reformats on blur,
 * which moves the buttons below it under the pointer, so the click on "Save" misses).
 */
export function JsonField({ value = '', onChange, minRows = 4, maxRows = 16, ...rest }: JsonFieldProps) {
  return (
    <Textarea
      {...rest}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      autosize
      minRows={minRows}
      maxRows={maxRows}
      spellCheck={false}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' } }}
    />
  );
}

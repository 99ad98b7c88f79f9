import { ActionIcon, Menu, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useRef, type ReactNode } from 'react';
import { insertAt, insertionText, type Selection, type TemplateVariable } from '../template-insert';

interface TemplateInputProps {
  label?: ReactNode;
  /** Accessible name when there is no visible label (table cells). */
  ariaLabel?: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  placeholder?: string;
  description?: ReactNode;
  variables: readonly TemplateVariable[];
  /** A body: a multi-line field. */
  multiline?: boolean;
  /** A JSON body: a variable inserted outside a string is quoted. */
  json?: boolean;
  readOnly?: boolean;
  withAsterisk?: boolean;
}

/**
 * A text field that may hold `{{ templates }}`, with a "+" menu inserting `{{ input.<key> }}` and
 * `{{ credential.<identifier> }}` at the cursor (at the end when the field was never focused).
 */
export function TemplateInput({ label, ariaLabel, value, onChange, error, placeholder, description, variables, multiline, json, readOnly, withAsterisk }: TemplateInputProps) {
  const element = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const focused = useRef(false);
  const name = ariaLabel ?? (typeof label === 'string' ? label : 'this field');

  function selection(): Selection | null {
    const node = element.current;
    if (!node || !focused.current || node.selectionStart === null || node.selectionEnd === null) return null;
    return { start: node.selectionStart, end: node.selectionEnd };
  }

  function insert(variable: TemplateVariable) {
    const at = selection();
    const next = insertAt(value, insertionText(variable.expression, Boolean(json), value, at), at);
    onChange(next.value);
    // Back to the field with the cursor after what was inserted, once the new value is rendered.
    requestAnimationFrame(() => {
      const node = element.current;
      if (!node) return;
      node.focus();
      node.setSelectionRange(next.cursor, next.cursor);
    });
  }

  const menu = readOnly ? null : (
    <Menu position="bottom-end" withinPortal shadow="md" returnFocus={false} width={300}>
      <Menu.Target>
        <Tooltip label="Insert a variable" withinPortal>
          <ActionIcon variant="subtle" size="sm" aria-label={`Insert a variable into ${name}`}>
            <IconPlus size={14} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {variables.length === 0 && (
          <Text size="xs" c="dimmed" p="xs">
            Declare inputs (or auth fields) first; they are offered here as {'{{ input.<key> }}'} and {'{{ credential.<identifier> }}'}.
          </Text>
        )}
        {(['Inputs', 'Credential'] as const).map((group) => {
          const items = variables.filter((variable) => variable.group === group);
          if (items.length === 0) return null;
          return (
            <div key={group}>
              <Menu.Label>{group}</Menu.Label>
              {items.map((variable) => (
                <Menu.Item key={variable.expression} onClick={() => insert(variable)} aria-label={variable.expression}>
                  <Text size="sm" ff="monospace">
                    {variable.expression}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {variable.description}
                  </Text>
                </Menu.Item>
              ))}
            </div>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );

  const common = {
    label,
    'aria-label': label ? undefined : ariaLabel,
    value,
    error,
    placeholder,
    description,
    readOnly,
    withAsterisk,
    rightSection: menu,
    rightSectionPointerEvents: 'all' as const,
    onFocus: () => {
      focused.current = true;
    },
    styles: { input: { fontFamily: 'var(--mantine-font-family-monospace)' } },
  };

  if (multiline) {
    return (
      <Textarea
        {...common}
        ref={(node) => {
          element.current = node;
        }}
        autosize
        minRows={4}
        maxRows={16}
        onChange={(event) => onChange(event.currentTarget.value)}
        rightSectionProps={{ style: { alignItems: 'flex-start', paddingTop: 6 } }}
      />
    );
  }
  return (
    <TextInput
      {...common}
      ref={(node) => {
        element.current = node;
      }}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

import { ActionIcon, Code, Combobox, Group, ScrollArea, Text, TextInput, Textarea, Tooltip, useCombobox } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { insertAt, insertionText, type Selection } from './template-insert';
import { filterGroups, sampleText, type PlaceholderGroup } from './template-placeholders';

interface TemplateInputProps {
  label?: ReactNode;
  /** The accessible name when there is no visible label (table cells); also names the "+" button. */
  ariaLabel?: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  required?: boolean;
  withAsterisk?: boolean;
  /** What the "+" menu offers, by group ("Event ticket.created", "Step lookup", "Inputs"). */
  placeholders: readonly PlaceholderGroup[];
  /** Shown in the menu when it has nothing to offer (e.g. "Choose an event type first"). */
  emptyHint?: ReactNode;
  /** A body: a multi-line field growing with its content. */
  multiline?: boolean;
  /** A JSON body: a placeholder inserted outside a string is quoted, so the body stays JSON. */
  json?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
}

/**
 * A text field for a `{{ template }}`, with a "+" menu of the placeholders its scope offers (with a
 * search when there are many): a chosen placeholder is inserted at the cursor, over the selection,
 * or at the end when the field never had the cursor, and the cursor lands right after it.
 */
export function TemplateInput({ label, ariaLabel, value, onChange, placeholders, emptyHint, multiline, json, disabled, readOnly, ...field }: TemplateInputProps) {
  const element = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const focused = useRef(false);
  const [search, setSearch] = useState('');
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      setSearch('');
    },
    onDropdownOpen: () => combobox.focusSearchInput(),
  });
  const groups = useMemo(() => filterGroups(placeholders, search), [placeholders, search]);
  const total = placeholders.reduce((n, group) => n + group.items.length, 0);
  const name = ariaLabel ?? (typeof label === 'string' ? label : 'this field');

  // A field keeps its selection when the menu takes the focus; one never focused has none.
  function selection(): Selection | null {
    const node = element.current;
    if (!node || !focused.current || node.selectionStart === null || node.selectionEnd === null) return null;
    return { start: node.selectionStart, end: node.selectionEnd };
  }

  function insert(template: string) {
    const at = selection();
    const next = insertAt(value, insertionText(template, Boolean(json), value, at), at);
    onChange(next.value);
    combobox.closeDropdown();
    // Back to the field with the cursor after what was inserted, once the new value is rendered.
    requestAnimationFrame(() => {
      element.current?.focus();
      element.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  const menu =
    disabled || readOnly ? undefined : (
      <Combobox store={combobox} onOptionSubmit={insert} position="bottom-end" width={460} withinPortal shadow="md">
        <Combobox.Target withAriaAttributes={false}>
          <Tooltip label="Insert a placeholder">
            <ActionIcon variant="subtle" size={multiline ? 'sm' : undefined} aria-label={`Insert a placeholder into ${name}`} onClick={() => combobox.toggleDropdown()}>
              <IconPlus size={multiline ? 14 : 16} />
            </ActionIcon>
          </Tooltip>
        </Combobox.Target>
        <Combobox.Dropdown>
          {total > 8 && <Combobox.Search value={search} onChange={(event) => setSearch(event.currentTarget.value)} placeholder="Search fields or sample values" />}
          <Combobox.Options aria-label="Placeholders">
            <ScrollArea.Autosize mah={320} type="auto">
              {groups.length === 0 && <Combobox.Empty>{total === 0 ? (emptyHint ?? 'Nothing to insert here yet.') : 'No placeholder matches.'}</Combobox.Empty>}
              {groups.map((group) => (
                <Combobox.Group key={group.label} label={group.label}>
                  {group.items.map((item) => (
                    <Combobox.Option key={`${group.label}:${item.template}`} value={item.template} aria-label={item.template}>
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Code style={{ whiteSpace: 'nowrap' }}>{item.template}</Code>
                        <Text size="xs" c="dimmed" truncate>
                          {item.description ?? (item.sample !== undefined ? sampleText(item.sample) : item.type)}
                        </Text>
                      </Group>
                    </Combobox.Option>
                  ))}
                </Combobox.Group>
              ))}
            </ScrollArea.Autosize>
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
    );

  const common = {
    ...field,
    label,
    'aria-label': label ? undefined : ariaLabel,
    value,
    disabled,
    readOnly,
    onChange: (event: { currentTarget: { value: string } }) => onChange(event.currentTarget.value),
    onFocus: () => {
      focused.current = true;
    },
    rightSection: menu,
    rightSectionPointerEvents: 'all' as const,
    spellCheck: false,
    styles: { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' } },
  };
  const ref = (node: HTMLInputElement | HTMLTextAreaElement | null) => {
    element.current = node;
  };

  return multiline ? (
    <Textarea {...common} ref={ref} autosize minRows={4} maxRows={16} rightSectionProps={{ style: { alignItems: 'flex-start', paddingTop: 6 } }} />
  ) : (
    <TextInput {...common} ref={ref} />
  );
}

import { ActionIcon, Code, Combobox, Group, ScrollArea, Text, TextInput, Tooltip, useCombobox, type TextInputProps } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { filterGroups, insertAt, sampleText, type PlaceholderGroup } from './template-placeholders';

interface TemplateInputProps extends Omit<TextInputProps, 'value' | 'onChange' | 'rightSection'> {
  value: string;
  onChange: (value: string) => void;
  /** What the "+" menu offers, by group ("Event ticket.created", "Step lookup"). */
  placeholders: PlaceholderGroup[];
  /** Shown in the menu when it has nothing to offer (e.g. "Choose an event type first"). */
  emptyHint?: ReactNode;
  /** For the "+" button's accessible name; defaults to the label. */
  name?: string;
}

/**
 * A text input for a `{{ template }}`, with a "+" menu of the placeholders its scope offers: a
 * chosen placeholder is inserted at the caret (or replaces the selection).
 */
export function TemplateInput({ value, onChange, placeholders, emptyHint, name, disabled, label, ...rest }: TemplateInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const selection = useRef<{ start: number | null; end: number | null }>({ start: null, end: null });
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
  const buttonName = `Insert a placeholder into ${name ?? (typeof label === 'string' ? label : 'this field')}`;

  const insert = (template: string) => {
    const { value: next, caret } = insertAt(value, template, selection.current.start, selection.current.end);
    onChange(next);
    combobox.closeDropdown();
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(caret, caret);
    });
  };

  const menu = (
    <Combobox store={combobox} onOptionSubmit={insert} position="bottom-end" width={460} withinPortal shadow="md">
      <Combobox.Target withAriaAttributes={false}>
        <Tooltip label="Insert a placeholder">
          <ActionIcon
            variant="subtle"
            aria-label={buttonName}
            disabled={disabled}
            onMouseDown={() => {
              // Remember the caret before the button takes the focus.
              selection.current = { start: input.current?.selectionStart ?? null, end: input.current?.selectionEnd ?? null };
            }}
            onClick={() => combobox.toggleDropdown()}
          >
            <IconPlus size={16} />
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
                        {item.sample !== undefined ? sampleText(item.sample) : item.type}
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

  return (
    <TextInput
      {...rest}
      ref={input}
      label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.currentTarget.value)}
      rightSection={disabled ? undefined : menu}
      rightSectionPointerEvents="all"
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' } }}
    />
  );
}

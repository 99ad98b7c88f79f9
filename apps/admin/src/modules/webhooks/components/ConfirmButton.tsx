import { Button, Group, Popover, Stack, Text, type ButtonProps } from '@mantine/core';
import { useState, type ReactNode } from 'react';

interface ConfirmButtonProps extends Omit<ButtonProps, 'onClick' | 'children'> {
  children: ReactNode;
  /** What will happen, in a sentence. */
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | void;
}

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({ children, question, confirmLabel, onConfirm, color = 'red', ...buttonProps }: ConfirmButtonProps) {
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      setOpened(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button color={color} {...buttonProps} onClick={() => setOpened((open) => !open)}>
          {children}
        </Button>
      </Popover.Target>
      {/* Mantine labels the dropdown (role dialog) by its target button. */}
      <Popover.Dropdown maw={340}>
        <Stack gap="sm">
          <Text size="sm">{question}</Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button size="xs" color={color} loading={busy} onClick={() => void confirm()}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

import { ActionIcon, Button, Group, Popover, Stack, Text, Tooltip } from '@mantine/core';
import { useState, type ReactNode } from 'react';

interface ConfirmActionProps {
  /** The button's text (or accessible name when `icon` is given without text). */
  label: string;
  /** An icon-only button (the label becomes its tooltip and accessible name). */
  icon?: ReactNode;
  /** What will happen, asked before it does. */
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | void;
  color?: string;
  disabled?: boolean;
}

/** A destructive action behind a "Are you sure?" popover. */
export function ConfirmAction({ label, icon, message, confirmLabel, onConfirm, color = 'red', disabled }: ConfirmActionProps) {
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      setOpened(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md" trapFocus>
      <Popover.Target>
        {icon ? (
          <Tooltip label={label}>
            <ActionIcon variant="subtle" color={color} aria-label={label} onClick={() => setOpened((o) => !o)} disabled={disabled}>
              {icon}
            </ActionIcon>
          </Tooltip>
        ) : (
          <Button variant="light" color={color} onClick={() => setOpened((o) => !o)} disabled={disabled}>
            {label}
          </Button>
        )}
      </Popover.Target>
      <Popover.Dropdown maw={340} role="dialog" aria-label={label}>
        <Stack gap="sm">
          <Text size="sm">{message}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color={color} size="xs" loading={busy} onClick={() => void confirm()}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

import { ActionIcon, Button, Group, Popover, Stack, Text, Tooltip, type ButtonProps } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { apiErrorMessage } from '../app/api-error';
import { FormError } from './FormError';

interface ConfirmActionProps extends Omit<ButtonProps, 'children'> {
  /** The button's text, e.g. "Delete"; with `icon`, the tooltip and accessible name of an icon button. */
  label: string;
  /** An icon-only button (the label becomes its tooltip and accessible name). */
  icon?: ReactNode;
  /** The button's accessible name when the label alone is ambiguous in a table, e.g. "Revoke CI key". */
  ariaLabel?: string;
  /** A heading for the dialog, also its accessible name; without it the dialog is named by its button. */
  title?: string;
  /** What will happen, asked before it does. */
  message: ReactNode;
  confirmLabel: string;
  /** Resolves when done (the dialog closes); a rejection shows the API's message in the dialog. */
  onConfirm: () => Promise<unknown> | void;
  /** Why the action is not offered: the button is disabled and says why on hover. */
  disabledReason?: string | null;
}

/**
 * A destructive action behind an "Are you sure?" popover that says what will happen. A failure
 * stays in the popover with the API's message, so it can be read and tried again or cancelled.
 */
export function ConfirmAction({ label, icon, ariaLabel, title, message, confirmLabel, onConfirm, disabledReason, color = 'red', variant = 'light', ...buttonProps }: ConfirmActionProps) {
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const iconId = useId();

  const toggle = (open: boolean) => {
    setOpened(open);
    if (open) setError(null);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setOpened(false);
    } catch (caught) {
      setError(apiErrorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  if (disabledReason) {
    return (
      <Tooltip label={disabledReason} multiline maw={320}>
        {/* A disabled button gets no pointer events: the wrapper shows the reason. */}
        <span>
          {icon ? (
            <ActionIcon variant="subtle" color={color} aria-label={ariaLabel ?? label} disabled>
              {icon}
            </ActionIcon>
          ) : (
            <Button color={color} variant={variant} {...buttonProps} aria-label={ariaLabel} disabled>
              {label}
            </Button>
          )}
        </span>
      </Tooltip>
    );
  }

  // An icon button keeps its tooltip inside the target, so it names the dialog itself.
  const target = icon ? (
    <Popover.Target>
      <Tooltip label={label}>
        <ActionIcon id={iconId} variant="subtle" color={color} aria-label={ariaLabel ?? label} aria-haspopup="dialog" aria-expanded={opened} onClick={() => toggle(!opened)}>
          {icon}
        </ActionIcon>
      </Tooltip>
    </Popover.Target>
  ) : (
    <Popover.Target>
      <Button color={color} variant={variant} {...buttonProps} aria-label={ariaLabel} onClick={() => toggle(!opened)}>
        {label}
      </Button>
    </Popover.Target>
  );
  const labelledBy = title ? titleId : icon ? iconId : null;

  return (
    <Popover opened={opened} onChange={toggle} position="bottom-end" withArrow shadow="md" trapFocus>
      {target}
      {/* Mantine labels the dropdown (role dialog) by its target button; a title names it instead. */}
      <Popover.Dropdown maw={340} {...(labelledBy ? { 'aria-labelledby': labelledBy } : {})}>
        <Stack gap="sm">
          {title && (
            <Text size="sm" fw={600} id={titleId}>
              {title}
            </Text>
          )}
          <Text size="sm">{message}</Text>
          <FormError message={error} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setOpened(false)} disabled={busy}>
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

import { Button, Group, Modal, Stack, Text, Tooltip, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { apiErrorMessage } from '../../../app/api-error';
import { FormError } from '../../../components/FormError';

interface ConfirmActionProps {
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** An accessible name when the label alone is ambiguous in a table, e.g. "Revoke CI key". */
  ariaLabel?: string;
  title: string;
  /** What will happen, in full. */
  children: ReactNode;
  confirmLabel: string;
  /** Resolves when done (the dialog closes); a rejection shows the API message in the dialog. */
  onConfirm: () => Promise<void>;
  /** Why the action is not offered, shown on hover of the disabled button. */
  disabledReason?: string | null;
  buttonProps?: ButtonProps;
}

/** A destructive action behind a confirmation dialog that says what will happen. */
export function ConfirmAction({ label, ariaLabel, title, children, confirmLabel, onConfirm, disabledReason, buttonProps }: ConfirmActionProps) {
  const [opened, { open, close }] = useDisclosure();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setRunning(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (caught) {
      setError(apiErrorMessage(caught));
    } finally {
      setRunning(false);
    }
  }

  const button = (
    <Button size="xs" variant="subtle" color="red" onClick={open} disabled={Boolean(disabledReason)} aria-label={ariaLabel} {...buttonProps}>
      {label}
    </Button>
  );

  return (
    <>
      {disabledReason ? (
        <Tooltip label={disabledReason} multiline maw={320}>
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text size="sm">{children}</Text>
          <FormError message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={running}>
              Cancel
            </Button>
            <Button color="red" onClick={() => void confirm()} loading={running}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { apiErrorMessage } from '../../../app/api-error';
import { FormError } from '../../../components/FormError';
import { SecretReveal } from '../../../components/SecretReveal';
import { MEMBERS, RESET_MEMBER_PASSWORD } from '../graphql/settings.operations';

interface ResetPasswordButtonProps {
  userId: string;
  email: string;
  /** Why it cannot be done (the button is disabled and says so on hover). */
  disabledReason: string | null;
}

/**
 * Gives a member who has not chosen their own password yet a new temporary one: asked first, then
 * shown once with how to hand it over.
 */
export function ResetPasswordButton({ userId, email, disabledReason }: ResetPasswordButtonProps) {
  const [opened, setOpened] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reset, { loading }] = useMutation(RESET_MEMBER_PASSWORD, { refetchQueries: [{ query: MEMBERS }], awaitRefetchQueries: true });

  function close() {
    // Not while the reset runs: its password would arrive after the dialog closed, never seen.
    if (loading) return;
    // The password is gone for good once the dialog closes.
    setOpened(false);
    setPassword(null);
    setError(null);
  }

  async function confirm() {
    setError(null);
    try {
      const { data } = await reset({ variables: { userId } });
      if (data) setPassword(data.resetMemberPassword.temporaryPassword ?? null);
    } catch (caught) {
      setError(apiErrorMessage(caught));
    }
  }

  const button = (
    <Button size="xs" variant="subtle" aria-label={`New password for ${email}`} disabled={Boolean(disabledReason)} onClick={() => setOpened(true)}>
      New password
    </Button>
  );
  return (
    <>
      {disabledReason ? (
        <Tooltip label={disabledReason} multiline maw={320}>
          {/* A disabled button gets no pointer events: the wrapper shows the reason. */}
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      {/* Shown once: only "I have passed it on" closes it then; nothing closes it while the reset runs. */}
      <Modal
        opened={opened}
        onClose={close}
        title={password ? `New temporary password for ${email}` : `Give ${email} a new temporary password?`}
        size="lg"
        closeOnClickOutside={!password && !loading}
        closeOnEscape={!password && !loading}
        withCloseButton={!password && !loading}
      >
        {password ? (
          <Stack>
            <SecretReveal
              label="Temporary password"
              secret={password}
              explanation={`This is the only time it is shown. Pass it on to ${email} through a channel only they can read; they replace it with their own after signing in.`}
            />
            <Group justify="flex-end">
              <Button onClick={close}>I have passed it on</Button>
            </Group>
          </Stack>
        ) : (
          <Stack>
            <Text size="sm">
              Their current temporary password stops working and they are signed out everywhere. The new one works for as long as a new member&apos;s does, until they choose
              their own under Settings → Account.
            </Text>
            <FormError message={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={loading}>
                Cancel
              </Button>
              <Button color="orange" loading={loading} onClick={() => void confirm()}>
                Give a new password
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

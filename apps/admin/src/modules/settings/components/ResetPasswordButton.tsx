import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { ConfirmAction } from '../../../components/ConfirmAction';
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
  const [password, setPassword] = useState<string | null>(null);
  const [reset] = useMutation(RESET_MEMBER_PASSWORD, { refetchQueries: [{ query: MEMBERS }], awaitRefetchQueries: true });

  async function confirm() {
    const { data } = await reset({ variables: { userId } });
    // Shown even if the question was dismissed meanwhile: the old password no longer works.
    setPassword(data?.resetMemberPassword.temporaryPassword ?? null);
  }

  return (
    <>
      <ConfirmAction
        label="New password"
        size="xs"
        variant="subtle"
        color="indigo"
        ariaLabel={`New password for ${email}`}
        title={`Give ${email} a new temporary password?`}
        message="Their current temporary password stops working and they are signed out everywhere. The new one works for as long as a new member's does, until they choose their own under Settings → Account."
        confirmLabel="Give a new password"
        onConfirm={confirm}
        disabledReason={disabledReason}
      />
      {/* Shown once: only "I have passed it on" closes it (the password is gone for good then). */}
      <Modal
        opened={password !== null}
        onClose={() => setPassword(null)}
        title={`New temporary password for ${email}`}
        size="lg"
        closeOnClickOutside={false}
        closeOnEscape={false}
        withCloseButton={false}
      >
        {password && (
          <Stack>
            <SecretReveal
              label="Temporary password"
              secret={password}
              explanation={`This is the only time it is shown. Pass it on to ${email} through a channel only they can read; they replace it with their own after signing in.`}
            />
            <Group justify="flex-end">
              <Button onClick={() => setPassword(null)}>I have passed it on</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

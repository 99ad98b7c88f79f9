import { useQuery } from '@apollo/client/react';
import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { IconClockExclamation, IconKey } from '@tabler/icons-react';
import { useViewer } from '../../../app/viewer';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { MEMBERS } from '../graphql/settings.operations';

/** The signed-in person's own account: their password. */
export function AccountPage() {
  const { user } = useViewer();
  const { data } = useQuery(MEMBERS, { skip: !user });
  const expiresAt = data?.members.find((member) => member.user.id === user?.id)?.passwordExpiresAt;
  if (!user) {
    return (
      <Alert icon={<IconKey size={18} />} color="gray" title="Signed in with an API key">
        An API key has no password. Sign in with your email to change yours.
      </Alert>
    );
  }
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="password-title">
      <Stack gap="md">
        <div>
          <Title order={4} id="password-title">
            Password
          </Title>
          <Text size="sm" c="dimmed">
            For {user.email}, in every workspace. Changing it signs out your other sessions.
          </Text>
        </div>
        {expiresAt && (
          <Alert icon={<IconClockExclamation size={18} />} color="yellow" title="You are using a temporary password">
            It stops working on {new Date(expiresAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}. Choose your own below.
          </Alert>
        )}
        <ChangePasswordForm />
      </Stack>
    </Paper>
  );
}

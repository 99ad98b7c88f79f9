import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useViewer } from '../../../app/viewer';
import { ChangePasswordForm } from '../components/ChangePasswordForm';

/** The signed-in person's own account: their password. */
export function AccountPage() {
  const { user } = useViewer();
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
        <ChangePasswordForm />
      </Stack>
    </Paper>
  );
}

import { useMutation } from '@apollo/client/react';
import { Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { FormError } from '../../../components/FormError';
import { PasswordField } from '../../../components/PasswordField';
import { LOGIN } from '../graphql/auth.operations';

interface SignInPageProps {
  onSignedIn: (token: string) => void;
}

export function SignInPage({ onSignedIn }: SignInPageProps) {
  const [login, { loading }] = useMutation(LOGIN);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : 'Enter the email address you were invited with.'),
      password: (value) => (value ? null : 'Enter your password.'),
    },
  });

  const submit = form.onSubmit(async ({ email, password }) => {
    setFailure(null);
    try {
      const { data } = await login({ variables: { email: email.trim(), password } });
      if (data) onSignedIn(data.login.token);
    } catch (error) {
      setFailure(applyApiError(form, error));
    }
  });

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
        <form onSubmit={submit} aria-busy={loading}>
          <Stack>
            <div>
              <Title order={2}>Conduit</Title>
              <Text c="dimmed" size="sm">
                Sign in to manage webhooks and integrations.
              </Text>
            </div>
            <TextInput label="Email" type="email" autoComplete="username" autoFocus {...form.getInputProps('email')} />
            <PasswordField label="Password" autoComplete="current-password" {...form.getInputProps('password')} />
            <FormError message={failure} />
            <Button type="submit" loading={loading}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

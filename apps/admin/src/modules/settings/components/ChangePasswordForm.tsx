import { useMutation } from '@apollo/client/react';
import { Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { FormError } from '../../../components/FormError';
import { PasswordField } from '../../../components/PasswordField';
import { CHANGE_PASSWORD, MEMBERS } from '../graphql/settings.operations';
import { MIN_PASSWORD_LENGTH, passwordChangeRules, type PasswordChange } from '../password-rules';

/** Current password, the new one twice; the API's messages land next to their field. */
export function ChangePasswordForm() {
  // The members list says who still has a temporary password (the Account page's reminder reads it).
  const [changePassword, { loading }] = useMutation(CHANGE_PASSWORD, { refetchQueries: [{ query: MEMBERS }] });
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PasswordChange>({
    initialValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
    validate: passwordChangeRules,
  });

  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setFormError(null);
    try {
      await changePassword({ variables: { currentPassword, newPassword } });
      form.reset();
      notifications.show({
        color: 'teal',
        title: 'Password changed',
        message: 'Use the new password from now on. Your other sessions were signed out; this one stays.',
      });
    } catch (error) {
      setFormError(applyApiError(form, error));
    }
  });

  return (
    <form onSubmit={submit}>
      <Stack maw={420}>
        <PasswordField label="Current password" autoComplete="current-password" {...form.getInputProps('currentPassword')} />
        <PasswordField
          label="New password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words are easy to remember.`}
          autoComplete="new-password"
          {...form.getInputProps('newPassword')}
        />
        <PasswordField label="Repeat the new password" autoComplete="new-password" {...form.getInputProps('repeatPassword')} />
        <FormError message={formError} />
        <Group>
          <Button type="submit" loading={loading}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { useMutation } from '@apollo/client/react';
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { FormError } from '../../../components/FormError';
import { CHANGE_PASSWORD } from '../graphql/settings.operations';
import { MIN_PASSWORD_LENGTH, passwordChangeRules, type PasswordChange } from '../password-rules';

/** Current password, the new one twice; the API's messages land next to their field. */
export function ChangePasswordForm() {
  const [changePassword, { loading }] = useMutation(CHANGE_PASSWORD);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<PasswordChange>({
    initialValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
    validate: passwordChangeRules,
  });

  // Mantine's PasswordInput leaves its error out of the input's accessible description; link it here.
  function field(path: keyof PasswordChange, withDescription = false) {
    const props = form.getInputProps(path);
    const id = `password-change-${path}`;
    const describedBy = [withDescription && `${id}-description`, props.error && `${id}-error`].filter(Boolean).join(' ');
    return { ...props, id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy || undefined };
  }

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
        <PasswordInput label="Current password" autoComplete="current-password" {...field('currentPassword')} />
        <PasswordInput
          label="New password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words are easy to remember.`}
          autoComplete="new-password"
          {...field('newPassword', true)}
        />
        <PasswordInput label="Repeat the new password" autoComplete="new-password" {...field('repeatPassword')} />
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

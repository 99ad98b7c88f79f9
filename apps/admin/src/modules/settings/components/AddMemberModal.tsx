import { useMutation } from '@apollo/client/react';
import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { useViewer } from '../../../app/viewer';
import { FormError } from '../../../components/FormError';
import { SecretReveal } from '../../../components/SecretReveal';
import type { Role } from '../../../generated/graphql';
import { ADD_MEMBER, MEMBERS } from '../graphql/settings.operations';
import { grantableRoles } from '../roles';
import { RoleSelect } from './RoleSelect';

interface AddMemberModalProps {
  opened: boolean;
  onClose: () => void;
}

interface NewAccount {
  email: string;
  role: Role;
  temporaryPassword: string;
  /** When it stops working unless they choose their own first. */
  expiresAt: string | null;
}

/** Adds a person by email; a new account's temporary password is shown once, with how to hand it over. */
export function AddMemberModal({ opened, onClose }: AddMemberModalProps) {
  const { role: viewerRole, workspace } = useViewer();
  const [addMember, { loading }] = useMutation(ADD_MEMBER, { refetchQueries: [{ query: MEMBERS }], awaitRefetchQueries: true });
  const [newAccount, setNewAccount] = useState<NewAccount | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ email: string; role: Role }>({
    initialValues: { email: '', role: 'DEVELOPER' },
    validate: { email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an email address, e.g. ana@example.com.') },
  });

  function close() {
    // The temporary password is gone for good once the dialog closes.
    setNewAccount(null);
    setFormError(null);
    form.reset();
    onClose();
  }

  const submit = form.onSubmit(async ({ email, role }) => {
    setFormError(null);
    try {
      const { data } = await addMember({ variables: { input: { email: email.trim(), role } } });
      if (!data) return;
      const { member, temporaryPassword } = data.addMember;
      if (temporaryPassword) {
        setNewAccount({ email: member.user.email, role: member.role, temporaryPassword, expiresAt: member.passwordExpiresAt ?? null });
        notifications.show({ color: 'teal', title: 'Member added', message: `A new account was created for ${member.user.email}.` });
      } else {
        notifications.show({
          color: 'teal',
          title: 'Member added',
          message: `${member.user.email} is now ${member.role} in ${workspace.name}. They sign in with the password they already have.`,
        });
        close();
      }
    } catch (error) {
      setFormError(applyApiError(form, error));
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={newAccount ? `${newAccount.email} was added` : 'Add member'} size="lg" closeOnClickOutside={!newAccount} closeOnEscape={!newAccount}>
      {newAccount ? (
        <Stack>
          <SecretReveal
            label="Temporary password"
            secret={newAccount.temporaryPassword}
            explanation={`This is the only time it is shown. Pass it on to ${newAccount.email}; they replace it with their own after signing in.`}
          >
            <Text size="sm">
              {newAccount.email} had no account, so one was created with this password. They are {newAccount.role} in {workspace.name}.
            </Text>
            <List size="sm" spacing={4}>
              <List.Item>Share it securely: through a password manager or a channel only they can read, not in the same message as the address of this console.</List.Item>
              <List.Item>
                They sign in at {window.location.origin} with {newAccount.email} and this password, then set their own under Settings → Account.
              </List.Item>
              {newAccount.expiresAt && (
                <List.Item>
                  It stops working on {new Date(newAccount.expiresAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} if they have not chosen their
                  own by then; you can give them a new one from the members list.
                </List.Item>
              )}
            </List>
          </SecretReveal>
          <Group justify="flex-end">
            <Button onClick={close}>I have passed it on</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label="Email"
              type="email"
              description="Someone with an account is added as they are; otherwise an account is created with a temporary password."
              data-autofocus
              {...form.getInputProps('email')}
            />
            <RoleSelect
              label="Role"
              description={viewerRole === 'OWNER' ? undefined : 'Only an OWNER can add an OWNER.'}
              roles={grantableRoles(viewerRole)}
              value={form.values.role}
              onChange={(role) => form.setFieldValue('role', role)}
              error={form.errors.role}
            />
            <FormError message={formError} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={loading}>
                Add member
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

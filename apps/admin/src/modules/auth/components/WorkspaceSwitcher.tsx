import { useMutation } from '@apollo/client/react';
import { Button, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { useState } from 'react';
import { apiErrorMessage } from '../../../app/api-error';
import { applyApiError } from '../../../app/form-errors';
import { FormError } from '../../../components/FormError';
import { CREATE_WORKSPACE, SWITCH_WORKSPACE } from '../graphql/auth.operations';

interface WorkspaceSwitcherProps {
  current: { id: string; name: string };
  workspaces: Array<{ id: string; name: string }>;
  /** A session for the chosen workspace replaces the current one. */
  onSession: (token: string) => void;
}

/** Lists the signed-in user's workspaces; choosing one (or creating one) starts a session scoped to it. */
export function WorkspaceSwitcher({ current, workspaces, onSession }: WorkspaceSwitcherProps) {
  const [switchWorkspace] = useMutation(SWITCH_WORKSPACE);
  const [createWorkspace, { loading: creating }] = useMutation(CREATE_WORKSPACE);
  const [opened, { open, close }] = useDisclosure();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '' }, validate: { name: (value) => (value.trim() ? null : 'Give the workspace a name.') } });

  async function choose(id: string) {
    if (id === current.id) return;
    try {
      const { data } = await switchWorkspace({ variables: { id } });
      if (data) onSession(data.switchWorkspace.token);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not switch workspace', message: apiErrorMessage(error) });
    }
  }

  const submit = form.onSubmit(async ({ name }) => {
    setFormError(null);
    try {
      const { data } = await createWorkspace({ variables: { name: name.trim() } });
      if (data) {
        close();
        onSession(data.createWorkspace.token);
      }
    } catch (error) {
      setFormError(applyApiError(form, error));
    }
  });

  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="subtle" color="gray" rightSection={<IconSelector size={14} />} data-testid="workspace-switcher">
            {current.name}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Workspaces</Menu.Label>
          {workspaces.map((workspace) => (
            <Menu.Item
              key={workspace.id}
              onClick={() => void choose(workspace.id)}
              rightSection={workspace.id === current.id ? <IconCheck size={14} /> : null}
            >
              {workspace.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={14} />} onClick={open}>
            New workspace
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={close} title="New workspace">
        <form onSubmit={submit}>
          <Stack>
            <TextInput label="Name" description="You become its owner." data-autofocus {...form.getInputProps('name')} />
            <FormError message={formError} />
            <Button type="submit" loading={creating}>
              Create and switch
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}


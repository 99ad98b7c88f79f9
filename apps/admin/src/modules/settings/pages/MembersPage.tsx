import { useQuery } from '@apollo/client/react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { QueryState } from '../../../components/QueryState';
import { AddMemberModal } from '../components/AddMemberModal';
import { MembersTable } from '../components/MembersTable';
import { MEMBERS } from '../graphql/settings.operations';

/** Who is in the workspace with which role; OWNERs and ADMINs add, change and remove members. */
export function MembersPage() {
  const { can, role } = useViewer();
  const { data, loading, error, refetch } = useQuery(MEMBERS, { fetchPolicy: 'cache-and-network' });
  const [adding, { open, close }] = useDisclosure();

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={640}>
          {can.manage
            ? 'Everyone who can sign in to this workspace. Only an OWNER can make someone OWNER, and a workspace always keeps one.'
            : `Everyone who can sign in to this workspace. Adding members and changing roles needs the ADMIN role or higher; you are ${role}.`}
        </Text>
        {can.manage && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={open}>
            Add member
          </Button>
        )}
      </Group>
      <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
        {({ members }) =>
          members.length === 0 ? (
            <EmptyState title="No members">This workspace is used through API keys only. Add a member to let someone sign in to it.</EmptyState>
          ) : (
            <MembersTable members={members} />
          )
        }
      </QueryState>
      {can.manage && <AddMemberModal opened={adding} onClose={close} />}
    </Stack>
  );
}

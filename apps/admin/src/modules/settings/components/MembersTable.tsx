import { useMutation } from '@apollo/client/react';
import { Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { apiErrorMessage } from '../../../app/api-error';
import { useViewer } from '../../../app/viewer';
import { ConfirmAction } from '../../../components/ConfirmAction';
import type { MembersQuery, Role } from '../../../generated/graphql';
import { MEMBERS, REMOVE_MEMBER, UPDATE_MEMBER_ROLE } from '../graphql/settings.operations';
import { grantableRoles, passwordReset, removal, roleChange } from '../roles';
import { ResetPasswordButton } from './ResetPasswordButton';
import { RoleSelect } from './RoleSelect';

type Member = MembersQuery['members'][number];

/** The members with their roles; OWNERs and ADMINs change roles and remove members here. */
export function MembersTable({ members }: { members: Member[] }) {
  const { can } = useViewer();
  const ownerCount = members.filter((member) => member.role === 'OWNER').length;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Joined</Table.Th>
            {can.manage && <Table.Th aria-label="Actions" />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => (
            <MemberRow key={member.user.id} member={member} ownerCount={ownerCount} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MemberRow({ member, ownerCount }: { member: Member; ownerCount: number }) {
  const { can, role: actorRole, user, workspace } = useViewer();
  const [updateRole, { loading: changing }] = useMutation(UPDATE_MEMBER_ROLE, { refetchQueries: [{ query: MEMBERS }], awaitRefetchQueries: true });
  const [removeMember] = useMutation(REMOVE_MEMBER, { refetchQueries: [{ query: MEMBERS }], awaitRefetchQueries: true });
  const isYou = member.user.id === user?.id;
  const rules = { actorRole, memberRole: member.role, ownerCount, memberEmail: member.user.email };
  const change = roleChange(rules);
  const remove = removal(rules);
  const reset = passwordReset({ actorRole, memberRole: member.role, isYou, passwordExpiresAt: member.passwordExpiresAt ?? null });

  async function changeRole(role: Role) {
    if (role === member.role) return;
    try {
      await updateRole({ variables: { userId: member.user.id, role } });
      notifications.show({ color: 'teal', title: 'Role changed', message: `${member.user.email} is now ${role}.` });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not change the role', message: apiErrorMessage(error) });
    }
  }

  async function confirmRemoval() {
    await removeMember({ variables: { userId: member.user.id } });
    notifications.show({ color: 'teal', title: 'Member removed', message: `${member.user.email} no longer has access to ${workspace.name}.` });
  }

  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{member.user.email}</Text>
          {isYou && (
            <Badge size="xs" variant="outline">
              You
            </Badge>
          )}
          {member.passwordExpiresAt && <TemporaryPasswordBadge expiresAt={member.passwordExpiresAt} />}
        </Group>
      </Table.Td>
      <Table.Td w={220}>
        {can.manage && change.allowed ? (
          <RoleSelect
            size="xs"
            aria-label={`Role of ${member.user.email}`}
            // An OWNER may be demoted only by an OWNER, who can also grant OWNER: the list includes the current role.
            roles={grantableRoles(actorRole)}
            value={member.role}
            onChange={(role) => void changeRole(role)}
            disabled={changing}
          />
        ) : (
          <Tooltip label={change.reason} disabled={!can.manage || !change.reason} multiline maw={320}>
            <Badge variant="light" color={member.role === 'OWNER' ? 'indigo' : 'gray'}>
              {member.role}
            </Badge>
          </Tooltip>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{new Date(member.joinedAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</Text>
      </Table.Td>
      {can.manage && (
        <Table.Td ta="right">
          <Group gap={4} justify="flex-end" wrap="nowrap">
            {reset.offered && <ResetPasswordButton userId={member.user.id} email={member.user.email} disabledReason={reset.reason} />}
            <ConfirmAction
              label="Remove"
              size="xs"
              variant="subtle"
              ariaLabel={`Remove ${member.user.email}`}
              title={isYou ? 'Leave this workspace?' : `Remove ${member.user.email}?`}
              message={
                isYou
                  ? `You lose access to ${workspace.name} at once; only an admin can add you again.`
                  : `${member.user.email} loses access to ${workspace.name} at once: their sessions in it end. Their account stays, with access to their other workspaces.`
              }
              confirmLabel={isYou ? 'Leave workspace' : 'Remove member'}
              onConfirm={confirmRemoval}
              disabledReason={remove.reason}
            />
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** A member still signing in with a temporary password: when it stops working (or stopped). */
function TemporaryPasswordBadge({ expiresAt }: { expiresAt: string }) {
  const at = new Date(expiresAt);
  const expired = at.getTime() <= Date.now();
  const when = at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Tooltip
      label={expired ? `It stopped working on ${when}. Give them a new one.` : `Until they choose their own; it stops working on ${when}.`}
      multiline
      maw={320}
    >
      <Badge size="xs" variant="light" color={expired ? 'red' : 'yellow'}>
        {expired ? 'Temporary password expired' : 'Temporary password'}
      </Badge>
    </Tooltip>
  );
}

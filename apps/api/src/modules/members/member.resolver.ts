import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ROLES, type Role } from '@conduit/shared';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { DateTimeScalar, RoleEnum } from '../../graphql/scalars';
import { AddMemberInput } from './member.inputs';
import { AddedMemberType, MemberType } from './member.types';

@Resolver(() => MemberType)
export class MemberResolver {
  @Query(() => [MemberType], { description: 'The members of the current workspace, in the order they joined. Any role may read them.' })
  members(@Ctx() ctx: GraphQLContext): Promise<MemberType[]> {
    return ctx.services.members.list(requirePrincipal(ctx).workspaceId);
  }

  @FieldResolver(() => DateTimeScalar, {
    nullable: true,
    description:
      'Set while they still sign in with a temporary password (given when their account was created, or by resetMemberPassword): it and the sessions it opened stop working at this time. Null once they chose their own. Shown to OWNERs, ADMINs and the member themself; null for other roles.',
  })
  passwordExpiresAt(@Root() member: MemberType, @Ctx() ctx: GraphQLContext): Date | null {
    const principal = requirePrincipal(ctx);
    const manages = ROLES.indexOf(principal.role) <= ROLES.indexOf('ADMIN');
    return manages || member.user.id === principal.userId ? member.passwordExpiresAt : null;
  }

  @Mutation(() => AddedMemberType, {
    description:
      'OWNER or ADMIN; only an OWNER adds an OWNER. An email without an account (case-insensitive) gets a new account with a temporary password, returned only here. CONFLICT when already a member.',
  })
  addMember(@Arg('input', () => AddMemberInput) input: AddMemberInput, @Ctx() ctx: GraphQLContext): Promise<AddedMemberType> {
    return ctx.services.members.add(requireRole(ctx, 'ADMIN'), input);
  }

  @Mutation(() => MemberType, {
    description: 'OWNER or ADMIN; only an OWNER grants or takes away OWNER. CONFLICT when it would leave the workspace without an OWNER.',
  })
  updateMemberRole(@Arg('userId', () => ID) userId: string, @Arg('role', () => RoleEnum) role: Role, @Ctx() ctx: GraphQLContext): Promise<MemberType> {
    return ctx.services.members.updateRole(requireRole(ctx, 'ADMIN'), userId, role);
  }

  @Mutation(() => AddedMemberType, {
    description:
      "OWNER or ADMIN (an OWNER's only by an OWNER): a new temporary password for a member who has not chosen their own yet (theirs expired or was lost), returned only here; their sessions end. CONFLICT when they chose their own password or belong to other workspaces too.",
  })
  resetMemberPassword(@Arg('userId', () => ID) userId: string, @Ctx() ctx: GraphQLContext): Promise<AddedMemberType> {
    return ctx.services.members.resetTemporaryPassword(requireRole(ctx, 'ADMIN'), userId);
  }

  @Mutation(() => Boolean, {
    description: 'OWNER or ADMIN (an OWNER only by an OWNER, never the last one). Their sessions in this workspace end at once; the account stays.',
  })
  removeMember(@Arg('userId', () => ID) userId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.members.remove(requireRole(ctx, 'ADMIN'), userId);
  }
}

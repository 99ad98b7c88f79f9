import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ConduitError } from '@conduit/shared';
import { requirePrincipal, requireUser, type GraphQLContext } from '../../graphql/context';
import { isUuid } from '../events/event.service';
import { SessionType, ViewerType, WorkspaceType } from '../workspaces/workspace.types';

@Resolver()
export class AuthResolver {
  @Query(() => ViewerType, { description: 'Who is calling, in which workspace, with which role.' })
  async viewer(@Ctx() ctx: GraphQLContext): Promise<ViewerType> {
    const principal = requirePrincipal(ctx);
    const { workspaces, apiKeys } = ctx.services;
    const workspace = await workspaces.get(principal.workspaceId);
    const user = principal.userId ? await workspaces.user(principal.userId) : null;
    const apiKey = principal.apiKeyId ? ((await apiKeys.list(principal.workspaceId)).find((k) => k.id === principal.apiKeyId) ?? null) : null;
    return { user: user && { id: user.id, email: user.email }, apiKey, workspace, role: principal.role };
  }

  @Query(() => [WorkspaceType], { description: 'The workspaces the signed-in user belongs to.' })
  async workspaces(@Ctx() ctx: GraphQLContext): Promise<WorkspaceType[]> {
    const principal = requirePrincipal(ctx);
    if (!principal.userId) return [await ctx.services.workspaces.get(principal.workspaceId)];
    return ctx.services.workspaces.listForUser(principal.userId);
  }

  @Mutation(() => SessionType)
  async login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext): Promise<SessionType> {
    return ctx.services.auth.login(email.trim(), password, ctx.clientIp);
  }

  @Mutation(() => Boolean, {
    description:
      'Changes the signed-in user\'s password. A wrong current password is BAD_USER_INPUT with extensions.field "currentPassword"; a new one shorter than 8 characters, field "newPassword". The user\'s other sessions end; this one stays.',
  })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    const principal = requireUser(ctx);
    await ctx.services.auth.changePassword({ userId: principal.userId, sessionId: principal.sessionId, currentPassword, newPassword });
    return true;
  }

  @Mutation(() => SessionType, { description: 'The caller becomes its OWNER; the session is scoped to it.' })
  async createWorkspace(@Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext): Promise<SessionType> {
    const principal = requireUser(ctx);
    const workspace = await ctx.services.workspaces.create(name, principal.userId);
    return ctx.services.auth.issueSession(await ctx.services.workspaces.user(principal.userId), workspace.id);
  }

  @Mutation(() => SessionType)
  async switchWorkspace(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<SessionType> {
    const principal = requireUser(ctx);
    if (!isUuid(id)) throw new ConduitError('NOT_FOUND', `No workspace with id ${id}.`);
    await ctx.services.workspaces.requireMembership(principal.userId, id);
    return ctx.services.auth.issueSession(await ctx.services.workspaces.user(principal.userId), id);
  }
}

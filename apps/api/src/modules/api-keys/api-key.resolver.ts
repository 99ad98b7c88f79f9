import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Role } from '@conduit/shared';
import { requireRole, type GraphQLContext } from '../../graphql/context';
import { RoleEnum } from '../../graphql/scalars';
import { ApiKeyType, CreatedApiKeyType } from './api-key.types';

@Resolver()
export class ApiKeyResolver {
  @Query(() => [ApiKeyType])
  apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyType[]> {
    const principal = requireRole(ctx, 'ADMIN');
    return ctx.services.apiKeys.list(principal.workspaceId);
  }

  @Mutation(() => CreatedApiKeyType, { description: 'The secret is returned only here.' })
  createApiKey(@Arg('name', () => String) name: string, @Arg('role', () => RoleEnum) role: Role, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKeyType> {
    const principal = requireRole(ctx, 'ADMIN');
    return ctx.services.apiKeys.create(principal.workspaceId, name, role, principal.role);
  }

  @Mutation(() => ApiKeyType)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ApiKeyType> {
    const principal = requireRole(ctx, 'ADMIN');
    return ctx.services.apiKeys.revoke(principal.workspaceId, id);
  }
}

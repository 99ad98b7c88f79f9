import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { RequestTestResultType } from './action.types';
import { CredentialInput, CredentialType } from './credential.types';
import { IntegrationType } from './integration.types';

@Resolver(() => CredentialType)
export class CredentialResolver {
  @Mutation(() => CredentialType, { description: 'PASSWORD values are encrypted at rest and never returned.' })
  async createCredential(
    @Arg('integrationId', () => ID) integrationId: string,
    @Arg('input', () => CredentialInput) input: CredentialInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CredentialType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const integration = await ctx.services.integrations.get(principal.workspaceId, integrationId);
    const credential = await ctx.services.credentials.create(integration, input);
    return ctx.services.credentials.toType(integration, credential, principal.role);
  }

  @Mutation(() => CredentialType, { description: 'A field left out (or a PASSWORD sent as "••••") keeps its value.' })
  async updateCredential(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => CredentialInput) input: CredentialInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CredentialType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const credential = await ctx.services.credentials.get(principal.workspaceId, id);
    const integration = await ctx.services.integrations.get(principal.workspaceId, credential.integrationId);
    return ctx.services.credentials.toType(integration, await ctx.services.credentials.update(integration, credential, input), principal.role);
  }

  @Mutation(() => Boolean)
  async deleteCredential(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.credentials.delete(await ctx.services.credentials.get(principal.workspaceId, id));
  }

  @Mutation(() => RequestTestResultType, { description: "Sends the integration's test request with this credential now; the exchange comes back with credential values redacted." })
  testCredential(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RequestTestResultType> {
    return ctx.services.actionCalls.testCredential(requireRole(ctx, 'DEVELOPER').workspaceId, id);
  }

  @FieldResolver(() => IntegrationType)
  async integration(@Root() credential: CredentialType, @Ctx() ctx: GraphQLContext): Promise<IntegrationType> {
    const principal = requirePrincipal(ctx);
    return ctx.services.integrations.toType(await ctx.services.integrations.get(credential.workspaceId, credential.integrationId), principal.role);
  }
}

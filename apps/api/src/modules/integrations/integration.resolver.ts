import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { ActionType } from './action.types';
import { CredentialType } from './credential.types';
import { IntegrationInput } from './integration.inputs';
import { IntegrationType } from './integration.types';

@Resolver(() => IntegrationType)
export class IntegrationResolver {
  @Query(() => [IntegrationType])
  async integrations(@Ctx() ctx: GraphQLContext): Promise<IntegrationType[]> {
    const principal = requirePrincipal(ctx);
    const list = await ctx.services.integrations.list(principal.workspaceId);
    return list.map((i) => ctx.services.integrations.toType(i, principal.role));
  }

  @Query(() => IntegrationType, { nullable: true, description: 'NOT_FOUND for an id that does not exist in this workspace.' })
  async integration(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<IntegrationType> {
    const principal = requirePrincipal(ctx);
    return ctx.services.integrations.toType(await ctx.services.integrations.get(principal.workspaceId, id), principal.role);
  }

  @Mutation(() => IntegrationType)
  async createIntegration(@Arg('input', () => IntegrationInput) input: IntegrationInput, @Ctx() ctx: GraphQLContext): Promise<IntegrationType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.integrations.toType(await ctx.services.integrations.create(principal.workspaceId, input), principal.role);
  }

  @Mutation(() => IntegrationType, { description: 'Replaces the settings; stored credential values follow changed auth fields.' })
  async updateIntegration(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => IntegrationInput) input: IntegrationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IntegrationType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.integrations.toType(await ctx.services.integrations.update(principal.workspaceId, id, input), principal.role);
  }

  @Mutation(() => Boolean, { description: 'Deletes the integration with its credentials and actions; their call log is kept.' })
  deleteIntegration(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.integrations.delete(requireRole(ctx, 'DEVELOPER').workspaceId, id);
  }

  @FieldResolver(() => [CredentialType])
  async credentials(@Root() integration: IntegrationType, @Ctx() ctx: GraphQLContext): Promise<CredentialType[]> {
    const principal = requirePrincipal(ctx);
    const list = await ctx.services.credentials.listForIntegration(integration.id);
    return list.map((c) => ctx.services.credentials.toType(integration, c, principal.role));
  }

  @FieldResolver(() => [ActionType])
  async actions(@Root() integration: IntegrationType, @Ctx() ctx: GraphQLContext): Promise<ActionType[]> {
    const principal = requirePrincipal(ctx);
    const list = await ctx.services.actions.listForIntegration(integration.id);
    return list.map((a) => ctx.services.actions.toType(a, principal.role));
  }
}

import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { JSONScalar } from '../../graphql/scalars';
import { DeliveryType } from '../deliveries/delivery.types';
import { ActionDefinitionInput } from './action.inputs';
import { ActionResultType, ActionTestResultType, ActionType } from './action.types';
import { IntegrationType } from './integration.types';

@Resolver(() => ActionType)
export class ActionResolver {
  @Query(() => ActionType, { nullable: true, description: 'NOT_FOUND for an id that does not exist in this workspace.' })
  async action(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ActionType> {
    const principal = requirePrincipal(ctx);
    return ctx.services.actions.toType(await ctx.services.actions.get(principal.workspaceId, id), principal.role);
  }

  @Mutation(() => ActionType)
  async createAction(
    @Arg('integrationId', () => ID) integrationId: string,
    @Arg('input', () => ActionDefinitionInput) input: ActionDefinitionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ActionType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const integration = await ctx.services.integrations.get(principal.workspaceId, integrationId);
    return ctx.services.actions.toType(await ctx.services.actions.create(integration, input), principal.role);
  }

  @Mutation(() => ActionType)
  async updateAction(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ActionDefinitionInput) input: ActionDefinitionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ActionType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const action = await ctx.services.actions.get(principal.workspaceId, id);
    const integration = await ctx.services.integrations.get(principal.workspaceId, action.integrationId);
    return ctx.services.actions.toType(await ctx.services.actions.update(integration, action, input), principal.role);
  }

  @Mutation(() => Boolean, { description: 'Deletes the action; its calls stay in the delivery log.' })
  async deleteAction(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.actions.delete(await ctx.services.actions.get(principal.workspaceId, id));
  }

  @Mutation(() => ActionTestResultType, { description: 'One attempt now: the result, the whole exchange (credentials redacted) and the output candidates of the response.' })
  async testAction(
    @Arg('id', () => ID) id: string,
    @Arg('credentialId', () => ID, { nullable: true }) credentialId: string | null,
    @Arg('inputs', () => JSONScalar) inputs: unknown,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ActionTestResultType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const action = await ctx.services.actions.get(principal.workspaceId, id);
    return ctx.services.actionCalls.testAction(principal.workspaceId, action, credentialId, inputs);
  }

  @Mutation(() => ActionResultType, {
    description:
      "The bot's synchronous call (~10 s budget): only the declared outputs come back. Retried within the budget only for idempotent methods " +
      'or with an idempotencyKey (also sent as the Idempotency-Key header); a repeated key returns the first result for 24 h. ' +
      'Limited per caller and action (RATE_LIMITED).',
  })
  async executeAction(
    @Arg('id', () => ID) id: string,
    @Arg('credentialId', () => ID, { nullable: true }) credentialId: string | null,
    @Arg('inputs', () => JSONScalar) inputs: unknown,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ActionResultType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const action = await ctx.services.actions.get(principal.workspaceId, id);
    const caller = principal.apiKeyId ? `apiKey:${principal.apiKeyId}` : `user:${principal.userId ?? ''}`;
    return ctx.services.actionCalls.execute({ workspaceId: principal.workspaceId, caller }, action, credentialId, inputs, idempotencyKey);
  }

  @FieldResolver(() => IntegrationType)
  async integration(@Root() action: ActionType, @Ctx() ctx: GraphQLContext): Promise<IntegrationType> {
    const principal = requirePrincipal(ctx);
    return ctx.services.integrations.toType(await ctx.services.integrations.get(action.workspaceId, action.integrationId), principal.role);
  }
}

/** The action and integration of an action call or credential test in the delivery log. */
@Resolver(() => DeliveryType)
export class DeliveryCallResolver {
  @FieldResolver(() => ActionType, { nullable: true, description: 'The action called (testAction, executeAction); null for webhook deliveries.' })
  async action(@Root() delivery: DeliveryType, @Ctx() ctx: GraphQLContext): Promise<ActionType | null> {
    if (!delivery.actionId) return null;
    const principal = requirePrincipal(ctx);
    const action = await ctx.services.actions.get(delivery.workspaceId, delivery.actionId).catch(() => null);
    return action && ctx.services.actions.toType(action, principal.role);
  }

  @FieldResolver(() => IntegrationType, { nullable: true, description: 'The integration of an action call or credential test.' })
  async integration(@Root() delivery: DeliveryType, @Ctx() ctx: GraphQLContext): Promise<IntegrationType | null> {
    if (!delivery.integrationId) return null;
    const principal = requirePrincipal(ctx);
    const integration = await ctx.services.integrations.get(delivery.workspaceId, delivery.integrationId).catch(() => null);
    return integration && ctx.services.integrations.toType(integration, principal.role);
  }
}

import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { DeliveryType } from '../deliveries/delivery.types';
import { ActionType } from '../integrations/action.types';
import { CredentialType } from '../integrations/credential.types';
import { AutomationInput } from './automation.inputs';
import { AutomationType, ContextRecordType } from './automation.types';

@Resolver(() => AutomationType)
export class AutomationResolver {
  @Query(() => [AutomationType])
  async automations(@Ctx() ctx: GraphQLContext): Promise<AutomationType[]> {
    const list = await ctx.services.automations.list(requirePrincipal(ctx).workspaceId);
    return list.map((a) => ctx.services.automations.toType(a));
  }

  @Query(() => [ContextRecordType], { description: 'What automations kept (storeAs) about a subject, e.g. a customer\'s email.' })
  contextData(@Arg('subject', () => String) subject: string, @Ctx() ctx: GraphQLContext): Promise<ContextRecordType[]> {
    return ctx.services.automations.contextData(requirePrincipal(ctx).workspaceId, subject);
  }

  @Mutation(() => AutomationType)
  async createAutomation(@Arg('input', () => AutomationInput) input: AutomationInput, @Ctx() ctx: GraphQLContext): Promise<AutomationType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.automations.toType(await ctx.services.automations.create(principal.workspaceId, input));
  }

  @Mutation(() => AutomationType)
  async updateAutomation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => AutomationInput) input: AutomationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AutomationType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.automations.toType(await ctx.services.automations.update(principal.workspaceId, id, input));
  }

  @Mutation(() => Boolean, { description: 'Deletes the automation; its open deliveries are cancelled, the log and context records are kept.' })
  deleteAutomation(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.automations.delete(requireRole(ctx, 'DEVELOPER').workspaceId, id);
  }

  @Mutation(() => AutomationType, { description: 'Re-enables the automation and resets its health.' })
  async enableAutomation(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<AutomationType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.automations.toType(await ctx.services.automations.enable(principal.workspaceId, id));
  }

  @Mutation(() => AutomationType, { description: 'Stops the automation; its open deliveries end as FAILED.' })
  async disableAutomation(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<AutomationType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.automations.toType(await ctx.services.automations.disable(principal.workspaceId, id));
  }

  @FieldResolver(() => ActionType)
  async action(@Root() automation: AutomationType, @Ctx() ctx: GraphQLContext): Promise<ActionType> {
    const principal = requirePrincipal(ctx);
    return ctx.services.actions.toType(await ctx.services.actions.get(automation.workspaceId, automation.actionId), principal.role);
  }

  @FieldResolver(() => CredentialType, { nullable: true })
  async credential(@Root() automation: AutomationType, @Ctx() ctx: GraphQLContext): Promise<CredentialType | null> {
    if (!automation.credentialId) return null;
    const principal = requirePrincipal(ctx);
    const credential = await ctx.services.credentials.get(automation.workspaceId, automation.credentialId).catch(() => null);
    if (!credential) return null;
    const integration = await ctx.services.integrations.get(automation.workspaceId, credential.integrationId);
    return ctx.services.credentials.toType(integration, credential, principal.role);
  }
}

/** The automation of an automation delivery in the delivery log. */
@Resolver(() => DeliveryType)
export class DeliveryAutomationResolver {
  @FieldResolver(() => AutomationType, { nullable: true, description: 'The automation of an automation delivery; null for webhooks and action calls.' })
  async automation(@Root() delivery: DeliveryType, @Ctx() ctx: GraphQLContext): Promise<AutomationType | null> {
    if (!delivery.automationId) return null;
    requirePrincipal(ctx);
    const automation = await ctx.services.automations.get(delivery.workspaceId, delivery.automationId).catch(() => null);
    return automation && ctx.services.automations.toType(automation);
  }
}

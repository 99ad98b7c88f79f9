import { Arg, Ctx, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { DeliveryType } from '../deliveries/delivery.types';
import type { WebhookEntity } from './webhook.entity';
import { CreatedWebhookType, CreateWebhookInput, UpdateWebhookInput, WebhookType } from './webhook.types';

@Resolver(() => WebhookType)
export class WebhookResolver {
  @Query(() => [WebhookType])
  async webhooks(@Ctx() ctx: GraphQLContext): Promise<WebhookType[]> {
    const principal = requirePrincipal(ctx);
    const list = await ctx.services.webhooks.list(principal.workspaceId);
    return list.map((w) => ctx.services.webhooks.toType(w, principal.role));
  }

  @Query(() => WebhookType, { nullable: true, description: 'NOT_FOUND for an id that does not exist in this workspace.' })
  async webhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<WebhookType | null> {
    const principal = requirePrincipal(ctx);
    return ctx.services.webhooks.toType(await ctx.services.webhooks.get(principal.workspaceId, id), principal.role);
  }

  @Mutation(() => CreatedWebhookType, { description: 'The signing secret is returned only here and by rotateWebhookSecret.' })
  async createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: GraphQLContext): Promise<CreatedWebhookType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const { webhook, secret } = await ctx.services.webhooks.create(principal.workspaceId, input);
    return { webhook: ctx.services.webhooks.toType(webhook, principal.role), secret };
  }

  @Mutation(() => WebhookType)
  async updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.webhooks.toType(await ctx.services.webhooks.update(principal.workspaceId, id, input), principal.role);
  }

  @Mutation(() => Boolean, {
    description:
      'Deletes the webhook; its open deliveries are cancelled and its log is kept (detached from it). It disappears from the API at once; a long log takes a while to detach (about 20 s per million logged deliveries) and publishing is not held up meanwhile.',
  })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.webhooks.delete(requireRole(ctx, 'DEVELOPER').workspaceId, id);
  }

  @Mutation(() => CreatedWebhookType, { description: 'A new secret; the previous one stays valid for 24 hours (both signatures are sent).' })
  async rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<CreatedWebhookType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const { webhook, secret } = await ctx.services.webhooks.rotateSecret(principal.workspaceId, id);
    return { webhook: ctx.services.webhooks.toType(webhook, principal.role), secret };
  }

  @Mutation(() => WebhookType)
  async enableWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<WebhookType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.webhooks.toType(await ctx.services.webhooks.enable(principal.workspaceId, id), principal.role);
  }

  @Mutation(() => WebhookType)
  async disableWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<WebhookType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.webhooks.toType(await ctx.services.webhooks.disable(principal.workspaceId, id), principal.role);
  }

  @Mutation(() => DeliveryType, { description: 'Sends an example event of `type` (default: the first catalogue type it subscribes to) to this webhook only.' })
  sendTestEvent(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('type', () => String, { nullable: true }) type: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DeliveryType> {
    return ctx.services.webhooks.sendTestEvent(requireRole(ctx, 'DEVELOPER').workspaceId, webhookId, type);
  }

  @Subscription(() => WebhookType, {
    description: 'Fires when a webhook\'s health changes (HEALTHY, DEGRADED, FAILING, DISABLED).',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { webhookId?: string | null }, GraphQLContext>) => {
      const principal = requirePrincipal(context);
      return context.services.live.health.subscribe(
        (w) => w.workspaceId === principal.workspaceId && (!args.webhookId || w.id === args.webhookId),
      );
    },
  })
  healthChanged(
    @Root() webhook: WebhookEntity,
    @Arg('webhookId', () => ID, { nullable: true }) _webhookId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): WebhookType {
    return ctx.services.webhooks.toType(webhook, requirePrincipal(ctx).role);
  }
}

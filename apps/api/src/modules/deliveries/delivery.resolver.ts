import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { ConduitError } from '@conduit/shared';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { DateTimeScalar } from '../../graphql/scalars';
import { EventType } from '../events/event.types';
import { WebhookType } from '../webhooks/webhook.types';
import type { StatsRange } from './delivery-stats.service';
import { DeliveryStatsType, StatsRangeEnum } from './delivery-stats.types';
import { DeliveryAttemptType, DeliveryFilterInput, DeliveryPageType, DeliveryType } from './delivery.types';

/** Does a live attempt (with its delivery preloaded) pass a subscriber's filter? */
export function attemptMatches(attempt: DeliveryAttemptType, filter: DeliveryFilterInput | null | undefined): boolean {
  if (!filter) return true;
  const delivery = attempt.preloadedDelivery;
  if (filter.webhookId && attempt.webhookId !== filter.webhookId) return false;
  if (filter.automationId && delivery?.automationId !== filter.automationId) return false;
  if (filter.eventId && delivery?.eventId !== filter.eventId) return false;
  if (filter.actionId && delivery?.actionId !== filter.actionId) return false;
  if (filter.integrationId && delivery?.integrationId !== filter.integrationId) return false;
  if (filter.status?.length && (!delivery || !filter.status.includes(delivery.status))) return false;
  if (filter.since && attempt.startedAt < filter.since) return false;
  if (filter.until && attempt.startedAt >= filter.until) return false;
  return true;
}

@Resolver(() => DeliveryType)
export class DeliveryResolver {
  @Query(() => DeliveryType, { nullable: true, description: 'NOT_FOUND for an id that does not exist in this workspace.' })
  delivery(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DeliveryType | null> {
    return ctx.services.deliveries.require(requirePrincipal(ctx).workspaceId, id);
  }

  @Query(() => DeliveryPageType, { description: 'Newest first; pass nextCursor as `after` for the next page.' })
  deliveries(
    @Arg('filter', () => DeliveryFilterInput, { nullable: true }) filter: DeliveryFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DeliveryPageType> {
    return ctx.services.deliveries.list(requirePrincipal(ctx).workspaceId, filter, first, after);
  }

  @Query(() => DeliveryStatsType, {
    description:
      'Attempts per time bucket over the last hour or day, with outcomes and latency, and the deliveries waiting now. Every attempt of the workspace (webhooks, automations, action calls) unless webhookId or automationId narrows it; NOT_FOUND for an id not in this workspace.',
  })
  deliveryStats(
    @Arg('range', () => StatsRangeEnum) range: StatsRange,
    @Arg('webhookId', () => ID, { nullable: true }) webhookId: string | null,
    @Arg('automationId', () => ID, { nullable: true }) automationId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DeliveryStatsType> {
    return ctx.services.deliveryStats.stats(requirePrincipal(ctx).workspaceId, { range, webhookId, automationId });
  }

  @Mutation(() => DeliveryType, {
    description:
      'One more attempt now for a FAILED or CANCELLED delivery, with the same webhook-id. CONFLICT when its webhook or automation is disabled or deleted (also when that happens while the retry is made).',
  })
  retryDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DeliveryType> {
    return ctx.services.deliveries.retry(requireRole(ctx, 'DEVELOPER').workspaceId, id);
  }

  @Mutation(() => [DeliveryType], { description: 'Sends an event again as new deliveries, to every matching webhook or to one.' })
  replayEvent(
    @Arg('eventId', () => ID) eventId: string,
    @Arg('webhookId', () => ID, { nullable: true }) webhookId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DeliveryType[]> {
    return ctx.services.deliveries.replay(requireRole(ctx, 'DEVELOPER').workspaceId, eventId, webhookId);
  }

  @Mutation(() => Int, {
    description:
      'Re-opens the FAILED deliveries of a webhook created in [since, until); returns how many were re-opened (0 if the webhook was disabled or deleted meanwhile).',
  })
  recoverDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('since', () => DateTimeScalar) since: Date,
    @Arg('until', () => DateTimeScalar, { nullable: true }) until: Date | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<number> {
    return ctx.services.deliveries.recover(requireRole(ctx, 'DEVELOPER').workspaceId, webhookId, since, until);
  }

  @FieldResolver(() => WebhookType, { nullable: true })
  async webhook(@Root() delivery: DeliveryType, @Ctx() ctx: GraphQLContext): Promise<WebhookType | null> {
    if (!delivery.webhookId) return null;
    const principal = requirePrincipal(ctx);
    const webhook = await ctx.services.webhooks.get(delivery.workspaceId, delivery.webhookId).catch(() => null);
    return webhook && ctx.services.webhooks.toType(webhook, principal.role);
  }

  @FieldResolver(() => EventType, { nullable: true })
  async event(@Root() delivery: DeliveryType, @Ctx() ctx: GraphQLContext): Promise<EventType | null> {
    return delivery.eventId ? ctx.services.events.get(delivery.workspaceId, delivery.eventId) : null;
  }

  @FieldResolver(() => [DeliveryAttemptType])
  attempts(@Root() delivery: DeliveryType, @Ctx() ctx: GraphQLContext): Promise<DeliveryAttemptType[]> {
    return ctx.services.deliveries.attempts({ deliveryId: delivery.id, workspaceId: delivery.workspaceId });
  }
}

@Resolver(() => DeliveryAttemptType)
export class DeliveryAttemptResolver {
  @FieldResolver(() => DeliveryType)
  async delivery(@Root() attempt: DeliveryAttemptType, @Ctx() ctx: GraphQLContext): Promise<DeliveryType> {
    if (attempt.preloadedDelivery) return attempt.preloadedDelivery;
    const delivery = await ctx.services.deliveries.get(attempt.workspaceId, attempt.deliveryId);
    if (!delivery) throw new ConduitError('NOT_FOUND', `Delivery ${attempt.deliveryId} no longer exists.`);
    return delivery;
  }

  @Subscription(() => DeliveryAttemptType, {
    description: 'Every attempt as soon as it is committed, from whichever worker made it.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { filter?: DeliveryFilterInput | null }, GraphQLContext>) => {
      const principal = requirePrincipal(context);
      return context.services.live.attempts.subscribe((a) => a.workspaceId === principal.workspaceId && attemptMatches(a, args.filter));
    },
  })
  deliveryAttempts(
    @Root() attempt: DeliveryAttemptType,
    @Arg('filter', () => DeliveryFilterInput, { nullable: true }) _filter: DeliveryFilterInput | null,
  ): DeliveryAttemptType {
    return attempt;
  }
}

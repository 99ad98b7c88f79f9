import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConduitError } from '@conduit/shared';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { DeliveryType } from '../deliveries/delivery.types';
import { EventType, PublishEventInput } from './event.types';

@Resolver(() => EventType)
export class EventResolver {
  @Query(() => EventType, { nullable: true, description: 'NOT_FOUND for an id that does not exist in this workspace.' })
  async event(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<EventType | null> {
    const event = await ctx.services.events.get(requirePrincipal(ctx).workspaceId, id);
    if (!event) throw new ConduitError('NOT_FOUND', `No event with id ${id} in this workspace.`);
    return event;
  }

  @Query(() => [EventType], { description: 'Newest first. `after`: the id of the last event of the previous page.' })
  events(
    @Arg('type', () => String, { nullable: true }) type: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<EventType[]> {
    return ctx.services.events.list(requirePrincipal(ctx).workspaceId, { type, first, after });
  }

  @Mutation(() => EventType, { description: 'Stores the event and fans it out to every matching enabled webhook, atomically.' })
  async publishEvent(@Arg('input', () => PublishEventInput) input: PublishEventInput, @Ctx() ctx: GraphQLContext): Promise<EventType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    const { event } = await ctx.services.events.publish(principal.workspaceId, input);
    return event;
  }

  @FieldResolver(() => [DeliveryType])
  deliveries(@Root() event: EventType, @Ctx() ctx: GraphQLContext): Promise<DeliveryType[]> {
    return ctx.services.deliveries.forEvent(event.workspaceId, event.id);
  }
}

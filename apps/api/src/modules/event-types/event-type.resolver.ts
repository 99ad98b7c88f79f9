import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { EventTypeInput, EventTypeType } from './event-type.types';

@Resolver()
export class EventTypeResolver {
  @Query(() => [EventTypeType], { description: 'The workspace\'s event catalogue: standard platform events and registered ones.' })
  eventTypes(@Ctx() ctx: GraphQLContext): Promise<EventTypeType[]> {
    return ctx.services.eventTypes.list(requirePrincipal(ctx).workspaceId);
  }

  @Mutation(() => EventTypeType)
  registerEventType(@Arg('input', () => EventTypeInput) input: EventTypeInput, @Ctx() ctx: GraphQLContext): Promise<EventTypeType> {
    return ctx.services.eventTypes.register(requireRole(ctx, 'DEVELOPER').workspaceId, input);
  }
}

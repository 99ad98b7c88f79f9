import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { requirePrincipal, requireRole, type GraphQLContext } from '../../graphql/context';
import { JSONScalar } from '../../graphql/scalars';
import { ActionType } from '../integrations/action.types';
import { CredentialType } from '../integrations/credential.types';
import type { FlowRunEntity } from './flow.entity';
import { FlowInput, FlowRunType, FlowStepType, FlowType } from './flow.types';

@Resolver(() => FlowType)
export class FlowResolver {
  @Query(() => [FlowType])
  async flows(@Ctx() ctx: GraphQLContext): Promise<FlowType[]> {
    const list = await ctx.services.flows.list(requirePrincipal(ctx).workspaceId);
    return list.map((f) => ctx.services.flows.toType(f));
  }

  @Query(() => FlowType, { nullable: true })
  async flow(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<FlowType | null> {
    return ctx.services.flows.toType(await ctx.services.flows.get(requirePrincipal(ctx).workspaceId, id));
  }

  @Query(() => FlowRunType, { nullable: true })
  async flowRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<FlowRunType | null> {
    return ctx.services.flows.runToType(await ctx.services.flows.getRun(requirePrincipal(ctx).workspaceId, id));
  }

  @Query(() => [FlowRunType], { description: 'The runs of a flow, newest first: `first` of them (default 20, at most 100). NOT_FOUND for a flow not in this workspace.' })
  async flowRuns(
    @Arg('flowId', () => ID) flowId: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FlowRunType[]> {
    const runs = await ctx.services.flows.listRuns(requirePrincipal(ctx).workspaceId, flowId, first);
    return runs.map((run) => ctx.services.flows.runToType(run));
  }

  @Mutation(() => FlowType)
  async createFlow(@Arg('input', () => FlowInput) input: FlowInput, @Ctx() ctx: GraphQLContext): Promise<FlowType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.flows.toType(await ctx.services.flows.create(principal.workspaceId, input));
  }

  @Mutation(() => FlowType)
  async updateFlow(@Arg('id', () => ID) id: string, @Arg('input', () => FlowInput) input: FlowInput, @Ctx() ctx: GraphQLContext): Promise<FlowType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.flows.toType(await ctx.services.flows.update(principal.workspaceId, id, input));
  }

  @Mutation(() => Boolean, { description: 'Deletes the flow and its runs; steps in progress stop.' })
  deleteFlow(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.flows.delete(requireRole(ctx, 'DEVELOPER').workspaceId, id);
  }

  @Mutation(() => FlowRunType, { description: 'Starts a run with these variables (`{{ account_id }}` in the steps\' templates); it is PENDING until a worker picks it up.' })
  async startFlowRun(
    @Arg('flowId', () => ID) flowId: string,
    @Arg('variables', () => JSONScalar, { nullable: true }) variables: unknown,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FlowRunType> {
    const principal = requireRole(ctx, 'DEVELOPER');
    return ctx.services.flows.runToType(await ctx.services.flows.startRun(principal.workspaceId, flowId, variables));
  }

  @Subscription(() => FlowRunType, {
    description: 'Fires when a run (of this id, or of this flow) changes: status, and each step\'s status, attempts and outputs.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { flowRunId?: string | null; flowId?: string | null }, GraphQLContext>) => {
      const principal = requirePrincipal(context);
      return context.services.live.flowRuns.subscribe(
        (r) => r.workspaceId === principal.workspaceId && (!args.flowRunId || r.id === args.flowRunId) && (!args.flowId || r.flowId === args.flowId),
      );
    },
  })
  flowRunUpdated(
    @Root() run: FlowRunEntity,
    @Arg('flowRunId', () => ID, { nullable: true }) _flowRunId: string | null,
    @Arg('flowId', () => ID, { nullable: true }) _flowId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): FlowRunType {
    requirePrincipal(ctx);
    return ctx.services.flows.runToType(run);
  }
}

@Resolver(() => FlowStepType)
export class FlowStepResolver {
  @FieldResolver(() => ActionType)
  async action(@Root() step: FlowStepType, @Ctx() ctx: GraphQLContext): Promise<ActionType> {
    const principal = requirePrincipal(ctx);
    return ctx.services.actions.toType(await ctx.services.actions.get(step.workspaceId, step.actionId), principal.role);
  }

  @FieldResolver(() => CredentialType, { nullable: true })
  async credential(@Root() step: FlowStepType, @Ctx() ctx: GraphQLContext): Promise<CredentialType | null> {
    if (!step.credentialId) return null;
    const principal = requirePrincipal(ctx);
    const credential = await ctx.services.credentials.get(step.workspaceId, step.credentialId).catch(() => null);
    if (!credential) return null;
    const integration = await ctx.services.integrations.get(step.workspaceId, credential.integrationId);
    return ctx.services.credentials.toType(integration, credential, principal.role);
  }
}

@Resolver(() => FlowRunType)
export class FlowRunResolver {
  @FieldResolver(() => FlowType)
  async flow(@Root() run: FlowRunType, @Ctx() ctx: GraphQLContext): Promise<FlowType> {
    requirePrincipal(ctx);
    return ctx.services.flows.toType(await ctx.services.flows.get(run.workspaceId, run.flowId));
  }
}

import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { KeyValueInput } from '../integrations/integration.inputs';
import { KeyValueType } from '../integrations/integration.types';
import type { FailurePolicy, RunStatus } from './flow.entity';

export const FailurePolicyEnum: Record<FailurePolicy, FailurePolicy> = { STOP: 'STOP', CONTINUE: 'CONTINUE' };
export const RunStatusEnum: Record<RunStatus, RunStatus> = { PENDING: 'PENDING', RUNNING: 'RUNNING', SUCCEEDED: 'SUCCEEDED', FAILED: 'FAILED' };
registerEnumType(FailurePolicyEnum, { name: 'FailurePolicy' });
registerEnumType(RunStatusEnum, { name: 'RunStatus' });

@ObjectType('FlowStep')
export class FlowStepType {
  @Field(() => String) key!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => [KeyValueType], { description: 'Action input key → template over the flow variables, `steps.<key>.<output>` of earlier steps, and `context`.' })
  inputs!: KeyValueType[];
  @Field(() => FailurePolicyEnum) onFailure!: FailurePolicy;
  workspaceId!: string;
  actionId!: string;
  credentialId!: string | null;
}

@ObjectType('Flow')
export class FlowType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'Event patterns that start a run with the event payload as variables.' }) events!: string[];
  @Field(() => [FlowStepType]) steps!: FlowStepType[];
  workspaceId!: string;
}

@ObjectType('FlowStepRun')
export class FlowStepRunType {
  @Field(() => String) key!: string;
  @Field(() => RunStatusEnum) status!: RunStatus;
  @Field(() => JSONScalar, { nullable: true }) outputs!: unknown;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) attempts!: number;
}

@ObjectType('FlowRun')
export class FlowRunType {
  @Field(() => ID) id!: string;
  @Field(() => RunStatusEnum) status!: RunStatus;
  @Field(() => JSONScalar) variables!: unknown;
  @Field(() => [FlowStepRunType]) steps!: FlowStepRunType[];
  @Field(() => DateTimeScalar) startedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  workspaceId!: string;
  flowId!: string;
}

@InputType('FlowStepInput')
export class FlowStepInput {
  @Field(() => String) key!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ID) actionId!: string;
  @Field(() => ID, { nullable: true }) credentialId?: string | null;
  @Field(() => [KeyValueInput], { nullable: true }) inputs?: KeyValueInput[] | null;
  @Field(() => FailurePolicyEnum, { nullable: true }) onFailure?: FailurePolicy | null;
}

@InputType('FlowInput')
export class FlowInput {
  @Field(() => String) name!: string;
  @Field(() => [String], { nullable: true }) events?: string[] | null;
  @Field(() => [FlowStepInput]) steps!: FlowStepInput[];
}

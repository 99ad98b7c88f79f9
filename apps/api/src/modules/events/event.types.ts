import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';

@ObjectType('Event')
export class EventType {
  @Field(() => ID) id!: string;
  @Field(() => String) type!: string;
  @Field(() => JSONScalar) payload!: unknown;
  @Field(() => String, { nullable: true }) idempotencyKey!: string | null;
  @Field(() => DateTimeScalar) occurredAt!: Date;
  workspaceId!: string;
}

@InputType('PublishEventInput')
export class PublishEventInput {
  @Field(() => String) type!: string;
  @Field(() => JSONScalar) payload!: unknown;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

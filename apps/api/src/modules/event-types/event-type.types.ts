import { Field, InputType, ObjectType } from 'type-graphql';
import { JSONScalar } from '../../graphql/scalars';

@ObjectType('EventType')
export class EventTypeType {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => JSONScalar, { nullable: true }) example!: unknown;
  @Field(() => JSONScalar, { nullable: true }) schema!: unknown;
}

@InputType('EventTypeInput')
export class EventTypeInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => JSONScalar, { nullable: true }) example?: unknown;
  @Field(() => JSONScalar, { nullable: true }) schema?: unknown;
}

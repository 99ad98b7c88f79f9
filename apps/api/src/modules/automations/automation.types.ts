import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Health } from '@conduit/shared';
import { DateTimeScalar, HealthEnum, JSONScalar } from '../../graphql/scalars';
import { KeyValueType } from '../integrations/integration.types';

@ObjectType('Automation')
export class AutomationType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: 'Event patterns: "ticket.created", "message.created.channel.*", "message.**", "*".' }) events!: string[];
  @Field(() => JSONScalar, { nullable: true }) filter!: unknown;
  @Field(() => [KeyValueType], { description: 'Action input key → template over the event (the payload at the root, plus `event` and `context`).' })
  inputs!: KeyValueType[];
  @Field(() => String, { nullable: true, description: 'Outputs kept as context data under this name.' }) storeAs!: string | null;
  @Field(() => String, { nullable: true, description: 'Template naming whose data it is, e.g. "{{ ticket.customer.email }}".' }) subject!: string | null;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => HealthEnum) health!: Health;
  @Field(() => Int) consecutiveFailures!: number;
  @Field(() => String, { nullable: true }) disabledReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) disabledAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  workspaceId!: string;
  actionId!: string;
  credentialId!: string | null;
}

@ObjectType('ContextRecord')
export class ContextRecordType {
  @Field(() => String) subject!: string;
  @Field(() => String) name!: string;
  @Field(() => JSONScalar) data!: unknown;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

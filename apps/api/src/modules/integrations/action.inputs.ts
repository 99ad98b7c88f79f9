import { Field, InputType } from 'type-graphql';
import { RetryPolicyInput } from '../webhooks/webhook.types';
import type { ValueType } from '@conduit/engine';
import { ValueTypeEnum } from './action.types';
import { RequestTemplateInput } from './integration.inputs';

@InputType('ActionInputFieldInput')
export class ActionInputFieldInput {
  @Field(() => String) name!: string;
  @Field(() => String) key!: string;
  @Field(() => ValueTypeEnum) type!: ValueType;
  @Field(() => Boolean) required!: boolean;
}

@InputType('ActionOutputFieldInput')
export class ActionOutputFieldInput {
  @Field(() => String) name!: string;
  @Field(() => String) key!: string;
  @Field(() => ValueTypeEnum) type!: ValueType;
  @Field(() => Boolean) required!: boolean;
}

@InputType('ActionDefinitionInput')
export class ActionDefinitionInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [ActionInputFieldInput], { nullable: true }) inputs?: ActionInputFieldInput[] | null;
  @Field(() => RequestTemplateInput) request!: RequestTemplateInput;
  @Field(() => [ActionOutputFieldInput], { nullable: true }) outputs?: ActionOutputFieldInput[] | null;
  @Field(() => RetryPolicyInput, { nullable: true, description: 'timeoutMs 1000–30000; schedule: waits in seconds between retries.' })
  retryPolicy?: RetryPolicyInput | null;
}

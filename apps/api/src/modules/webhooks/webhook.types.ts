import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Health } from '@conduit/shared';
import { DateTimeScalar, HealthEnum, JSONScalar } from '../../graphql/scalars';

@ObjectType('Header')
export class HeaderType {
  @Field(() => String) name!: string;
  @Field(() => String) value!: string;
}

@InputType('HeaderInput')
export class HeaderInput {
  @Field(() => String) name!: string;
  @Field(() => String) value!: string;
}

@ObjectType('RetryPolicy')
export class RetryPolicyType {
  @Field(() => [Float], { description: 'Seconds to wait before each retry.' }) schedule!: number[];
  @Field(() => Int) timeoutMs!: number;
}

@InputType('RetryPolicyInput')
export class RetryPolicyInput {
  @Field(() => [Float], { nullable: true }) schedule?: number[] | null;
  @Field(() => Int, { nullable: true }) timeoutMs?: number | null;
}

@ObjectType('Webhook')
export class WebhookType {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => [String]) events!: string[];
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => JSONScalar, { nullable: true }) filter!: unknown;
  @Field(() => [HeaderType]) headers!: HeaderType[];
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => HealthEnum) health!: Health;
  @Field(() => Int) consecutiveFailures!: number;
  @Field(() => String, { nullable: true }) disabledReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) disabledAt!: Date | null;
  @Field(() => String) secretHint!: string;
  @Field(() => Int, { nullable: true }) rateLimitPerSecond!: number | null;
  @Field(() => RetryPolicyType) retryPolicy!: RetryPolicyType;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  workspaceId!: string;
}

@ObjectType('CreatedWebhook')
export class CreatedWebhookType {
  @Field(() => WebhookType) webhook!: WebhookType;
  @Field(() => String, { description: 'The signing secret. Shown only here: store it now.' }) secret!: string;
}

@InputType('CreateWebhookInput')
export class CreateWebhookInput {
  @Field(() => String) url!: string;
  @Field(() => [String]) events!: string[];
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => JSONScalar, { nullable: true }) filter?: unknown;
  @Field(() => [HeaderInput], { nullable: true }) headers?: HeaderInput[] | null;
  @Field(() => Int, { nullable: true }) rateLimitPerSecond?: number | null;
  @Field(() => RetryPolicyInput, { nullable: true }) retryPolicy?: RetryPolicyInput | null;
}

@InputType('UpdateWebhookInput')
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [String], { nullable: true }) events?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => JSONScalar, { nullable: true }) filter?: unknown;
  @Field(() => [HeaderInput], { nullable: true }) headers?: HeaderInput[] | null;
  @Field(() => Int, { nullable: true }) rateLimitPerSecond?: number | null;
  @Field(() => RetryPolicyInput, { nullable: true }) retryPolicy?: RetryPolicyInput | null;
}

import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { AttemptOutcome, DeliveryStatus } from '@conduit/shared';
import { AttemptOutcomeEnum, DateTimeScalar, DeliveryStatusEnum } from '../../graphql/scalars';
import { HeaderType } from '../webhooks/webhook.types';

@ObjectType('HttpRequestLog')
export class HttpRequestLogType {
  @Field(() => String) method!: string;
  @Field(() => String) url!: string;
  @Field(() => [HeaderType]) headers!: HeaderType[];
  @Field(() => String, { nullable: true }) body!: string | null;
}

@ObjectType('HttpResponseLog')
export class HttpResponseLogType {
  @Field(() => Int) status!: number;
  @Field(() => [HeaderType]) headers!: HeaderType[];
  @Field(() => String, { nullable: true }) body!: string | null;
  @Field(() => Boolean) bodyTruncated!: boolean;
}

@ObjectType('DeliveryAttempt')
export class DeliveryAttemptType {
  @Field(() => ID) id!: string;
  @Field(() => ID) deliveryId!: string;
  @Field(() => Int, { description: '1 for the first attempt.' }) number!: number;
  @Field(() => DateTimeScalar) startedAt!: Date;
  @Field(() => Int) durationMs!: number;
  @Field(() => AttemptOutcomeEnum) outcome!: AttemptOutcome;
  @Field(() => HttpRequestLogType) request!: HttpRequestLogType;
  @Field(() => HttpResponseLogType, { nullable: true }) response!: HttpResponseLogType | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Boolean) willRetry!: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) nextAttemptAt!: Date | null;
  workspaceId!: string;
  webhookId!: string | null;
  /** Set when the attempt was loaded together with its delivery (live stream). */
  preloadedDelivery?: DeliveryType;
}

@ObjectType('Delivery')
export class DeliveryType {
  @Field(() => ID, { description: 'Also the webhook-id header: stable across retries.' }) id!: string;
  @Field(() => DeliveryStatusEnum) status!: DeliveryStatus;
  @Field(() => Int) attemptCount!: number;
  @Field(() => DateTimeScalar, { nullable: true }) nextAttemptAt!: Date | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) completedAt!: Date | null;
  workspaceId!: string;
  webhookId!: string | null;
  automationId!: string | null;
  /** Null for action calls and credential tests. */
  eventId!: string | null;
  actionId!: string | null;
  integrationId!: string | null;
}

@InputType('DeliveryFilter')
export class DeliveryFilterInput {
  @Field(() => ID, { nullable: true }) webhookId?: string | null;
  @Field(() => ID, { nullable: true }) automationId?: string | null;
  @Field(() => ID, { nullable: true }) eventId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Calls of one action (testAction, executeAction).' }) actionId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Action calls and credential tests of one integration.' }) integrationId?: string | null;
  @Field(() => [DeliveryStatusEnum], { nullable: true }) status?: DeliveryStatus[] | null;
  @Field(() => DateTimeScalar, { nullable: true }) since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) until?: Date | null;
}

@ObjectType('DeliveryPage')
export class DeliveryPageType {
  @Field(() => [DeliveryType]) items!: DeliveryType[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

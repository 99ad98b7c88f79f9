import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { HttpRequestLogType, HttpResponseLogType } from '../deliveries/delivery.types';
import { RetryPolicyType } from '../webhooks/webhook.types';
import { VALUE_TYPES, type ValueType } from '@conduit/engine';
import { RequestTemplateType } from './integration.types';

export const ValueTypeEnum = Object.fromEntries(VALUE_TYPES.map((v) => [v, v])) as Record<ValueType, ValueType>;
registerEnumType(ValueTypeEnum, { name: 'ValueType' });

@ObjectType('ActionInputField')
export class ActionInputFieldType {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Used in templates as {{ input.<key> }}.' }) key!: string;
  @Field(() => ValueTypeEnum) type!: ValueType;
  @Field(() => Boolean) required!: boolean;
}

@ObjectType('ActionOutputField')
export class ActionOutputFieldType {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Path into the response JSON, e.g. data.validation_id or items[0].id.' }) key!: string;
  @Field(() => ValueTypeEnum) type!: ValueType;
  @Field(() => Boolean) required!: boolean;
}

@ObjectType('Action')
export class ActionType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [ActionInputFieldType]) inputs!: ActionInputFieldType[];
  @Field(() => RequestTemplateType) request!: RequestTemplateType;
  @Field(() => [ActionOutputFieldType]) outputs!: ActionOutputFieldType[];
  @Field(() => RetryPolicyType, { description: 'executeAction retries within its ~10 s budget, only idempotent methods or calls with an idempotencyKey.' })
  retryPolicy!: RetryPolicyType;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  workspaceId!: string;
  integrationId!: string;
}

@ObjectType('ExchangeLog')
export class ExchangeLogType {
  @Field(() => HttpRequestLogType, { description: 'As sent, with credential values redacted (••••).' }) request!: HttpRequestLogType;
  @Field(() => HttpResponseLogType, { nullable: true }) response!: HttpResponseLogType | null;
  @Field(() => Int) durationMs!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType('RequestTestResult')
export class RequestTestResultType {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => ExchangeLogType) exchange!: ExchangeLogType;
}

@ObjectType('ActionResult')
export class ActionResultType {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt.' }) status!: number | null;
  @Field(() => JSONScalar, { description: 'Only the declared outputs, typed, keyed by each output\'s key; never the raw response.' })
  outputs!: Record<string, unknown>;
  @Field(() => String, {
    nullable: true,
    description:
      'INVALID_INPUT, TEMPLATE_ERROR (nothing was sent); BLOCKED, TIMEOUT, HTTP_ERROR, NETWORK_ERROR, INVALID_RESPONSE (no usable answer, ' +
      'or a body that is not JSON while outputs are required); MISSING_OUTPUT, WRONG_TYPE (a required output).',
  })
  errorCode!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) durationMs!: number;
}

@ObjectType('OutputCandidate')
export class OutputCandidateType {
  @Field(() => String, { description: 'A leaf path of the response, usable as an output key.' }) key!: string;
  @Field(() => ValueTypeEnum) type!: ValueType;
  @Field(() => JSONScalar, { nullable: true }) sample!: unknown;
}

@ObjectType('ActionTestResult')
export class ActionTestResultType {
  @Field(() => ActionResultType) result!: ActionResultType;
  @Field(() => ExchangeLogType) exchange!: ExchangeLogType;
  @Field(() => [OutputCandidateType]) candidates!: OutputCandidateType[];
}

import { Field, InputType } from 'type-graphql';
import type { BodyType, HttpMethod } from '@conduit/engine';
import type { AuthScheme, FieldType } from './integration.entity';
import { AuthSchemeEnum, BodyTypeEnum, FieldTypeEnum, HttpMethodEnum } from './integration.types';

@InputType('AuthFieldInput')
export class AuthFieldInput {
  @Field(() => String) identifier!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => FieldTypeEnum) type!: FieldType;
  @Field(() => Boolean) required!: boolean;
}

@InputType('KeyValueInput')
export class KeyValueInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@InputType('RequestTemplateInput')
export class RequestTemplateInput {
  @Field(() => HttpMethodEnum) method!: HttpMethod;
  @Field(() => String) url!: string;
  @Field(() => [KeyValueInput], { nullable: true }) query?: KeyValueInput[] | null;
  @Field(() => [KeyValueInput], { nullable: true }) headers?: KeyValueInput[] | null;
  @Field(() => BodyTypeEnum, { nullable: true }) bodyType?: BodyType | null;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => [KeyValueInput], { nullable: true }) form?: KeyValueInput[] | null;
}

@InputType('IntegrationInput')
export class IntegrationInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) logoUrl?: string | null;
  @Field(() => AuthSchemeEnum) authScheme!: AuthScheme;
  @Field(() => [AuthFieldInput], { nullable: true }) authFields?: AuthFieldInput[] | null;
  @Field(() => RequestTemplateInput, { nullable: true }) testRequest?: RequestTemplateInput | null;
}

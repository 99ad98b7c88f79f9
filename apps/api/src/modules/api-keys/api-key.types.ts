import { Field, ID, ObjectType } from 'type-graphql';
import type { Role } from '@conduit/shared';
import { DateTimeScalar, RoleEnum } from '../../graphql/scalars';

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => String) prefix!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
  @Field(() => String, { description: 'The key itself. Shown only here: store it now.' }) secret!: string;
}

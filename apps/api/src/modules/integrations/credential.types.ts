import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';

@ObjectType('Credential')
export class CredentialType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => JSONScalar, {
    description: 'TEXT fields in clear, PASSWORD fields masked ("••••"); for VIEWERs every value is masked.',
  })
  values!: Record<string, string>;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  workspaceId!: string;
  integrationId!: string;
}

@InputType('CredentialInput')
export class CredentialInput {
  @Field(() => String) name!: string;
  @Field(() => JSONScalar, {
    description: 'An object of auth field identifier → string. On update a field left out (or a PASSWORD sent as "••••") keeps its value; null or "" clears an optional field.',
  })
  values!: unknown;
}

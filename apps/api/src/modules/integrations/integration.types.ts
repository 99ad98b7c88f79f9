import { GraphQLError, Kind, isEnumType, type GraphQLEnumType, type GraphQLSchema } from 'graphql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BODY_TYPES, HTTP_METHODS, type BodyType, type HttpMethod } from '@conduit/engine';
import { DateTimeScalar } from '../../graphql/scalars';
import { AUTH_SCHEMES, FIELD_TYPES, type AuthScheme, type FieldType } from './integration.entity';

function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

export const AuthSchemeEnum = enumOf<AuthScheme>(AUTH_SCHEMES);
export const FieldTypeEnum = enumOf<FieldType>(FIELD_TYPES);
export const HttpMethodEnum = enumOf<HttpMethod>(HTTP_METHODS);
export const BodyTypeEnum = enumOf<BodyType>(BODY_TYPES);

registerEnumType(AuthSchemeEnum, {
  name: 'AuthScheme',
  description:
    'NONE: nothing added. API_KEY: templates place `{{ credential.<identifier> }}` where the API wants it (header or query). ' +
    'BASIC: `Authorization: Basic base64(username:password)` from the auth fields named `username` and `password`. ' +
    'BEARER: `Authorization: Bearer <value>` from the field named `token`, else the first PASSWORD field. ' +
    'A request template that sets Authorization itself keeps its own.',
});
registerEnumType(FieldTypeEnum, { name: 'FieldType', description: 'PASSWORD values are encrypted at rest and never returned.' });
registerEnumType(HttpMethodEnum, { name: 'HttpMethod', description: 'CONNECT is not offered: it opens a proxy tunnel, it is not an API call.' });
registerEnumType(BodyTypeEnum, { name: 'BodyType' });

const CONNECT_REFUSED = `CONNECT is not an allowed method: it opens a proxy tunnel, it is not an API call. Use one of ${HTTP_METHODS.join(', ')}.`;

/**
 * CONNECT is not in the HttpMethod enum, so graphql-js would refuse it with a bare "does not
 * exist" message; this makes the refusal say why (on variables and on inline literals).
 */
export function explainRefusedMethods(schema: GraphQLSchema): void {
  const type = schema.getType('HttpMethod');
  if (!isEnumType(type)) return;
  const enumType: GraphQLEnumType = type;
  const parseValue = enumType.parseValue.bind(enumType);
  const parseLiteral = enumType.parseLiteral.bind(enumType);
  enumType.parseValue = (...args: Parameters<GraphQLEnumType['parseValue']>) => {
    if (typeof args[0] === 'string' && args[0].toUpperCase() === 'CONNECT') throw new GraphQLError(CONNECT_REFUSED);
    return parseValue(...args);
  };
  enumType.parseLiteral = (...args: Parameters<GraphQLEnumType['parseLiteral']>) => {
    const node = args[0];
    if ((node.kind === Kind.ENUM || node.kind === Kind.STRING) && node.value.toUpperCase() === 'CONNECT') throw new GraphQLError(CONNECT_REFUSED, { nodes: node });
    return parseLiteral(...args);
  };
}

@ObjectType('AuthField')
export class AuthFieldType {
  @Field(() => String, { description: 'Lowercase letters, digits and `_`; not starting with a digit or `_`, not ending with `_`.' })
  identifier!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => FieldTypeEnum) type!: FieldType;
  @Field(() => Boolean) required!: boolean;
}

@ObjectType('KeyValue')
export class KeyValueType {
  @Field(() => String) key!: string;
  @Field(() => String, { description: 'May hold {{ templates }}.' }) value!: string;
}

@ObjectType('RequestTemplate')
export class RequestTemplateType {
  @Field(() => HttpMethodEnum) method!: HttpMethod;
  @Field(() => String) url!: string;
  @Field(() => [KeyValueType]) query!: KeyValueType[];
  @Field(() => [KeyValueType]) headers!: KeyValueType[];
  @Field(() => BodyTypeEnum) bodyType!: BodyType;
  @Field(() => String, { nullable: true, description: 'JSON text with {{ templates }} for JSON, template text for TEXT.' }) body!: string | null;
  @Field(() => [KeyValueType], { description: 'For FORM bodies.' }) form!: KeyValueType[];
}

@ObjectType('Integration')
export class IntegrationType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) logoUrl!: string | null;
  @Field(() => AuthSchemeEnum) authScheme!: AuthScheme;
  @Field(() => [AuthFieldType]) authFields!: AuthFieldType[];
  @Field(() => RequestTemplateType, { nullable: true, description: 'Run by testCredential; its templates may use credential.* only.' })
  testRequest!: RequestTemplateType | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  workspaceId!: string;
}

import { Field, ID, ObjectType } from 'type-graphql';
import type { Role } from '@conduit/shared';
import { DateTimeScalar, RoleEnum } from '../../graphql/scalars';
import { ApiKeyType } from '../api-keys/api-key.types';

@ObjectType('Workspace')
export class WorkspaceType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
}

@ObjectType('Viewer')
export class ViewerType {
  @Field(() => UserType, { nullable: true }) user!: UserType | null;
  @Field(() => ApiKeyType, { nullable: true }) apiKey!: ApiKeyType | null;
  @Field(() => WorkspaceType) workspace!: WorkspaceType;
  @Field(() => RoleEnum) role!: Role;
}

@ObjectType('Session')
export class SessionType {
  @Field(() => String, { description: 'Bearer token for the Authorization header and graphql-ws connection_init.' })
  token!: string;
  @Field(() => UserType) user!: UserType;
  @Field(() => WorkspaceType) workspace!: WorkspaceType;
}

import { Field, ObjectType } from 'type-graphql';
import type { Role } from '@conduit/shared';
import { DateTimeScalar, RoleEnum } from '../../graphql/scalars';
import { UserType } from '../workspaces/workspace.types';

@ObjectType('Member', { description: "A person's membership of the current workspace." })
export class MemberType {
  @Field(() => UserType) user!: UserType;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => DateTimeScalar, { description: 'When they were added to this workspace.' }) joinedAt!: Date;
  /** Exposed by MemberResolver.passwordExpiresAt (to OWNERs, ADMINs and the member themself). */
  passwordExpiresAt!: Date | null;
}

@ObjectType('AddedMember', { description: 'temporaryPassword is set only when a new account was created (or its temporary password reset); it is shown only here.' })
export class AddedMemberType {
  @Field(() => MemberType) member!: MemberType;
  @Field(() => String, { nullable: true, description: 'The new account\'s first password, to hand to the person; null when the account already existed.' })
  temporaryPassword!: string | null;
}

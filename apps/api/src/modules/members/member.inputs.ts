import { Field, InputType } from 'type-graphql';
import type { Role } from '@conduit/shared';
import { RoleEnum } from '../../graphql/scalars';

@InputType('AddMemberInput')
export class AddMemberInput {
  @Field(() => String, { description: 'Matched case-insensitively against existing accounts.' }) email!: string;
  @Field(() => RoleEnum) role!: Role;
}

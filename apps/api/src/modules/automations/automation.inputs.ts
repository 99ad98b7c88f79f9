import { Field, ID, InputType } from 'type-graphql';
import { JSONScalar } from '../../graphql/scalars';
import { KeyValueInput } from '../integrations/integration.inputs';

@InputType('AutomationInput')
export class AutomationInput {
  @Field(() => String) name!: string;
  @Field(() => [String]) events!: string[];
  @Field(() => JSONScalar, { nullable: true }) filter?: unknown;
  @Field(() => ID) actionId!: string;
  @Field(() => ID, { nullable: true }) credentialId?: string | null;
  @Field(() => [KeyValueInput], { nullable: true }) inputs?: KeyValueInput[] | null;
  @Field(() => String, { nullable: true }) storeAs?: string | null;
  @Field(() => String, { nullable: true }) subject?: string | null;
}

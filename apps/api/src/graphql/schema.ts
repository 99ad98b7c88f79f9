import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { ApiKeyResolver } from '../modules/api-keys/api-key.resolver';
import { AuthResolver } from '../modules/auth/auth.resolver';
import { AutomationResolver, DeliveryAutomationResolver } from '../modules/automations/automation.resolver';
import { DeliveryAttemptResolver, DeliveryResolver } from '../modules/deliveries/delivery.resolver';
import { EventTypeResolver } from '../modules/event-types/event-type.resolver';
import { EventResolver } from '../modules/events/event.resolver';
import { FlowResolver, FlowRunResolver, FlowStepResolver } from '../modules/flows/flow.resolver';
import { ActionResolver, DeliveryCallResolver } from '../modules/integrations/action.resolver';
import { CredentialResolver } from '../modules/integrations/credential.resolver';
import { IntegrationResolver } from '../modules/integrations/integration.resolver';
import { MemberResolver } from '../modules/members/member.resolver';
import { explainRefusedMethods } from '../modules/integrations/integration.types';
import { WebhookResolver } from '../modules/webhooks/webhook.resolver';

/** Builds the executable schema from the resolvers (no emitted file: the contract test checks it). */
export async function buildConduitSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      AuthResolver,
      MemberResolver,
      ApiKeyResolver,
      EventTypeResolver,
      EventResolver,
      WebhookResolver,
      DeliveryResolver,
      DeliveryAttemptResolver,
      IntegrationResolver,
      CredentialResolver,
      ActionResolver,
      DeliveryCallResolver,
      AutomationResolver,
      DeliveryAutomationResolver,
      FlowResolver,
      FlowStepResolver,
      FlowRunResolver,
    ],
    validate: false,
    // Every subscription passes its own `subscribe` (LiveTopic streams fed by LISTEN/NOTIFY);
    // type-graphql still asks for a PubSub, so this one refuses to be used.
    pubSub: {
      publish: () => {
        throw new Error('Publish through Services.live, not the type-graphql PubSub.');
      },
      subscribe: () => {
        throw new Error('Subscriptions declare their own subscribe function.');
      },
    },
    emitSchemaFile: false,
  });
  explainRefusedMethods(schema);
  return schema;
}

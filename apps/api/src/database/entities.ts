import { AutomationEntity } from '../modules/automations/automation.entity';
import { ContextRecordEntity } from '../modules/automations/context-record.entity';
import { FlowEntity, FlowRunEntity } from '../modules/flows/flow.entity';
import { ApiKeyEntity } from '../modules/api-keys/api-key.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { DeliveryAttemptEntity, DeliveryEntity } from '../modules/deliveries/delivery.entity';
import { EventTypeEntity } from '../modules/event-types/event-type.entity';
import { EventEntity } from '../modules/events/event.entity';
import { ActionEntity } from '../modules/integrations/action.entity';
import { CredentialEntity } from '../modules/integrations/credential.entity';
import { IntegrationEntity } from '../modules/integrations/integration.entity';
import { UserEntity } from '../modules/users/user.entity';
import { WebhookEntity } from '../modules/webhooks/webhook.entity';
import { MembershipEntity, WorkspaceEntity } from '../modules/workspaces/workspace.entity';

export const ENTITIES = [
  WorkspaceEntity,
  MembershipEntity,
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  EventTypeEntity,
  EventEntity,
  WebhookEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  IntegrationEntity,
  CredentialEntity,
  ActionEntity,
  AutomationEntity,
  ContextRecordEntity,
  FlowEntity,
  FlowRunEntity,
];

import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { MasterKeyring, TargetPolicy } from '@conduit/engine';
import type { Config } from './config';
import { LiveTopic } from './graphql/live';
import { ApiKeyService } from './modules/api-keys/api-key.service';
import { AuthService } from './modules/auth/auth.service';
import type { DeliveryAttemptType } from './modules/deliveries/delivery.types';
import { DeliveryService } from './modules/deliveries/delivery.service';
import { EventTypeService } from './modules/event-types/event-type.service';
import { EventService } from './modules/events/event.service';
import type { WebhookEntity } from './modules/webhooks/webhook.entity';
import { WebhookService } from './modules/webhooks/webhook.service';
import { WorkspaceService } from './modules/workspaces/workspace.service';

/** Every service of one process, built once at start-up and handed to resolvers through the context. */
export interface Services {
  config: Config;
  logger: Logger;
  db: DataSource;
  auth: AuthService;
  workspaces: WorkspaceService;
  apiKeys: ApiKeyService;
  eventTypes: EventTypeService;
  events: EventService;
  webhooks: WebhookService;
  deliveries: DeliveryService;
  live: {
    attempts: LiveTopic<DeliveryAttemptType>;
    health: LiveTopic<WebhookEntity>;
  };
}

export function createServices(deps: { config: Config; logger: Logger; db: DataSource; keyring: MasterKeyring; targets: TargetPolicy }): Services {
  const { config, logger, db } = deps;
  const eventTypes = new EventTypeService(db);
  const events = new EventService(db, eventTypes);
  const webhooks = new WebhookService(db, deps.keyring, deps.targets, events);
  return {
    config,
    logger,
    db,
    auth: new AuthService(db, logger, config.sessionTtlHours * 3_600_000),
    workspaces: new WorkspaceService(db, eventTypes),
    apiKeys: new ApiKeyService(db),
    eventTypes,
    events,
    webhooks,
    deliveries: new DeliveryService(db, events, webhooks),
    live: { attempts: new LiveTopic(), health: new LiveTopic() },
  };
}

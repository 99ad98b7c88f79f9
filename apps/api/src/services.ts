import { VERSION } from './version';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { HttpSender, type MasterKeyring, type TargetPolicy } from '@conduit/engine';
import type { Config } from './config';
import { LiveTopic } from './graphql/live';
import { ApiKeyService } from './modules/api-keys/api-key.service';
import { AutomationFanout } from './modules/automations/automation-fanout';
import { AutomationRunner } from './modules/automations/automation-runner';
import { AutomationService } from './modules/automations/automation.service';
import { ApiKeyCache } from './modules/auth/api-key-cache';
import { AuthService } from './modules/auth/auth.service';
import type { DeliveryAttemptType } from './modules/deliveries/delivery.types';
import { DeliveryService } from './modules/deliveries/delivery.service';
import { DeliveryStatsService } from './modules/deliveries/delivery-stats.service';
import { EventTypeService } from './modules/event-types/event-type.service';
import { EventService } from './modules/events/event.service';
import { FlowFanout } from './modules/flows/flow-fanout';
import { FlowRunner } from './modules/flows/flow-runner';
import type { FlowRunEntity } from './modules/flows/flow.entity';
import { FlowService } from './modules/flows/flow.service';
import { ActionCallService } from './modules/integrations/action-call.service';
import { ActionService } from './modules/integrations/action.service';
import { CredentialService } from './modules/integrations/credential.service';
import { IntegrationService } from './modules/integrations/integration.service';
import { MemberService } from './modules/members/member.service';
import type { WebhookEntity } from './modules/webhooks/webhook.entity';
import { WebhookService } from './modules/webhooks/webhook.service';
import { WorkspaceService } from './modules/workspaces/workspace.service';
import { ConduitMetrics } from './metrics/metrics';

/** Sent with action calls and credential tests unless a template sets its own User-Agent. */
export const ACTION_USER_AGENT = `Conduit-Actions/${VERSION}`;

/** Every service of one process, built once at start-up and handed to resolvers through the context. */
export interface Services {
  config: Config;
  logger: Logger;
  db: DataSource;
  auth: AuthService;
  workspaces: WorkspaceService;
  /** The people of a workspace and their roles. */
  members: MemberService;
  apiKeys: ApiKeyService;
  eventTypes: EventTypeService;
  events: EventService;
  webhooks: WebhookService;
  deliveries: DeliveryService;
  /** Attempt volume, outcomes and latency per time bucket (the console's charts). */
  deliveryStats: DeliveryStatsService;
  integrations: IntegrationService;
  credentials: CredentialService;
  actions: ActionService;
  /** testCredential, testAction, executeAction: the calls integrations make. */
  actionCalls: ActionCallService;
  automations: AutomationService;
  /** Makes automation deliveries' attempts for the dispatcher (worker role). */
  automationRunner: AutomationRunner;
  flows: FlowService;
  /** Starts flow runs and runs their steps as scheduled jobs (worker role). */
  flowRunner: FlowRunner;
  /** Prometheus metrics of this process (GET /metrics). */
  metrics: ConduitMetrics;
  /**
   * Releases what the services hold beyond the database (the action HTTP client's connections);
   * `abortInFlight` cuts action calls still running (after the drain time).
   */
  close(options?: { abortInFlight?: boolean }): Promise<void>;
  /** Set once the process is stopping: /readyz answers 503 so load balancers send nothing new. */
  lifecycle: { stopping: boolean };
  live: {
    attempts: LiveTopic<DeliveryAttemptType>;
    health: LiveTopic<WebhookEntity>;
    flowRuns: LiveTopic<FlowRunEntity>;
  };
}

export function createServices(deps: { config: Config; logger: Logger; db: DataSource; keyring: MasterKeyring; targets: TargetPolicy }): Services {
  const { config, logger, db } = deps;
  const eventTypes = new EventTypeService(db);
  const events = new EventService(db, eventTypes);
  const webhooks = new WebhookService(db, deps.keyring, deps.targets, events);
  const credentials = new CredentialService(db, deps.keyring);
  const integrations = new IntegrationService(db, deps.targets, credentials);
  // Action calls are made by the api role (the bot waits for them), so it has its own HTTP client.
  // Responses up to 1 MB are read for output extraction; the log keeps 64 kB.
  const actionSender = new HttpSender({ policy: deps.targets, userAgent: ACTION_USER_AGENT, maxResponseBytes: 1_048_576, keepAliveTimeoutMs: 2_000 });
  const actionCalls = new ActionCallService({ db, logger: logger.child({ component: 'actions' }), sender: actionSender, integrations, credentials });
  const actions = new ActionService(db, deps.targets);
  const apiKeyCache = new ApiKeyCache({ ttlMs: config.apiKeyCacheMs, maxEntries: config.apiKeyCacheSize });
  const auth = new AuthService(db, logger, config.sessionTtlHours * 3_600_000, apiKeyCache);
  const metrics = new ConduitMetrics(db);
  metrics.trackApiKeyCache(apiKeyCache);
  events.addFanout(new AutomationFanout(db));
  events.addFanout(new FlowFanout(db));
  return {
    config,
    logger,
    db,
    auth,
    workspaces: new WorkspaceService(db, eventTypes),
    members: new MemberService(db, auth, logger.child({ component: 'members' }), config.temporaryPasswordHours * 3_600_000),
    apiKeys: new ApiKeyService(db, apiKeyCache),
    eventTypes,
    events,
    webhooks,
    deliveries: new DeliveryService(db, events, webhooks),
    deliveryStats: new DeliveryStatsService(db),
    integrations,
    credentials,
    actions,
    actionCalls,
    automations: new AutomationService(db, { actions, credentials, events }),
    automationRunner: new AutomationRunner({ db, logger: logger.child({ component: 'automations' }), actions, integrations, actionCalls }),
    flows: new FlowService(db, { actions, credentials, events }),
    flowRunner: new FlowRunner({ db, logger: logger.child({ component: 'flows' }), actions, integrations, actionCalls }),
    metrics,
    close: (options) => actionSender.close(options),
    lifecycle: { stopping: false },
    live: {
      attempts: new LiveTopic({ maxBuffered: config.liveMaxBuffered }),
      health: new LiveTopic({ maxBuffered: config.liveMaxBuffered }),
      flowRuns: new LiveTopic({ maxBuffered: config.liveMaxBuffered }),
    },
  };
}

import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ConduitError, STANDARD_EVENT_TYPES, compilePatterns, validateFilter, validatePattern, type Health, type Role } from '@conduit/shared';
import {
  CHANNELS,
  DEFAULT_RETRY_POLICY,
  type HealthChange,
  type MasterKeyring,
  type TargetPolicy,
  assertTargetUrl,
  failOpenDeliveries,
  generateWebhookSecret,
  isSensitiveHeader,
  secretHint,
  validateRetryPolicy,
} from '@conduit/engine';
import { isUuid, type EventService } from '../events/event.service';
import type { DeliveryEntity } from '../deliveries/delivery.entity';
import { deleteTargetKeepingLog } from '../deliveries/target-deletion';
import { WebhookEntity, type StoredHeader } from './webhook.entity';
import type { CreateWebhookInput, UpdateWebhookInput, WebhookType } from './webhook.types';

const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'user-agent', 'transfer-encoding', 'connection', 'expect', 'upgrade']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** Webhook subscriptions: validation, secrets (encrypted at rest, shown once), rotation, enable/disable. */
export class WebhookService {
  constructor(
    private readonly db: DataSource,
    private readonly keyring: MasterKeyring,
    private readonly targets: TargetPolicy,
    private readonly events: EventService,
  ) {}

  private repo() {
    return this.db.getRepository(WebhookEntity);
  }

  /** Associated data binding a stored secret to its workspace and webhook. */
  static secretAad(workspaceId: string, webhookId: string): string {
    return `workspace:${workspaceId}/webhook:${webhookId}/secret`;
  }

  decryptSecret(workspaceId: string, webhookId: string, ciphertext: string): string {
    return this.keyring.decrypt(ciphertext, WebhookService.secretAad(workspaceId, webhookId));
  }

  async get(workspaceId: string, id: string): Promise<WebhookEntity> {
    const webhook = isUuid(id) ? await this.repo().findOneBy({ id, workspaceId, deletingAt: IsNull() }) : null;
    if (!webhook) throw new ConduitError('NOT_FOUND', `No webhook with id ${id} in this workspace.`);
    return webhook;
  }

  list(workspaceId: string): Promise<WebhookEntity[]> {
    return this.repo().find({ where: { workspaceId, deletingAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  async create(workspaceId: string, input: CreateWebhookInput): Promise<{ webhook: WebhookEntity; secret: string }> {
    const fields = this.validate(input, true);
    const secret = generateWebhookSecret();
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(WebhookEntity);
      const id = (await tx.query('SELECT gen_random_uuid() AS id'))[0].id as string;
      await repo.insert({
        id,
        workspaceId,
        ...fields,
        secretCiphertext: this.keyring.encrypt(secret, WebhookService.secretAad(workspaceId, id)),
        secretHint: secretHint(secret),
      } as QueryDeepPartialEntity<WebhookEntity>);
      return { webhook: await repo.findOneByOrFail({ id }), secret };
    }).then(async (created) => {
      await this.events.announceConfigChange(workspaceId);
      return created;
    });
  }

  async update(workspaceId: string, id: string, input: UpdateWebhookInput): Promise<WebhookEntity> {
    const webhook = await this.get(workspaceId, id);
    const fields = this.validate(input, false);
    await this.repo().update({ id: webhook.id }, fields as QueryDeepPartialEntity<WebhookEntity>);
    await this.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, id);
  }

  /** Deletes the webhook; its open deliveries are CANCELLED and the log is kept. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const webhook = await this.get(workspaceId, id);
    await deleteTargetKeepingLog(this.db, 'webhook', webhook.id, { onHidden: () => this.events.announceConfigChange(workspaceId) });
    return true;
  }

  /** A new secret; the old one stays valid (both signatures are sent) for 24 hours. */
  async rotateSecret(workspaceId: string, id: string): Promise<{ webhook: WebhookEntity; secret: string }> {
    const webhook = await this.get(workspaceId, id);
    const secret = generateWebhookSecret();
    await this.repo().update(
      { id: webhook.id },
      {
        previousSecretCiphertext: webhook.secretCiphertext,
        previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS),
        secretCiphertext: this.keyring.encrypt(secret, WebhookService.secretAad(workspaceId, webhook.id)),
        secretHint: secretHint(secret),
      },
    );
    return { webhook: await this.get(workspaceId, id), secret };
  }

  /** Re-enables and resets health; failed deliveries can then be resent with recoverDeliveries. */
  async enable(workspaceId: string, id: string): Promise<WebhookEntity> {
    const webhook = await this.get(workspaceId, id);
    await this.db.transaction(async (tx) => {
      const previous = await lockHealth(tx, webhook.id);
      await tx.getRepository(WebhookEntity).update(
        { id: webhook.id },
        {
          enabled: true,
          health: 'HEALTHY',
          consecutiveFailures: 0,
          failingSince: null,
          recentOutcomes: '',
          disabledReason: null,
          disabledAt: null,
          ...(previous === 'HEALTHY' ? {} : { healthChangedAt: () => 'now()' }),
        },
      );
      await notifyHealthChange(tx, { kind: 'webhook', webhookId: webhook.id, workspaceId, previous, current: 'HEALTHY' });
    });
    await this.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, id);
  }

  /** Disables by hand: open deliveries not in flight end FAILED (dead letters), as when the engine disables it. */
  async disable(workspaceId: string, id: string): Promise<WebhookEntity> {
    const webhook = await this.get(workspaceId, id);
    await this.db.transaction(async (tx) => {
      const previous = await lockHealth(tx, webhook.id);
      await tx.getRepository(WebhookEntity).update(
        { id: webhook.id },
        {
          enabled: false,
          health: 'DISABLED',
          disabledReason: webhook.enabled ? 'Disabled by a user.' : webhook.disabledReason,
          disabledAt: webhook.disabledAt ?? new Date(),
          ...(previous === 'DISABLED' ? {} : { healthChangedAt: () => 'now()' }),
        },
      );
      await failOpenDeliveries(tx, [webhook.id], 'Webhook disabled');
      await notifyHealthChange(tx, { kind: 'webhook', webhookId: webhook.id, workspaceId, previous, current: 'DISABLED' });
    });
    await this.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, id);
  }

  /** Sends the example payload of `type` (or of the first catalogue type the webhook subscribes to) to this webhook only. */
  async sendTestEvent(workspaceId: string, id: string, type: string | null | undefined): Promise<DeliveryEntity> {
    const webhook = await this.get(workspaceId, id);
    if (!webhook.enabled) {
      throw new ConduitError('CONFLICT', 'This webhook is disabled; enable it before sending it a test event.');
    }
    const catalogue: { name: string; example: unknown }[] = await this.db.query(
      'SELECT name, example FROM event_types WHERE workspace_id = $1 ORDER BY builtin DESC, name',
      [workspaceId],
    );
    const matches = compilePatterns(webhook.events);
    const chosen = type ? catalogue.find((t) => t.name === type) : catalogue.find((t) => matches(t.name));
    const eventType = type ?? chosen?.name;
    if (!eventType) {
      throw new ConduitError('BAD_USER_INPUT', 'None of the catalogue types matches this webhook\'s patterns; pass `type` to choose one.', { field: 'type' });
    }
    const example = chosen?.example ?? STANDARD_EVENT_TYPES.find((t) => t.name === eventType)?.example ?? { test: true };
    const payload = typeof example === 'object' && example !== null && !Array.isArray(example) ? example : { value: example };
    const { event } = await this.events.publish(workspaceId, { type: eventType, payload }, { onlyWebhookId: webhook.id, isTest: true });
    const [delivery] = await this.db.query(
      `SELECT id, workspace_id AS "workspaceId", event_id AS "eventId", webhook_id AS "webhookId", automation_id AS "automationId",
              status, attempt_count AS "attemptCount", next_attempt_at AS "nextAttemptAt", last_error AS "lastError",
              created_at AS "createdAt", completed_at AS "completedAt"
         FROM deliveries WHERE event_id = $1`,
      [event.id],
    );
    return delivery as DeliveryEntity;
  }

  /** The GraphQL view: no secret, and credential-like header values masked for viewers. */
  toType(webhook: WebhookEntity, role: Role): WebhookType {
    return {
      id: webhook.id,
      workspaceId: webhook.workspaceId,
      url: webhook.url,
      events: webhook.events,
      description: webhook.description,
      filter: webhook.filter ?? null,
      headers: webhook.headers.map((h) => ({ name: h.name, value: role === 'VIEWER' && isSensitiveHeader(h.name) ? '••••' : h.value })),
      enabled: webhook.enabled,
      health: webhook.enabled ? webhook.health : 'DISABLED',
      consecutiveFailures: webhook.consecutiveFailures,
      disabledReason: webhook.disabledReason,
      disabledAt: webhook.disabledAt,
      secretHint: webhook.secretHint,
      rateLimitPerSecond: webhook.rateLimitPerSecond,
      retryPolicy: { schedule: webhook.retrySchedule ?? [...DEFAULT_RETRY_POLICY.schedule], timeoutMs: webhook.timeoutMs },
      createdAt: webhook.createdAt,
      updatedAt: webhook.updatedAt,
    };
  }

  private validate(input: CreateWebhookInput | UpdateWebhookInput, creating: boolean): Partial<WebhookEntity> {
    const fields: Partial<WebhookEntity> = {};
    if (creating || input.url != null) {
      const url = (input.url ?? '').trim();
      if (url.length > 2048) throw new ConduitError('BAD_USER_INPUT', 'The URL is longer than 2048 characters.', { field: 'url' });
      assertTargetUrl(url, this.targets, 'url');
      fields.url = url;
    }
    if (creating || input.events != null) {
      const events = input.events ?? [];
      if (events.length === 0 || events.length > 100) {
        throw new ConduitError('BAD_USER_INPUT', 'Subscribe to 1 to 100 event patterns, e.g. ["ticket.created", "message.**"] or ["*"].', { field: 'events' });
      }
      events.forEach((p) => validatePattern(p));
      fields.events = [...new Set(events)];
    }
    if (input.description !== undefined) {
      if (input.description && input.description.length > 500) {
        throw new ConduitError('BAD_USER_INPUT', 'The description is longer than 500 characters.', { field: 'description' });
      }
      fields.description = input.description ?? null;
    }
    if (input.filter !== undefined) {
      if (input.filter !== null) validateFilter(input.filter);
      fields.filter = (input.filter as Record<string, unknown> | null) ?? null;
    }
    if (input.headers != null) fields.headers = validateHeaders(input.headers);
    else if (creating) fields.headers = [];
    if (input.rateLimitPerSecond !== undefined) {
      const rate = input.rateLimitPerSecond;
      if (rate !== null && (!Number.isInteger(rate) || rate < 1 || rate > 10_000)) {
        throw new ConduitError('BAD_USER_INPUT', 'rateLimitPerSecond must be a whole number from 1 to 10000, or null for no limit.', { field: 'rateLimitPerSecond' });
      }
      fields.rateLimitPerSecond = rate ?? null;
    }
    if (input.retryPolicy != null) {
      const policy = validateRetryPolicy({
        schedule: input.retryPolicy.schedule ?? DEFAULT_RETRY_POLICY.schedule,
        timeoutMs: input.retryPolicy.timeoutMs ?? DEFAULT_RETRY_POLICY.timeoutMs,
      });
      fields.retrySchedule = input.retryPolicy.schedule ? [...policy.schedule] : null;
      fields.timeoutMs = policy.timeoutMs;
    }
    return fields;
  }
}

/** The health a webhook shows now (a disabled one shows DISABLED), its row locked as the engine's write-back locks it. */
async function lockHealth(tx: EntityManager, webhookId: string): Promise<Health> {
  const [row] = (await tx.query('SELECT enabled, health FROM webhooks WHERE id = $1 FOR NO KEY UPDATE', [webhookId])) as { enabled: boolean; health: Health }[];
  return row.enabled ? row.health : 'DISABLED';
}

/**
 * The engine's `conduit_health` notification, sent when the transaction commits, so a change made
 * by hand streams to healthChanged subscribers of every api process like one the engine makes.
 */
async function notifyHealthChange(tx: EntityManager, change: HealthChange): Promise<void> {
  if (change.previous === change.current) return;
  await tx.query('SELECT pg_notify($1, $2)', [CHANNELS.health, JSON.stringify(change)]);
}

function validateHeaders(headers: { name: string; value: string }[]): StoredHeader[] {
  if (headers.length > 20) throw new ConduitError('BAD_USER_INPUT', 'At most 20 custom headers are allowed.', { field: 'headers' });
  return headers.map((h, index) => {
    const name = h.name.trim();
    if (!HEADER_NAME.test(name)) {
      throw new ConduitError('BAD_USER_INPUT', `Header ${index + 1}: "${name}" is not a valid header name.`, { field: 'headers' });
    }
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower) || lower.startsWith('webhook-')) {
      throw new ConduitError('BAD_USER_INPUT', `Header "${name}" is set by Conduit and cannot be overridden.`, { field: 'headers' });
    }
    if (/[\r\n\0]/.test(h.value) || h.value.length > 4096) {
      throw new ConduitError('BAD_USER_INPUT', `Header "${name}": the value must be at most 4096 characters, without line breaks.`, { field: 'headers' });
    }
    return { name, value: h.value };
  });
}

import type { DataSource, EntityManager } from 'typeorm';
import { ConduitError, compileFilter, compilePatterns } from '@conduit/shared';
import { CHANNELS, newDeliveryId } from '@conduit/engine';
import type { EventTypeService } from '../event-types/event-type.service';
import { EventEntity } from './event.entity';

/** Largest accepted event payload (serialised JSON). */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

export interface PublishInput {
  type: string;
  payload: unknown;
  idempotencyKey?: string | null;
}

export interface PublishResult {
  event: EventEntity;
  /** Deliveries created by this call (0 when an idempotency key matched an earlier event). */
  deliveries: number;
  duplicate: boolean;
}

interface Matcher {
  updatedAt: number;
  matches: (type: string, payload: unknown) => boolean;
}

/** Publishing: validation, idempotency, and fan-out to matching webhooks in the event's transaction. */
export class EventService {
  /** Compiled patterns and filters per webhook, rebuilt when the webhook changes. */
  private readonly matchers = new Map<string, Matcher>();

  constructor(
    private readonly db: DataSource,
    private readonly eventTypes: EventTypeService,
  ) {}

  validate(input: PublishInput): string {
    if (input.payload === null || typeof input.payload !== 'object' || Array.isArray(input.payload)) {
      throw new ConduitError('BAD_USER_INPUT', 'The payload must be a JSON object.', { field: 'payload' });
    }
    const json = JSON.stringify(input.payload);
    const size = Buffer.byteLength(json);
    if (size > MAX_PAYLOAD_BYTES) {
      throw new ConduitError('BAD_USER_INPUT', `The payload is ${Math.ceil(size / 1024)} kB; the limit is 256 kB.`, { field: 'payload' });
    }
    if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 200)) {
      throw new ConduitError('BAD_USER_INPUT', 'An idempotency key needs 1 to 200 characters.', { field: 'idempotencyKey' });
    }
    return json;
  }

  /** Stores the event and its deliveries atomically; dispatchers are woken when it commits. */
  async publish(workspaceId: string, input: PublishInput, options: { onlyWebhookId?: string; isTest?: boolean } = {}): Promise<PublishResult> {
    const payloadJson = this.validate(input);
    return this.db.transaction(async (tx) => {
      await this.eventTypes.assertPublishable(tx, workspaceId, input.type);
      if (input.idempotencyKey) {
        const earlier = await this.findByIdempotencyKey(tx, workspaceId, input.idempotencyKey);
        if (earlier) return { event: earlier, deliveries: 0, duplicate: true };
      }
      const [event] = (await tx.query(
        `INSERT INTO events (workspace_id, type, payload, idempotency_key, is_test) VALUES ($1, $2, $3::jsonb, $4, $5)
         RETURNING id, workspace_id AS "workspaceId", type, payload, idempotency_key AS "idempotencyKey", is_test AS "isTest", occurred_at AS "occurredAt"`,
        [workspaceId, input.type, payloadJson, input.idempotencyKey ?? null, options.isTest ?? false],
      )) as EventEntity[];
      const webhookIds = options.onlyWebhookId ? [options.onlyWebhookId] : await this.matchingWebhooks(tx, workspaceId, input.type, input.payload);
      await this.createDeliveries(tx, event, webhookIds);
      return { event, deliveries: webhookIds.length, duplicate: false };
    });
  }

  /** Inserts one PENDING delivery per webhook and wakes the dispatchers on commit. */
  async createDeliveries(tx: EntityManager, event: Pick<EventEntity, 'id' | 'workspaceId'>, webhookIds: string[]): Promise<string[]> {
    if (webhookIds.length === 0) return [];
    const now = Date.now();
    const ids = webhookIds.map(() => newDeliveryId(now));
    await tx.query(
      `INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, next_attempt_at, created_at)
       SELECT d.id, $2, $3, d.webhook_id, 'PENDING', now(), now() FROM unnest($1::text[], $4::uuid[]) AS d(id, webhook_id)`,
      [ids, event.workspaceId, event.id, webhookIds],
    );
    await tx.query('SELECT pg_notify($1, $2)', [CHANNELS.deliveries, '']);
    return ids;
  }

  private async findByIdempotencyKey(tx: EntityManager, workspaceId: string, key: string): Promise<EventEntity | null> {
    // Serialises concurrent publishes with the same key so exactly one creates deliveries.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${workspaceId}:${key}`]);
    const repo = tx.getRepository(EventEntity);
    const earlier = await repo.findOneBy({ workspaceId, idempotencyKey: key });
    if (!earlier) return null;
    if (Date.now() - earlier.occurredAt.getTime() < IDEMPOTENCY_WINDOW_MS) return earlier;
    // Older than 24 h: the key is free again.
    await repo.update({ id: earlier.id }, { idempotencyKey: null });
    return null;
  }

  /** Enabled webhooks of the workspace whose patterns and filter match the event. */
  matchingWebhookIds(workspaceId: string, type: string, payload: unknown): Promise<string[]> {
    return this.matchingWebhooks(this.db.manager, workspaceId, type, payload);
  }

  private async matchingWebhooks(tx: EntityManager, workspaceId: string, type: string, payload: unknown): Promise<string[]> {
    const webhooks: { id: string; events: string[]; filter: unknown; updated_at: Date }[] = await tx.query(
      'SELECT id, events, filter, updated_at FROM webhooks WHERE workspace_id = $1 AND enabled',
      [workspaceId],
    );
    const ids: string[] = [];
    for (const webhook of webhooks) {
      let matcher = this.matchers.get(webhook.id);
      if (!matcher || matcher.updatedAt !== webhook.updated_at.getTime()) {
        const byType = compilePatterns(webhook.events);
        const byPayload = webhook.filter ? compileFilter(webhook.filter) : null;
        matcher = { updatedAt: webhook.updated_at.getTime(), matches: (t, p) => byType(t) && (!byPayload || byPayload(p)) };
        this.matchers.set(webhook.id, matcher);
      }
      if (matcher.matches(type, payload)) ids.push(webhook.id);
    }
    return ids;
  }

  async get(workspaceId: string, id: string): Promise<EventEntity | null> {
    if (!isUuid(id)) return null;
    return this.db.getRepository(EventEntity).findOneBy({ id, workspaceId });
  }

  async list(workspaceId: string, options: { type?: string | null; first?: number | null; after?: string | null }): Promise<EventEntity[]> {
    const first = Math.min(Math.max(options.first ?? 50, 1), 500);
    const qb = this.db.getRepository(EventEntity).createQueryBuilder('e').where('e.workspace_id = :workspaceId', { workspaceId });
    if (options.type) qb.andWhere('e.type = :type', { type: options.type });
    if (options.after) {
      const cursor = await this.get(workspaceId, options.after);
      if (!cursor) throw new ConduitError('BAD_USER_INPUT', '`after` must be the id of an event from the previous page.', { field: 'after' });
      // Compare with the stored timestamp, not the JS Date (milliseconds): events within the same
      // millisecond as the cursor would otherwise be skipped.
      qb.andWhere('(e.occurred_at, e.id) < (SELECT c.occurred_at, c.id FROM events c WHERE c.id = :cursorId)', { cursorId: cursor.id });
    }
    return qb.orderBy('e.occurred_at', 'DESC').addOrderBy('e.id', 'DESC').take(first).getMany();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot exist and answers NOT_FOUND rather than a database error. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

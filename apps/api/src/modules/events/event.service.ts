import { randomUUID } from 'node:crypto';
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

/** The stored event as fan-outs see it. */
export interface PublishedEvent {
  id: string;
  workspaceId: string;
  type: string;
  occurredAt: Date;
  payload: unknown;
}

/**
 * A consumer of published events besides webhooks (automations, flows). `plan` runs before the
 * insert, from caches, and returns null when the event concerns it not; otherwise `apply` writes
 * what was planned inside the event's transaction, so the event and everything it causes are
 * stored together or not at all.
 */
export interface PublishFanout<Plan = unknown> {
  plan(workspaceId: string, type: string, payload: unknown): Promise<Plan | null>;
  /** Returns how many deliveries it created. */
  apply(tx: EntityManager, event: PublishedEvent, plan: Plan): Promise<number>;
  /** Forgets what it cached about a workspace's configuration (called with the webhooks' invalidation). */
  invalidate?(workspaceId: string): void;
}

interface WorkspaceWebhooks {
  loadedAt: number;
  webhooks: { id: string; matches: (type: string, payload: unknown) => boolean }[];
}

/** How long a process trusts its cached webhook matchers without a change notification. */
const WEBHOOK_CACHE_TTL_MS = 5_000;
/** Publishes within this window share one NOTIFY to the dispatchers. */
const WAKE_COALESCE_MS = 2;
/** Plain publishes written together in one statement: at most this many statements at once… */
const MAX_PUBLISH_STATEMENTS = 2;
/** …of at most this many events each. */
const MAX_PUBLISH_BATCH = 200;

/** An event to store, with the webhooks it matched. */
interface EventToInsert {
  workspaceId: string;
  input: PublishInput;
  payloadJson: string;
  isTest: boolean;
  webhookIds: string[];
}

/** A plain publish (no idempotency key, no fan-out plans) waiting for its statement. */
interface QueuedPublish extends EventToInsert {
  resolve: (result: PublishResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Publishing: validation, idempotency, and fan-out to matching webhooks, atomically. The hot path
 * is one statement: the catalogue and the workspace's compiled webhook matchers are cached in
 * memory (invalidated by `conduit_config` notifications when webhooks change), and the insert
 * re-checks that each matched webhook is still enabled.
 */
export class EventService {
  private readonly webhookCache = new Map<string, WorkspaceWebhooks>();
  private readonly fanouts: PublishFanout[] = [];
  private wakePending = false;
  private lastWakeAt = 0;
  private readonly queued: QueuedPublish[] = [];
  private statements = 0;

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

  /** Adds a consumer of published events (at start-up). */
  addFanout<Plan>(fanout: PublishFanout<Plan>): void {
    this.fanouts.push(fanout as PublishFanout);
  }

  /** Forgets the cached webhooks (and fan-outs' caches) of a workspace (this process only). */
  invalidate(workspaceId: string): void {
    this.webhookCache.delete(workspaceId);
    for (const fanout of this.fanouts) fanout.invalidate?.(workspaceId);
  }

  /** Tells every process that the workspace's webhooks or automations changed. Call after the change commits. */
  async announceConfigChange(workspaceId: string): Promise<void> {
    this.invalidate(workspaceId);
    await this.db.query('SELECT pg_notify($1, $2)', [CHANNELS.config, JSON.stringify({ workspaceId })]);
  }

  /** Stores the event and its deliveries atomically, then wakes the dispatchers. */
  async publish(workspaceId: string, input: PublishInput, options: { onlyWebhookId?: string; isTest?: boolean } = {}): Promise<PublishResult> {
    const payloadJson = this.validate(input);
    await this.eventTypes.assertPublishable(workspaceId, input.type);
    const webhookIds = options.onlyWebhookId ? [options.onlyWebhookId] : await this.matchingWebhookIds(workspaceId, input.type, input.payload);
    // Test events go to their one webhook only.
    const plans = options.isTest ? [] : await this.planFanouts(workspaceId, input.type, input.payload);
    const toInsert: EventToInsert = { workspaceId, input, payloadJson, isTest: options.isTest ?? false, webhookIds };
    const insert = async (runner: Pick<EntityManager, 'query'>) => (await this.insertEvents(runner, [toInsert]))[0];
    if (input.idempotencyKey || plans.length > 0) {
      const key = input.idempotencyKey;
      let fannedOut = 0;
      const result = await this.db.transaction(async (tx) => {
        const earlier = key ? await this.findByIdempotencyKey(tx, workspaceId, key) : null;
        if (earlier) return { event: earlier, deliveries: 0, duplicate: true };
        const inserted = await insert(tx);
        const event: PublishedEvent = { ...inserted.event, payload: input.payload };
        for (const { fanout, plan } of plans) fannedOut += await fanout.apply(tx, event, plan);
        inserted.deliveries += fannedOut;
        return inserted;
      });
      // Webhook deliveries woke the dispatchers with the commit; automations' rows were added after.
      if (fannedOut > 0) this.wakeDispatchers();
      return result;
    }
    if (options.isTest) return insert(this.db);
    // The common case: one statement, shared with the publishes that arrive meanwhile.
    return new Promise<PublishResult>((resolve, reject) => {
      this.queued.push({ ...toInsert, resolve, reject });
      this.writeQueued();
    });
  }

  /**
   * Group commit for plain publishes: while a statement is running, publishes that arrive wait
   * and go together in the next one (one statement, one commit, one round trip for up to
   * MAX_PUBLISH_BATCH events, and the NOTIFY that wakes the dispatchers sent by that same
   * statement's commit). A publish that finds a statement slot free starts at once, so a lone
   * publish waits for nothing. Each caller is answered after its statement commits.
   */
  private writeQueued(): void {
    while (this.statements < MAX_PUBLISH_STATEMENTS && this.queued.length > 0) {
      const batch = this.queued.splice(0, MAX_PUBLISH_BATCH);
      this.statements++;
      void this.insertEvents(this.db, batch)
        .then(
          (results) => {
            // The statement itself notified the dispatchers on commit.
            batch.forEach((item, i) => item.resolve(results[i]));
          },
          async (error: unknown) => {
            // PostgreSQL refused the statement (it has an SQLSTATE, so nothing was written): one
            // event must not fail the others, so each goes again on its own. Anything else (a lost
            // connection) may have committed: the callers get the error, as a single publish would.
            if (typeof (error as { code?: unknown }).code !== 'string' || !/^[0-9A-Z]{5}$/.test((error as { code: string }).code)) {
              for (const item of batch) item.reject(error);
              return;
            }
            for (const item of batch) {
              await this.insertEvents(this.db, [item]).then(([result]) => item.resolve(result), item.reject);
            }
          },
        )
        .finally(() => {
          this.statements--;
          this.writeQueued();
        });
    }
  }

  /**
   * One statement: the events, a PENDING delivery per matched webhook that is still enabled (and
   * its row in the open-delivery queue), and
   * a NOTIFY that wakes the dispatchers when it commits (with the statement, or with the
   * transaction of `runner`). Results in the order of `batch`.
   */
  private async insertEvents(runner: Pick<EntityManager, 'query'>, batch: EventToInsert[]): Promise<PublishResult[]> {
    const now = Date.now();
    const eventIds = batch.map(() => randomUUID());
    const deliveries = { ids: [] as string[], workspaces: [] as string[], events: [] as string[], webhooks: [] as string[] };
    batch.forEach((item, i) => {
      for (const webhookId of item.webhookIds) {
        deliveries.ids.push(newDeliveryId(now));
        deliveries.workspaces.push(item.workspaceId);
        deliveries.events.push(eventIds[i]);
        deliveries.webhooks.push(webhookId);
      }
    });
    const rows: { id: string; occurredAt: Date; deliveries: number }[] = await runner.query(
      `WITH e AS (
         INSERT INTO events (id, workspace_id, type, payload, idempotency_key, is_test)
         SELECT v.id, v.workspace_id, v.type, v.payload::jsonb, v.idempotency_key, v.is_test
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $10::text[], $11::bool[]) AS v(id, workspace_id, type, payload, idempotency_key, is_test)
         RETURNING id, occurred_at
       ), d AS (
         INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, next_attempt_at, created_at)
         SELECT v.id, v.workspace_id, v.event_id, v.webhook_id, 'PENDING', now(), now()
           FROM unnest($5::text[], $6::uuid[], $7::uuid[], $8::uuid[]) AS v(id, workspace_id, event_id, webhook_id)
           JOIN webhooks w ON w.id = v.webhook_id AND w.workspace_id = v.workspace_id AND w.enabled
          -- The foreign key's key-share locks on the webhooks are taken in this order: by id, as
          -- everyone else locks webhooks (else a write-back disabling two of them deadlocks with it).
          ORDER BY v.webhook_id
         RETURNING id, workspace_id, event_id, webhook_id
       ), q AS (
         INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, due_at) SELECT id, webhook_id, workspace_id, event_id, now() FROM d
       )
       SELECT e.id, e.occurred_at AS "occurredAt", COALESCE(n.deliveries, 0) AS deliveries,
              -- Wakes the dispatchers when this commits: no separate round trip and transaction.
              (SELECT pg_notify($9, '') WHERE EXISTS (SELECT 1 FROM d)) AS woke
         FROM e LEFT JOIN (SELECT event_id, count(*)::int AS deliveries FROM d GROUP BY event_id) n ON n.event_id = e.id`,
      [
        eventIds,
        batch.map((b) => b.workspaceId),
        batch.map((b) => b.input.type),
        batch.map((b) => b.payloadJson),
        deliveries.ids,
        deliveries.workspaces,
        deliveries.events,
        deliveries.webhooks,
        CHANNELS.deliveries,
        batch.map((b) => b.input.idempotencyKey ?? null),
        batch.map((b) => b.isTest),
      ],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return batch.map((item, i) => {
      const row = byId.get(eventIds[i]);
      if (!row) throw new Error(`event ${eventIds[i]} was not inserted`);
      const event = {
        id: row.id,
        workspaceId: item.workspaceId,
        type: item.input.type,
        idempotencyKey: item.input.idempotencyKey ?? null,
        isTest: item.isTest,
        occurredAt: row.occurredAt,
        payload: item.input.payload,
      };
      return { event: event as EventEntity, deliveries: row.deliveries, duplicate: false };
    });
  }

  private async planFanouts(workspaceId: string, type: string, payload: unknown): Promise<{ fanout: PublishFanout; plan: unknown }[]> {
    const plans: { fanout: PublishFanout; plan: unknown }[] = [];
    for (const fanout of this.fanouts) {
      const plan = await fanout.plan(workspaceId, type, payload);
      if (plan !== null) plans.push({ fanout, plan });
    }
    return plans;
  }

  /**
   * Wakes every dispatcher after a commit. Publishes close together share one NOTIFY: a NOTIFY
   * per transaction would serialise commits on PostgreSQL's notification lock. If this process
   * dies before it is sent, the scheduled sweep wakes the dispatchers within seconds.
   */
  private wakeDispatchers(): void {
    if (this.wakePending) return;
    const sinceLast = Date.now() - this.lastWakeAt;
    // The first publish after a quiet spell wakes them at once; those that follow within the
    // window share one NOTIFY at its end.
    const delay = sinceLast >= WAKE_COALESCE_MS ? 0 : WAKE_COALESCE_MS - sinceLast;
    this.wakePending = true;
    const wake = () => {
      this.wakePending = false;
      this.lastWakeAt = Date.now();
      this.db.query('SELECT pg_notify($1, $2)', [CHANNELS.deliveries, '']).catch(() => undefined);
    };
    if (delay === 0) wake();
    else setTimeout(wake, delay);
  }

  /** Inserts one PENDING delivery per webhook and wakes the dispatchers on commit. */
  async createDeliveries(tx: EntityManager, event: Pick<EventEntity, 'id' | 'workspaceId'>, webhookIds: string[]): Promise<string[]> {
    if (webhookIds.length === 0) return [];
    const now = Date.now();
    const ids = webhookIds.map(() => newDeliveryId(now));
    await tx.query(
      `WITH d AS (
         INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, next_attempt_at, created_at)
         SELECT d.id, $2, $3, d.webhook_id, 'PENDING', now(), now() FROM unnest($1::text[], $4::uuid[]) AS d(id, webhook_id)
           JOIN webhooks w ON w.id = d.webhook_id AND w.enabled -- not one disabled or being deleted meanwhile
          ORDER BY d.webhook_id -- the foreign key's locks in id order, as in insertEvents
         RETURNING id, workspace_id, event_id, webhook_id
       )
       INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, due_at) SELECT id, webhook_id, workspace_id, event_id, now() FROM d`,
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
  async matchingWebhookIds(workspaceId: string, type: string, payload: unknown): Promise<string[]> {
    let cached = this.webhookCache.get(workspaceId);
    if (!cached || Date.now() - cached.loadedAt > WEBHOOK_CACHE_TTL_MS) {
      const loadedAt = Date.now();
      const rows: { id: string; events: string[]; filter: unknown }[] = await this.db.query(
        'SELECT id, events, filter FROM webhooks WHERE workspace_id = $1 AND enabled',
        [workspaceId],
      );
      cached = {
        loadedAt,
        webhooks: rows.map((w) => {
          const byType = compilePatterns(w.events);
          const byPayload = w.filter ? compileFilter(w.filter) : null;
          return { id: w.id, matches: (t: string, p: unknown) => byType(t) && (!byPayload || byPayload(p)) };
        }),
      };
      this.webhookCache.set(workspaceId, cached);
    }
    return cached.webhooks.filter((w) => w.matches(type, payload)).map((w) => w.id);
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

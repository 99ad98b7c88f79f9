import type { DataSource } from 'typeorm';
import { ConduitError } from '@conduit/shared';
import { buildWebhookBody, CHANNELS } from '@conduit/engine';
import { isUuid, type EventService } from '../events/event.service';
import type { WebhookService } from '../webhooks/webhook.service';
import type { DeliveryAttemptType, DeliveryFilterInput, DeliveryType } from './delivery.types';

const DELIVERY_COLUMNS = `d.id, d.workspace_id AS "workspaceId", d.event_id AS "eventId", d.webhook_id AS "webhookId",
  d.automation_id AS "automationId", d.action_id AS "actionId", d.integration_id AS "integrationId", d.status, d.attempt_count AS "attemptCount", d.next_attempt_at AS "nextAttemptAt",
  d.last_error AS "lastError", d.created_at AS "createdAt", d.completed_at AS "completedAt"`;

interface AttemptRow {
  id: string;
  delivery_id: string;
  workspace_id: string;
  webhook_id: string | null;
  number: number;
  started_at: Date;
  duration_ms: number;
  outcome: DeliveryAttemptType['outcome'];
  request: { method: string; url: string; headers: [string, string][]; body?: string | null };
  response: { status: number; headers: [string, string][]; body: string | null; bodyTruncated: boolean } | null;
  error: string | null;
  will_retry: boolean;
  next_attempt_at: Date | null;
  /** Null for action calls, which have no event (their request body is stored). */
  event_type: string | null;
  occurred_at: Date | null;
  payload_json: string | null;
}

export interface AttemptQuery {
  ids?: string[];
  deliveryId?: string;
  workspaceId?: string;
}

/** The delivery log (deliveries and attempts) and the operator actions on it: retry, replay, recover. */
export class DeliveryService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventService,
    private readonly webhooks: WebhookService,
  ) {}

  async get(workspaceId: string, id: string): Promise<DeliveryType | null> {
    const rows: DeliveryType[] = await this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.id = $1 AND d.workspace_id = $2`, [id, workspaceId]);
    return rows[0] ?? null;
  }

  async require(workspaceId: string, id: string): Promise<DeliveryType> {
    const delivery = await this.get(workspaceId, id);
    if (!delivery) throw new ConduitError('NOT_FOUND', `No delivery with id ${id} in this workspace.`);
    return delivery;
  }

  async getMany(ids: string[]): Promise<DeliveryType[]> {
    return this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.id = ANY($1::text[])`, [ids]);
  }

  forEvent(workspaceId: string, eventId: string): Promise<DeliveryType[]> {
    return this.db.query(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.event_id = $1 AND d.workspace_id = $2 ORDER BY d.created_at, d.id`, [eventId, workspaceId]);
  }

  /** Newest first, keyset-paginated: `after` is the previous page's nextCursor. */
  async list(workspaceId: string, filter: DeliveryFilterInput | null | undefined, first: number | null | undefined, after: string | null | undefined) {
    const limit = Math.min(Math.max(first ?? 50, 1), 500);
    const where = ['d.workspace_id = $1'];
    const params: unknown[] = [workspaceId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter?.webhookId) add('d.webhook_id = ?', uuidOrNone(filter.webhookId));
    if (filter?.automationId) add('d.automation_id = ?', uuidOrNone(filter.automationId));
    if (filter?.eventId) add('d.event_id = ?', uuidOrNone(filter.eventId));
    if (filter?.actionId) add('d.action_id = ?', uuidOrNone(filter.actionId));
    if (filter?.integrationId) add('d.integration_id = ?', uuidOrNone(filter.integrationId));
    if (filter?.status?.length) add('d.status = ANY(?::text[])', filter.status);
    if (filter?.since) add('d.created_at >= ?', filter.since);
    if (filter?.until) add('d.created_at < ?', filter.until);
    if (after) {
      // Compare with the stored row: created_at has microseconds, more than a JS Date holds.
      params.push(decodeCursor(after));
      where.push(`(d.created_at, d.id) < (SELECT c.created_at, c.id FROM deliveries c WHERE c.id = $${params.length})`);
    }
    params.push(limit + 1);
    const rows: DeliveryType[] = await this.db.query(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  /** Attempts; a webhook attempt's request body is rebuilt from its event (it is not stored twice). */
  async attempts(query: AttemptQuery): Promise<DeliveryAttemptType[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.ids) {
      params.push(query.ids);
      where.push(`a.id = ANY($${params.length}::bigint[])`);
    }
    if (query.deliveryId) {
      params.push(query.deliveryId);
      where.push(`a.delivery_id = $${params.length}`);
    }
    if (query.workspaceId) {
      params.push(query.workspaceId);
      where.push(`a.workspace_id = $${params.length}`);
    }
    const rows: AttemptRow[] = await this.db.query(
      `SELECT a.*, e.type AS event_type, e.occurred_at, e.payload::text AS payload_json
         FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id LEFT JOIN events e ON e.id = d.event_id
        WHERE ${where.join(' AND ') || 'true'} ORDER BY a.delivery_id, a.number`,
      params,
    );
    return rows.map(toAttempt);
  }

  /** One more attempt now for a FAILED or CANCELLED delivery (attempt numbers continue). */
  async retry(workspaceId: string, id: string): Promise<DeliveryType> {
    const delivery = await this.require(workspaceId, id);
    if (!delivery.eventId) {
      throw new ConduitError('CONFLICT', 'This delivery logs an action call or a credential test; it is not retried from the log. Call the action (or test the credential) again.');
    }
    if (delivery.status === 'SUCCEEDED') {
      throw new ConduitError('CONFLICT', 'This delivery already succeeded; use replayEvent to send the event again as a new delivery.');
    }
    if (delivery.status === 'PENDING' || delivery.status === 'RETRYING') {
      throw new ConduitError('CONFLICT', `This delivery is already ${delivery.status} and will be attempted${delivery.nextAttemptAt ? ` at ${delivery.nextAttemptAt.toISOString()}` : ''}.`);
    }
    if (delivery.automationId) await this.assertAutomationOpen(workspaceId, delivery.automationId);
    else await this.assertTargetOpen(workspaceId, delivery.webhookId);
    const reopened = await this.reopen([id]);
    const after = await this.require(workspaceId, id);
    // Not re-opened: its webhook or automation was disabled or deleted after the checks above.
    if (reopened === 0 && (after.status === 'FAILED' || after.status === 'CANCELLED')) {
      if (after.automationId) await this.assertAutomationOpen(workspaceId, after.automationId);
      else if (after.webhookId) await this.assertTargetOpen(workspaceId, after.webhookId);
      else throw new ConduitError('CONFLICT', `The ${delivery.automationId ? 'automation' : 'webhook'} of this delivery was deleted meanwhile; nothing can be sent.`);
    }
    return after;
  }

  /** New deliveries of an event, to every matching webhook or to one webhook. */
  async replay(workspaceId: string, eventId: string, webhookId: string | null | undefined): Promise<DeliveryType[]> {
    const event = await this.events.get(workspaceId, eventId);
    if (!event) throw new ConduitError('NOT_FOUND', `No event with id ${eventId} in this workspace.`);
    let targets: string[];
    if (webhookId) {
      const webhook = await this.webhooks.get(workspaceId, webhookId);
      if (!webhook.enabled) throw new ConduitError('CONFLICT', 'This webhook is disabled; enable it before replaying events to it.');
      targets = [webhook.id];
    } else {
      targets = await this.events.matchingWebhookIds(workspaceId, event.type, event.payload);
    }
    const ids = await this.db.transaction((tx) => this.events.createDeliveries(tx, event, targets));
    return ids.length ? this.getMany(ids) : [];
  }

  /** Re-opens the FAILED deliveries of a webhook created in [since, until); returns how many. */
  async recover(workspaceId: string, webhookId: string, since: Date, until: Date | null | undefined): Promise<number> {
    const webhook = await this.webhooks.get(workspaceId, webhookId);
    if (!webhook.enabled) throw new ConduitError('CONFLICT', 'This webhook is disabled; enable it before recovering its deliveries.');
    if (until && until <= since) throw new ConduitError('BAD_USER_INPUT', '`until` must be later than `since`.', { field: 'until' });
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM deliveries WHERE webhook_id = $1 AND status = 'FAILED' AND created_at >= $2 AND ($3::timestamptz IS NULL OR created_at < $3)`,
      [webhook.id, since, until ?? null],
    );
    return this.reopen(rows.map((r) => r.id));
  }

  private async assertAutomationOpen(workspaceId: string, automationId: string): Promise<void> {
    const rows: { enabled: boolean }[] = await this.db.query('SELECT enabled FROM automations WHERE id = $1 AND workspace_id = $2', [automationId, workspaceId]);
    if (rows.length === 0) throw new ConduitError('CONFLICT', 'The automation of this delivery was deleted; nothing can be sent.');
    if (!rows[0].enabled) throw new ConduitError('CONFLICT', 'This automation is disabled; enable it before retrying its deliveries.');
  }

  private async assertTargetOpen(workspaceId: string, webhookId: string | null): Promise<void> {
    if (!webhookId) throw new ConduitError('CONFLICT', 'The webhook of this delivery was deleted; nothing can be sent.');
    const webhook = await this.webhooks.get(workspaceId, webhookId);
    if (!webhook.enabled) throw new ConduitError('CONFLICT', 'This webhook is disabled; enable it before retrying its deliveries.');
  }

  /** Re-opens and queues the ended deliveries among `ids` whose target is still enabled; returns how many. */
  private async reopen(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      // The targets first, in id order (webhooks, then automations, as everyone locks them), with
      // a key share: disabling or deleting one (FOR UPDATE) then waits for this to commit and ends
      // the rows it queued, and one disabled or deleted before is left out. Without it a webhook
      // deleted meanwhile left these deliveries open, queued for a target that no longer exists.
      const targets: { id: string }[] = await tx.query(
        `WITH t AS (SELECT DISTINCT webhook_id, automation_id FROM deliveries WHERE id = ANY($1::text[])),
              w AS (SELECT w.id FROM webhooks w WHERE w.id IN (SELECT webhook_id FROM t) AND w.enabled ORDER BY w.id FOR KEY SHARE),
              a AS (SELECT a.id FROM automations a WHERE a.id IN (SELECT automation_id FROM t) AND a.enabled ORDER BY a.id FOR KEY SHARE)
         SELECT id FROM w UNION ALL SELECT id FROM a`,
        [ids],
      );
      if (targets.length === 0) return 0;
      const reopened: unknown[] = await tx.query(
        `WITH d AS (
           UPDATE deliveries SET status = CASE WHEN attempt_count = 0 THEN 'PENDING' ELSE 'RETRYING' END,
                  next_attempt_at = now(), completed_at = NULL
            WHERE id = ANY($1::text[]) AND COALESCE(webhook_id, automation_id) = ANY($2::uuid[]) AND event_id IS NOT NULL
              -- Only ended deliveries: two retries at once re-open it once, and an open one is never re-queued.
              AND status IN ('FAILED', 'CANCELLED')
           RETURNING id, webhook_id, automation_id, workspace_id, event_id, attempt_count
         )
         INSERT INTO delivery_queue (delivery_id, target_id, is_automation, workspace_id, event_id, attempt_count, due_at)
         SELECT id, COALESCE(webhook_id, automation_id), webhook_id IS NULL, workspace_id, event_id, attempt_count, now() FROM d
         ON CONFLICT (delivery_id) DO NOTHING
         RETURNING 1`,
        [ids, targets.map((t) => t.id)],
      );
      await tx.query('SELECT pg_notify($1, $2)', [CHANNELS.deliveries, '']);
      return reopened.length;
    });
  }
}

function toAttempt(row: AttemptRow): DeliveryAttemptType {
  let body: string | null = null;
  if (row.request.body !== undefined) body = row.request.body;
  else if (row.event_type !== null && row.occurred_at !== null && row.payload_json !== null) {
    body = buildWebhookBody({ eventType: row.event_type, occurredAt: row.occurred_at, payloadJson: row.payload_json, webhookId: row.webhook_id ?? '', url: row.request.url });
  }
  return {
    id: String(row.id),
    deliveryId: row.delivery_id,
    workspaceId: row.workspace_id,
    webhookId: row.webhook_id,
    number: row.number,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    outcome: row.outcome,
    request: { method: row.request.method, url: row.request.url, headers: row.request.headers.map(([name, value]) => ({ name, value })), body },
    response: row.response
      ? { status: row.response.status, headers: row.response.headers.map(([name, value]) => ({ name, value })), body: row.response.body, bodyTruncated: row.response.bodyTruncated }
      : null,
    error: row.error,
    willRetry: row.will_retry,
    nextAttemptAt: row.next_attempt_at,
  };
}

function uuidOrNone(id: string): string {
  return isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';
}

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

/** The cursor names the last delivery of the previous page. */
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^msg_[0-9A-Z]{26}$/.test(id)) {
    throw new ConduitError('BAD_USER_INPUT', '`after` must be the nextCursor of a previous page.', { field: 'after' });
  }
  return id;
}


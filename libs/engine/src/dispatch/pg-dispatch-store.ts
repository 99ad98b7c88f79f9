import type { Pool, PoolClient } from 'pg';
import type { Health } from '@conduit/shared';
import { applyOutcomes, type HealthPolicy, type OutcomeSample, type TargetHealthState } from '../health/health';
import type {
  AttemptRecord,
  DeliveryKind,
  ClaimOptions,
  ClaimedDelivery,
  CompletionEffects,
  DisabledTarget,
  DispatchStore,
  HealthChange,
} from './types';

/** NOTIFY channels shared by the engine and the API. Payloads stay far below PostgreSQL's 8 kB. */
export const CHANNELS = {
  /** New or re-opened deliveries: wake dispatchers. */
  deliveries: 'conduit_deliveries',
  /** Committed attempts: `{"ids": ["1","2"]}`. */
  attempts: 'conduit_attempts',
  /** Health changes: `{"webhookId","workspaceId","previous","current"}`. */
  health: 'conduit_health',
  /** Configuration that publishing caches changed: `{"workspaceId"}`. */
  config: 'conduit_config',
} as const;

const NOTIFY_CHUNK = 400;
/** Bounds of the round over targets (ids are UUIDs; no target has either). */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

function targetOf(row: { webhook_id: string | null; automation_id: string | null }): string {
  return (row.webhook_id ?? row.automation_id) as string;
}

/**
 * Server settings of the connections a PgDispatchStore runs on (a pg `options` string, added to
 * any the connection string has): plans made by index alone. Its claim and next-due-time
 * statements are prepared, so each connection keeps a generic plan until the next VACUUM or
 * ANALYZE of the queue (the scheduler runs one every 10 s), and the queue swings between empty and
 * hundreds of thousands of rows within seconds. A plan made while it was empty (an idle
 * dispatcher's claim right after a VACUUM cut the table to 0 pages) costs a sequential scan at
 * nothing, and then read the whole queue once per target: a fan-out to 10,000 webhooks took 5–9 s
 * instead of 1–2 s, until the next VACUUM replaced the plan. Every statement of the store reads by
 * key or by (target, due time), which an index serves at any size.
 */
export const DISPATCH_CONNECTION_OPTIONS = '-c enable_seqscan=off';

/**
 * `targets(target)`, for a `WITH RECURSIVE`: every target with rows in delivery_queue, in id order,
 * by a loose index scan (one probe per target in delivery_queue_target_due_idx, whatever the
 * backlog), ending with a NULL row. With `range` (SQL expressions), only targets above `after`,
 * and the walk stops at the first target at or past `upTo` (its row is produced, so callers still
 * bound it themselves).
 */
function queueTargetsCte(range?: { after: string; upTo: string }): string {
  return `targets AS (
  (SELECT target_id AS target FROM delivery_queue${range ? ` WHERE target_id > ${range.after}` : ''} ORDER BY 1 LIMIT 1)
  UNION ALL
  SELECT (SELECT q.target_id FROM delivery_queue q WHERE q.target_id > t.target ORDER BY 1 LIMIT 1)
    FROM targets t WHERE t.target IS NOT NULL${range ? ` AND t.target < ${range.upTo}` : ''}
)`;
}

/** Every target with queued rows: {@link queueTargetsCte} over the whole queue. */
export const QUEUE_TARGETS_CTE = queueTargetsCte();

/**
 * The claim (one pass of the round over targets in ($5, $6]): $1 limit, $2 lease in ms, $3
 * excluded webhook ids, $4 worker id, $7/$8 room per target, $9 default per-target limit.
 * Exported for the plan tests (apps/api/test/delivery-queue.int-spec.ts).
 */
export const CLAIM_SQL = `
    WITH RECURSIVE ${queueTargetsCte({ after: '$5::uuid', upTo: '$6::uuid' })}, due AS (
      SELECT p.delivery_id FROM targets t
       CROSS JOIN LATERAL (
         SELECT q.delivery_id FROM delivery_queue q
          WHERE q.target_id = t.target AND q.due_at <= now()
            AND (q.lease_until IS NULL OR q.lease_until < now())
          ORDER BY q.target_id, q.due_at
          LIMIT COALESCE((SELECT r.room FROM unnest($7::uuid[], $8::int[]) AS r(target, room) WHERE r.target = t.target), $9::int)
          FOR UPDATE OF q SKIP LOCKED
       ) p
      WHERE t.target IS NOT NULL AND t.target <= $6::uuid AND NOT (t.target = ANY($3::uuid[]))
        AND (EXISTS (SELECT 1 FROM webhooks w WHERE w.id = t.target AND w.enabled)
             OR EXISTS (SELECT 1 FROM automations a WHERE a.id = t.target AND a.enabled))
      LIMIT $1
    ), claimed AS (
      -- The lease is the only change: a HOT update of the queue row (no indexed column).
      -- The rows by key, from the ids the due CTE locked: a join with it was planned from the
      -- queue's statistics, and a plan cached while the queue was empty walked the whole queue
      -- once per claimed row (10,000 rows x 256 claimed: 1.1 s; docs/BENCHMARKS.md, session 6).
      UPDATE delivery_queue q SET lease_until = now() + make_interval(secs => $2::float8 / 1000), leased_by = $4
       WHERE q.delivery_id = ANY (ARRAY(SELECT delivery_id FROM due))
      RETURNING q.delivery_id AS id, q.workspace_id, q.event_id,
                CASE WHEN NOT q.is_automation THEN q.target_id END AS webhook_id,
                CASE WHEN q.is_automation THEN q.target_id END AS automation_id, q.attempt_count
    )
    SELECT c.*, e.type AS event_type, e.occurred_at,
           -- An event fanned out to n targets is serialised once, not n times.
           CASE WHEN row_number() OVER (PARTITION BY c.event_id) = 1 THEN e.payload::text END AS payload_json,
           COALESCE(w.url, ac.request->>'url') AS url, w.headers, w.secret_ciphertext,
           CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret_ciphertext END AS previous_secret_ciphertext,
           COALESCE(w.timeout_ms, ac.timeout_ms) AS timeout_ms, COALESCE(w.retry_schedule, ac.retry_schedule) AS retry_schedule,
           w.max_in_flight, COALESCE(w.health, a.health) AS health, w.rate_limit_per_second
      FROM claimed c JOIN events e ON e.id = c.event_id
      LEFT JOIN webhooks w ON w.id = c.webhook_id
      LEFT JOIN automations a ON a.id = c.automation_id
      LEFT JOIN actions ac ON ac.id = a.action_id`;

/** In-flight limit of an automation: its action's API sees at most this many calls at once per worker. */
const AUTOMATION_MAX_IN_FLIGHT = 20;

interface ClaimRow {
  id: string;
  workspace_id: string;
  event_id: string;
  webhook_id: string | null;
  automation_id: string | null;
  attempt_count: number;
  event_type: string;
  occurred_at: Date;
  /** Set on one row per event (the others share it). */
  payload_json: string | null;
  url: string;
  headers: { name: string; value: string }[] | null;
  secret_ciphertext: string | null;
  previous_secret_ciphertext: string | null;
  timeout_ms: number;
  retry_schedule: number[] | null;
  max_in_flight: number | null;
  health: Health;
  rate_limit_per_second: number | null;
}

interface HealthRow {
  id: string;
  workspace_id: string;
  label: string;
  enabled: boolean;
  health: Health;
  consecutive_failures: number;
  failing_since: Date | null;
  recent_outcomes: string;
}

/**
 * The delivery queue in PostgreSQL: claims with FOR UPDATE SKIP LOCKED and a lease, batched
 * write-back. Give it a pool of its own opened with DISPATCH_CONNECTION_OPTIONS.
 */
export class PgDispatchStore implements DispatchStore {
  constructor(
    private readonly pool: Pool,
    private readonly healthPolicy: HealthPolicy,
  ) {}

  /** Where the last claim stopped in the round over targets; the next one starts after it. */
  private cursor: string | null = null;

  /**
   * Claims due deliveries target by target: the open rows of each webhook or automation are a
   * queue of their own in deliveries_target_due_idx (target, due time), and one claim goes round
   * the targets that have open rows, from where the previous claim stopped, taking each one's
   * earliest due rows up to the room this process has for it. A target at its limit here costs one
   * index probe, never a read of its backlog, so a dead endpoint with a million deliveries waiting
   * slows no one; the round keeps targets fair; the cost follows the batch, not the queue.
   */
  async claim(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    const first = await this.claimRange(options, this.cursor ?? NIL_UUID, MAX_UUID, options.limit);
    let rows = first;
    let pass = first;
    if (rows.length < options.limit && this.cursor !== null) {
      pass = await this.claimRange(options, NIL_UUID, this.cursor, options.limit - rows.length);
      rows = rows.concat(pass);
    }
    this.cursor = pass.length > 0 ? pass.reduce((max, r) => (targetOf(r) > max ? targetOf(r) : max), targetOf(pass[0])) : null;
    const payloads = new Map<string, string>();
    for (const r of rows) if (r.payload_json !== null) payloads.set(r.event_id, r.payload_json);
    return rows.map((r) => this.toClaimed(r, payloads.get(r.event_id) as string));
  }

  /** One pass of the round: targets in (after, upTo], in id order. */
  private async claimRange(options: ClaimOptions, after: string, upTo: string, limit: number): Promise<ClaimRow[]> {
    const room = Object.entries(options.targetRoom ?? {});
    // Webhook and automation deliveries share the queue; an automation delivery takes its
    // timeout and retry schedule from the automation's action. The round enumerates targets
    // with a loose index scan (one probe per target); the rows are locked per target.
    const { rows } = await this.pool.query<ClaimRow>({
      name: 'conduit_claim_v5',
      text: CLAIM_SQL,
      values: [
        limit,
        options.leaseMs,
        options.excludeWebhookIds,
        options.workerId,
        after,
        upTo,
        room.map(([target]) => target),
        room.map(([, n]) => n),
        options.perTargetLimit ?? limit,
      ],
    });
    return rows;
  }

  private toClaimed(r: ClaimRow, payloadJson: string): ClaimedDelivery {
    const kind: DeliveryKind = r.webhook_id ? 'webhook' : 'automation';
    const secrets = r.secret_ciphertext ? [r.secret_ciphertext] : [];
    if (r.previous_secret_ciphertext) secrets.push(r.previous_secret_ciphertext);
    return {
      id: r.id,
      workspaceId: r.workspace_id,
      eventId: r.event_id,
      kind,
      targetId: (r.webhook_id ?? r.automation_id) as string,
      webhookId: r.webhook_id,
      attemptCount: r.attempt_count,
      eventType: r.event_type,
      occurredAt: r.occurred_at,
      payloadJson,
      target: {
        url: r.url,
        headers: r.headers ?? [],
        secretCiphertexts: secrets,
        timeoutMs: r.timeout_ms,
        schedule: r.retry_schedule,
        maxInFlight: r.max_in_flight ?? AUTOMATION_MAX_IN_FLIGHT,
        health: r.health,
        rateLimitPerSecond: r.rate_limit_per_second,
      },
    };
  }

  async release(deliveryIds: string[], workerId: string): Promise<void> {
    if (deliveryIds.length === 0) return;
    // Rows someone else holds are skipped, never waited for: only a deletion of the target (which
    // ends them) takes leased rows, and waiting for it while holding the rest could deadlock.
    await this.pool.query(
      `UPDATE delivery_queue SET lease_until = NULL, leased_by = NULL
        WHERE delivery_id IN (SELECT delivery_id FROM delivery_queue WHERE delivery_id = ANY($1::text[]) AND leased_by = $2 FOR UPDATE SKIP LOCKED)`,
      [deliveryIds, workerId],
    );
  }

  async nextDueAt(): Promise<Date | null> {
    // The earliest unleased open delivery of an enabled target: round the targets (one probe
    // each in delivery_queue_target_due_idx) and take each one's first unleased row, past the
    // leased ones in flight, whatever the backlog. A lease that expires (its worker died) is found
    // by the dispatcher's idle poll (seconds, against a lease of minutes).
    const { rows } = await this.pool.query<{ due: Date | null }>({
      name: 'conduit_next_due_v5',
      text: `
        WITH RECURSIVE ${QUEUE_TARGETS_CTE}
        SELECT min(first.due_at) AS due FROM targets t
         CROSS JOIN LATERAL (
           SELECT q.due_at FROM delivery_queue q
            WHERE q.target_id = t.target AND (q.lease_until IS NULL OR q.lease_until < now())
            ORDER BY q.target_id, q.due_at LIMIT 1
         ) first
         WHERE t.target IS NOT NULL
           AND (EXISTS (SELECT 1 FROM webhooks w WHERE w.id = t.target AND w.enabled)
                OR EXISTS (SELECT 1 FROM automations a WHERE a.id = t.target AND a.enabled))`,
    });
    return rows[0]?.due ?? null;
  }

  /** Writes attempts, delivery states and target health in one transaction, then notifies listeners. */
  async complete(records: AttemptRecord[], workerId: string): Promise<CompletionEffects> {
    if (records.length === 0) return { attemptIds: [], healthChanges: [], disabled: [] };
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The targets' rows are locked first, before the queue and log rows: disabling or deleting a
      // target locks its row and then ends its queue rows, so taking them the other way round here
      // (queue rows in the write, the target's row for its health after) deadlocked with it.
      const kinds: { kind: DeliveryKind; records: AttemptRecord[]; rows: HealthRow[] }[] = [];
      for (const kind of ['webhook', 'automation'] as const) {
        const ofKind = records.filter((r) => r.kind === kind);
        if (ofKind.length > 0) kinds.push({ kind, records: ofKind, rows: await this.lockHealth(client, kind, ofKind) });
      }
      const attemptIds = await this.writeAttempts(client, records, workerId);
      await this.upsertContext(client, records);
      const healthChanges: HealthChange[] = [];
      const disabled: DisabledTarget[] = [];
      for (const k of kinds) {
        const effects = await this.updateHealth(client, k.kind, k.records, k.rows);
        healthChanges.push(...effects.healthChanges);
        disabled.push(...effects.disabled);
      }
      for (const change of healthChanges) {
        await client.query('SELECT pg_notify($1, $2)', [CHANNELS.health, JSON.stringify(change)]);
      }
      await client.query('COMMIT');
      return { attemptIds, healthChanges, disabled };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * One statement (fewer round trips: each one wakes a sleeping backend, which is dear on a
   * small VM): the attempts, the queue (ended deliveries leave it, retries get their new due
   * time; fenced by the lease), the deliveries' new state, and the
   * `conduit_attempts` notifications (≤ NOTIFY_CHUNK ids each), sent when the transaction commits.
   */
  private async writeAttempts(client: PoolClient, records: AttemptRecord[], workerId: string): Promise<string[]> {
    const { rows } = await client.query<{ ids: string[] }>({
      name: 'conduit_write_attempts_v2',
      text: `
        WITH v AS (
          -- One new state per delivery: its latest attempt, should a batch hold two of them.
          SELECT DISTINCT ON (id) * FROM unnest($1::text[], $13::text[], $4::int[], $12::timestamptz[], $10::text[]) AS v(id, status, number, next_attempt_at, error)
           ORDER BY id, number DESC
        ), ins AS (
          INSERT INTO delivery_attempts (delivery_id, workspace_id, webhook_id, number, started_at, duration_ms, outcome,
                                         request, response, error, will_retry, next_attempt_at)
          SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[], $6::int[], $7::text[],
                               $8::jsonb[], $9::jsonb[], $10::text[], $11::bool[], $12::timestamptz[])
          RETURNING id
        ), ended AS (
          -- Fenced by the lease: a worker whose lease expired (and was taken over) changes nothing.
          DELETE FROM delivery_queue q USING v
           WHERE q.delivery_id = v.id AND q.leased_by = $14 AND v.status <> 'RETRYING'
          RETURNING q.delivery_id
        ), retried AS (
          UPDATE delivery_queue q SET due_at = v.next_attempt_at, attempt_count = v.number, lease_until = NULL, leased_by = NULL
            FROM v WHERE q.delivery_id = v.id AND q.leased_by = $14 AND v.status = 'RETRYING'
          RETURNING q.delivery_id
        ), upd AS (
          -- No index depends on these columns: a HOT update of the log row.
          UPDATE deliveries d
             SET status = v.status, attempt_count = v.number, next_attempt_at = v.next_attempt_at, last_error = v.error,
                 completed_at = CASE WHEN v.status IN ('SUCCEEDED','FAILED') THEN now() END
            FROM v
           WHERE d.id = v.id AND d.id IN (SELECT delivery_id FROM ended UNION ALL SELECT delivery_id FROM retried)
        ), notified AS (
          SELECT pg_notify($15, json_build_object('ids', array_agg(id::text ORDER BY id))::text)
            FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / $16 AS chunk FROM ins) numbered
           GROUP BY chunk
        )
        SELECT array(SELECT id::text FROM ins ORDER BY id) AS ids, (SELECT count(*) FROM notified) AS notifications`,
      values: [
        records.map((r) => r.deliveryId),
        records.map((r) => r.workspaceId),
        records.map((r) => r.webhookId),
        records.map((r) => r.number),
        records.map((r) => r.startedAt),
        records.map((r) => r.durationMs),
        records.map((r) => r.outcome),
        records.map((r) => JSON.stringify(r.request)),
        records.map((r) => (r.response ? JSON.stringify(r.response) : null)),
        records.map((r) => r.error),
        records.map((r) => r.willRetry),
        records.map((r) => r.nextAttemptAt),
        records.map((r) => r.status),
        workerId,
        CHANNELS.attempts,
        NOTIFY_CHUNK,
      ],
    });
    return rows[0].ids;
  }

  /**
   * Locks the health rows of the records' targets (a deleted target has none). Locking in id order
   * keeps two workers writing back for the same targets from deadlocking. NO KEY UPDATE does not
   * conflict with the key-share locks that publishing takes through the deliveries.webhook_id
   * foreign key, so write-back and publishing do not block each other.
   */
  private async lockHealth(client: PoolClient, kind: DeliveryKind, records: AttemptRecord[]): Promise<HealthRow[]> {
    const ids = [...new Set(records.map((r) => r.targetId))].sort();
    const table = TARGET_TABLES[kind];
    const { rows } = await client.query<HealthRow>(
      `SELECT id, workspace_id, ${table.label} AS label, enabled, health, consecutive_failures, failing_since, recent_outcomes
         FROM ${table.name} WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [ids],
    );
    return rows;
  }

  private async updateHealth(
    client: PoolClient,
    kind: DeliveryKind,
    records: AttemptRecord[],
    rows: HealthRow[],
  ): Promise<{ healthChanges: HealthChange[]; disabled: DisabledTarget[] }> {
    const samples = new Map<string, OutcomeSample[]>();
    for (const r of records) {
      const list = samples.get(r.targetId) ?? [];
      list.push({ success: r.outcome === 'SUCCESS', at: r.startedAt, disableTarget: r.disableTarget });
      samples.set(r.targetId, list);
    }
    const table = TARGET_TABLES[kind];
    const now = new Date();
    const updates: { row: HealthRow; state: TargetHealthState; health: Health; disableReason: string | null }[] = [];
    for (const row of rows) {
      const previous: TargetHealthState = {
        enabled: row.enabled,
        consecutiveFailures: row.consecutive_failures,
        failingSince: row.failing_since,
        recentOutcomes: row.recent_outcomes,
      };
      const update = applyOutcomes(previous, samples.get(row.id) ?? [], this.healthPolicy, now);
      updates.push({ row, ...update });
    }
    await client.query({
      name: `conduit_update_health_${kind}`,
      text: `
        UPDATE ${table.name} w
           SET consecutive_failures = v.consecutive_failures, failing_since = v.failing_since,
               recent_outcomes = v.recent_outcomes, health = v.health, enabled = v.enabled,
               disabled_reason = COALESCE(v.disabled_reason, w.disabled_reason),
               disabled_at = CASE WHEN v.disabled_reason IS NOT NULL THEN now() ELSE w.disabled_at END,
               health_changed_at = CASE WHEN w.health IS DISTINCT FROM v.health THEN now() ELSE w.health_changed_at END
          FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::bool[], $7::text[])
               AS v(id, consecutive_failures, failing_since, recent_outcomes, health, enabled, disabled_reason)
         WHERE w.id = v.id`,
      values: [
        updates.map((u) => u.row.id),
        updates.map((u) => u.state.consecutiveFailures),
        updates.map((u) => u.state.failingSince),
        updates.map((u) => u.state.recentOutcomes),
        updates.map((u) => u.health),
        updates.map((u) => u.state.enabled),
        updates.map((u) => u.disableReason),
      ],
    });
    const healthChanges: HealthChange[] = updates
      .filter((u) => u.health !== u.row.health)
      .map((u) => ({ kind, webhookId: u.row.id, workspaceId: u.row.workspace_id, previous: u.row.health, current: u.health }));
    const disabled: DisabledTarget[] = updates
      .filter((u) => u.disableReason !== null)
      .map((u) => ({
        kind,
        targetId: u.row.id,
        workspaceId: u.row.workspace_id,
        label: u.row.label,
        consecutiveFailures: u.state.consecutiveFailures,
        reason: u.disableReason as string,
        disabledAt: now,
      }));
    // Disabled now, or by hand while these attempts were in flight (their retries were just queued):
    // the target's open deliveries become dead letters, as at any disabling.
    const closed = [...disabled.map((d) => d.targetId), ...updates.filter((u) => !u.row.enabled).map((u) => u.row.id)];
    if (closed.length > 0) await failOpenDeliveries(client, closed, table.disabledReason, kind);
    return { healthChanges, disabled };
  }

  /** Automation outputs kept under `storeAs` for a subject: the latest attempt wins. */
  private async upsertContext(client: PoolClient, records: AttemptRecord[]): Promise<void> {
    const writes = records.filter((r) => r.context);
    if (writes.length === 0) return;
    await client.query({
      name: 'conduit_upsert_context',
      text: `
        INSERT INTO context_records (workspace_id, subject, name, data, updated_at)
        SELECT DISTINCT ON (v.workspace_id, v.subject, v.name) v.workspace_id, v.subject, v.name, v.data, now()
          FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS v(workspace_id, subject, name, data, n)
         ORDER BY v.workspace_id, v.subject, v.name, v.n DESC
        ON CONFLICT (workspace_id, subject, name) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
      values: [
        writes.map((r) => r.workspaceId),
        writes.map((r) => r.context?.subject),
        writes.map((r) => r.context?.name),
        writes.map((r) => JSON.stringify(r.context?.data ?? null)),
      ],
    });
  }
}

/**
 * Where each kind of target keeps its health (its table, and its column in `deliveries`), and the
 * text its open deliveries get when it is disabled or deleted.
 */
export const TARGET_TABLES = {
  webhook: { name: 'webhooks', column: 'webhook_id', label: 'url', disabledReason: 'Webhook disabled', deletedReason: 'Webhook deleted' },
  automation: { name: 'automations', column: 'automation_id', label: 'name', disabledReason: 'Automation disabled', deletedReason: 'Automation deleted' },
} as const satisfies Record<DeliveryKind, { name: string; column: string; label: string; disabledReason: string; deletedReason: string }>;

/**
 * Locks the targets' rows FOR UPDATE (in id order) before their open deliveries are ended: a
 * publish that is inserting deliveries for them holds a key-share lock through the foreign key
 * until it commits, so this waits for it, and the next statement sees (and ends) its queue rows
 * too. Later publishes wait for this transaction and then see the target disabled or deleted.
 */
async function lockTargets(client: { query(sql: string, params: unknown[]): Promise<unknown> }, table: string, ids: string[]): Promise<void> {
  await client.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
}

/**
 * Ends the open deliveries of disabled webhooks (or automations) as FAILED so they show in the
 * dead-letter list; `recoverDeliveries` sends them again after the webhook is re-enabled.
 * Deliveries in flight (leased) finish their attempt and are written back as usual.
 */
export async function failOpenDeliveries(
  client: { query(sql: string, params: unknown[]): Promise<unknown> },
  targetIds: string[],
  reason: string,
  kind: DeliveryKind = 'webhook',
): Promise<void> {
  const table = TARGET_TABLES[kind];
  await lockTargets(client, table.name, targetIds);
  await client.query(
    `WITH ended AS (
       DELETE FROM delivery_queue WHERE target_id = ANY($1::uuid[]) AND (lease_until IS NULL OR lease_until < now())
       RETURNING delivery_id
     )
     UPDATE deliveries SET status = 'FAILED', next_attempt_at = NULL, completed_at = now(),
            last_error = $2 || COALESCE(': ' || (SELECT disabled_reason FROM ${table.name} t WHERE t.id = deliveries.${table.column}), '')
      WHERE id IN (SELECT delivery_id FROM ended)`,
    [targetIds, reason],
  );
}

/**
 * Ends the open deliveries of a deleted webhook or automation as CANCELLED (the log is kept).
 * An attempt in flight is still logged, but no longer changes the delivery (it left the queue).
 */
export async function cancelOpenDeliveries(client: { query(sql: string, params: unknown[]): Promise<unknown> }, targetId: string, kind: DeliveryKind): Promise<void> {
  const table = TARGET_TABLES[kind];
  await lockTargets(client, table.name, [targetId]);
  await client.query(
    `WITH ended AS (DELETE FROM delivery_queue WHERE target_id = $1 RETURNING delivery_id)
     UPDATE deliveries SET status = 'CANCELLED', next_attempt_at = NULL, completed_at = now(), last_error = $2
      WHERE id IN (SELECT delivery_id FROM ended)`,
    [targetId, table.deletedReason],
  );
}

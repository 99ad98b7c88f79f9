import type { Pool } from 'pg';
import type { HealthPolicy } from '../health/health';
import { CHANNELS, TARGET_TABLES, failOpenDeliveries } from './pg-dispatch-store';
import type { DeliveryKind, DisabledTarget } from './types';

/** Wakes every dispatcher (the scheduled sweep behind LISTEN/NOTIFY, in case a notification was missed). */
export async function notifyDispatchers(pool: Pool): Promise<void> {
  await pool.query('SELECT pg_notify($1, $2)', [CHANNELS.deliveries, '']);
}

/** Disables enabled webhooks and automations that have been failing continuously for longer than the policy allows. */
export async function disableLongFailingTargets(pool: Pool, policy: HealthPolicy): Promise<DisabledTarget[]> {
  const disabled: DisabledTarget[] = [];
  for (const kind of ['webhook', 'automation'] as const) disabled.push(...(await disableLongFailing(pool, policy, kind)));
  return disabled;
}

async function disableLongFailing(pool: Pool, policy: HealthPolicy, kind: DeliveryKind): Promise<DisabledTarget[]> {
  const table = TARGET_TABLES[kind];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const hours = Math.round(policy.disableAfterFailingMs / 3_600_000);
    // The rows are locked first, in id order, as the write-back locks them: an UPDATE alone would
    // lock them in the table's order and could deadlock with a write-back for two of them.
    const due = await client.query<{ id: string }>(
      `SELECT id FROM ${table.name}
        WHERE enabled AND failing_since IS NOT NULL AND failing_since <= now() - make_interval(secs => $1::float8 / 1000)
        ORDER BY id FOR UPDATE`,
      [policy.disableAfterFailingMs],
    );
    if (due.rows.length === 0) {
      await client.query('COMMIT');
      return [];
    }
    const { rows } = await client.query<{ id: string; workspace_id: string; label: string; consecutive_failures: number; failing_since: Date; disabled_at: Date }>(
      `UPDATE ${table.name} t SET enabled = false, health = 'DISABLED', disabled_at = now(), health_changed_at = now(),
              disabled_reason = 'Failing continuously since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' (limit ' || $1 || ' hours).'
        WHERE id = ANY($2::uuid[]) -- locked above, and still failing when they were
        RETURNING id, workspace_id, ${table.label} AS label, consecutive_failures, failing_since, disabled_at`,
      [hours, due.rows.map((r) => r.id)],
    );
    const disabled: DisabledTarget[] = rows.map((r) => ({
      kind,
      targetId: r.id,
      workspaceId: r.workspace_id,
      label: r.label,
      consecutiveFailures: r.consecutive_failures,
      reason: `Failing continuously since ${r.failing_since.toISOString()} (limit ${hours} hours).`,
      disabledAt: r.disabled_at,
    }));
    if (disabled.length > 0) {
      await failOpenDeliveries(client, disabled.map((d) => d.targetId), table.disabledReason, kind);
      for (const d of rows) {
        await client.query('SELECT pg_notify($1, $2)', [
          CHANNELS.health,
          JSON.stringify({ kind, webhookId: d.id, workspaceId: d.workspace_id, previous: 'FAILING', current: 'DISABLED' }),
        ]);
      }
    }
    await client.query('COMMIT');
    return disabled;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface RetentionResult {
  attempts: number;
  deliveries: number;
  events: number;
}

/**
 * Deletes the delivery log older than `retentionDays`, in batches of `batchSize` rows so no
 * statement holds locks for long: attempts first, then finished deliveries, then events left
 * without deliveries. Stops after `budgetMs`; the next run continues where this one stopped.
 */
export async function pruneDeliveryLog(
  pool: Pool,
  retentionDays: number,
  options: { batchSize?: number; budgetMs?: number; now?: Date } = {},
): Promise<RetentionResult> {
  const batchSize = options.batchSize ?? 5_000;
  const stopAt = Date.now() + (options.budgetMs ?? Infinity);
  const cutoff = new Date((options.now ?? new Date()).getTime() - retentionDays * 86_400_000);
  const result: RetentionResult = { attempts: 0, deliveries: 0, events: 0 };
  const loop = async (sql: string): Promise<number> => {
    let total = 0;
    while (Date.now() < stopAt) {
      const { rowCount } = await pool.query(sql, [cutoff, batchSize]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < batchSize) break;
    }
    return total;
  };
  result.attempts = await loop(
    `DELETE FROM delivery_attempts WHERE id IN (SELECT id FROM delivery_attempts WHERE started_at < $1 LIMIT $2)`,
  );
  result.deliveries = await loop(
    // The status is checked again on the row deleted: a delivery re-opened (retry, recover) while
    // this statement waited for its lock is open again and keeps its row.
    // Rows another transaction holds (a retry re-opening one, a webhook's deletion nulling its
    // log) are skipped, never waited for: this takes its rows in no useful order, so waiting could
    // deadlock with them. A skipped row is taken by a later run.
    `DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE created_at < $1 AND status IN ('SUCCEEDED','FAILED','CANCELLED') LIMIT $2 FOR UPDATE SKIP LOCKED)
        AND status IN ('SUCCEEDED','FAILED','CANCELLED')`,
  );
  result.events = await loop(
    `DELETE FROM events WHERE id IN (SELECT e.id FROM events e WHERE e.occurred_at < $1
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id) LIMIT $2)`,
  );
  return result;
}

/**
 * VACUUMs the open-delivery queue. Every delivery passes through it (inserted, leased, deleted),
 * so between vacuums the dead rows of finished deliveries pile up in its heap and indexes, and the
 * claim, `nextDueAt` and the queue metrics step over them. The queue holds only open deliveries,
 * so a VACUUM of it is cheap; run from the scheduler every few seconds, it keeps the queue small
 * whether or not the server's autovacuum is on (and sooner than autovacuum would).
 */
export async function vacuumQueue(pool: Pool): Promise<void> {
  await pool.query('VACUUM (ANALYZE) delivery_queue');
}

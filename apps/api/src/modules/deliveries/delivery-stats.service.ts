import type { DataSource } from 'typeorm';
import { ATTEMPT_OUTCOMES, ConduitError, type AttemptOutcome } from '@conduit/shared';
import { isUuid } from '../events/event.service';
import type { DeliveryStatsType } from './delivery-stats.types';

export type StatsRange = 'HOUR' | 'DAY';

/** How each range is cut: `buckets` buckets of `bucketSeconds`, the last one being the bucket in progress. */
export const STATS_RANGES: Readonly<Record<StatsRange, { buckets: number; bucketSeconds: number }>> = {
  HOUR: { buckets: 60, bucketSeconds: 60 },
  DAY: { buckets: 96, bucketSeconds: 900 },
};

export interface DeliveryStatsQuery {
  range: StatsRange;
  /** Only the attempts and open deliveries of this webhook (NOT_FOUND when it is not in the workspace). */
  webhookId?: string | null;
  /** Only those of this automation (NOT_FOUND when it is not in the workspace). */
  automationId?: string | null;
}

interface BucketRow {
  start: Date;
  total: number;
  p95: number | null;
  /** Outcome → attempts, only the outcomes that occurred. */
  counts: Partial<Record<AttemptOutcome, number>>;
  attempts: number;
  successes: number;
  overall_p95: number | null;
  pending: number;
}

/*
 * One statement: the window is computed from the database clock once, so the buckets, the overall
 * figures and the open deliveries all agree. Buckets are aligned to multiples of bucketSeconds since
 * the Unix epoch (date_bin); generate_series supplies the empty ones. The window runs from the start
 * of the oldest bucket to the end of the bucket in progress. Attempts are read from
 * delivery_attempts_workspace_started_idx alone, an automation's through its deliveries (attempts
 * carry no automation_id); open deliveries from the open-delivery queue (delivery_queue).
 */
const STATS_SQL = `
  WITH win AS (
    SELECT date_bin(make_interval(secs => $2::int), now(), timestamptz 'epoch') - make_interval(secs => $2::int) * ($3::int - 1) AS first_start,
           make_interval(secs => $2::int) AS step
  ),
  a AS (
    SELECT date_bin(win.step, a.started_at, timestamptz 'epoch') AS start, a.outcome, a.duration_ms
      FROM delivery_attempts a CROSS JOIN win
     WHERE a.workspace_id = $1
       AND a.started_at >= win.first_start AND a.started_at < win.first_start + win.step * $3::int
       AND ($4::uuid IS NULL OR a.webhook_id = $4::uuid)
       AND ($5::uuid IS NULL OR a.delivery_id IN (SELECT d.id FROM deliveries d WHERE d.automation_id = $5::uuid))
  ),
  buckets AS (
    SELECT generate_series(win.first_start, win.first_start + win.step * ($3::int - 1), win.step) AS start FROM win
  ),
  per_bucket AS (
    SELECT start, count(*)::int AS total, percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95 FROM a GROUP BY start
  ),
  per_outcome AS (
    SELECT start, json_object_agg(outcome, n) AS counts
      FROM (SELECT start, outcome, count(*)::int AS n FROM a GROUP BY start, outcome) o
     GROUP BY start
  ),
  overall AS (
    SELECT count(*)::int AS attempts, (count(*) FILTER (WHERE outcome = 'SUCCESS'))::int AS successes,
           percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
      FROM a
  ),
  pending AS (
    -- The open-delivery queue, by the workspace's targets (its (target, due) index). Only enabled
    -- webhooks have open deliveries (disabling ends them), which lets webhooks_workspace_idx find them.
    SELECT count(*)::int AS deliveries
      FROM delivery_queue q
     WHERE q.target_id IN (SELECT id FROM webhooks WHERE workspace_id = $1 AND enabled AND ($4::uuid IS NULL OR id = $4::uuid) AND $5::uuid IS NULL
                           UNION ALL
                           SELECT id FROM automations WHERE workspace_id = $1 AND ($5::uuid IS NULL OR id = $5::uuid) AND $4::uuid IS NULL)
  )
  SELECT b.start, coalesce(pb.total, 0) AS total, pb.p95, coalesce(po.counts, '{}'::json) AS counts,
         overall.attempts, overall.successes, overall.p95 AS overall_p95, pending.deliveries AS pending
    FROM buckets b
    LEFT JOIN per_bucket pb ON pb.start = b.start
    LEFT JOIN per_outcome po ON po.start = b.start
   CROSS JOIN overall CROSS JOIN pending
   ORDER BY b.start`;

/**
 * Attempt volume, outcomes and latency over the last hour or day, for the console's charts: every
 * attempt of the workspace (webhook and automation deliveries, action calls and credential tests)
 * unless a webhook or automation is named.
 */
export class DeliveryStatsService {
  constructor(private readonly db: DataSource) {}

  async stats(workspaceId: string, query: DeliveryStatsQuery): Promise<DeliveryStatsType> {
    const { buckets, bucketSeconds } = STATS_RANGES[query.range];
    if (query.webhookId) await this.assertExists('webhooks', 'webhook', workspaceId, query.webhookId);
    if (query.automationId) await this.assertExists('automations', 'automation', workspaceId, query.automationId);
    const rows: BucketRow[] = await this.db.query(STATS_SQL, [workspaceId, bucketSeconds, buckets, query.webhookId || null, query.automationId || null]);
    const overall = rows[0];
    if (!overall || rows.length !== buckets) throw new Error(`deliveryStats expected ${buckets} buckets, the query returned ${rows.length}.`);
    return {
      range: query.range,
      bucketSeconds,
      buckets: rows.map((row) => ({
        start: row.start,
        total: row.total,
        counts: ATTEMPT_OUTCOMES.flatMap((outcome) => {
          const count = row.counts[outcome] ?? 0;
          return count > 0 ? [{ outcome, count }] : [];
        }),
        p95DurationMs: row.p95,
      })),
      attempts: overall.attempts,
      successRate: overall.attempts > 0 ? overall.successes / overall.attempts : null,
      p95DurationMs: overall.overall_p95,
      pendingDeliveries: overall.pending,
    };
  }

  private async assertExists(table: 'webhooks' | 'automations', what: string, workspaceId: string, id: string): Promise<void> {
    const rows: unknown[] = isUuid(id) ? await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]) : [];
    if (rows.length === 0) throw new ConduitError('NOT_FOUND', `No ${what} with id ${id} in this workspace.`);
  }
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { QUEUE_TARGETS_CTE, type AttemptRecord } from '@conduit/engine';
import type { ApiKeyCacheStats } from '../modules/auth/api-key-cache';

/** Attempt durations, in seconds: from a fast loopback answer to the longest timeout. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Prometheus metrics of one process, served at GET /metrics (all roles).
 *
 * Counters and the latency histogram count the attempts this process committed (worker roles);
 * the queue and health gauges are read from the database at scrape time, so every process reports
 * the same values for them: aggregate those with max(), not sum().
 */
export class ConduitMetrics {
  readonly registry = new Registry();
  private readonly attempts: Counter<'kind' | 'outcome'>;
  private readonly completed: Counter<'kind' | 'status'>;
  private readonly duration: Histogram<'kind' | 'outcome'>;

  constructor(db: DataSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'conduit_' });
    this.attempts = new Counter({
      name: 'conduit_delivery_attempts_total',
      help: 'Delivery attempts committed by this process, by target kind (webhook, automation) and outcome.',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.completed = new Counter({
      name: 'conduit_deliveries_completed_total',
      help: 'Deliveries this process finished, by final status (SUCCEEDED, FAILED).',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'conduit_delivery_attempt_duration_seconds',
      help: 'Time from sending an attempt to its answer (or failure), by target kind and outcome.',
      labelNames: ['kind', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });

    new Gauge({
      name: 'conduit_deliveries_open',
      help: 'Deliveries waiting for an attempt (PENDING) or a retry (RETRYING), all workspaces.',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows: { status: string; count: string }[] = await db.query(
          `SELECT CASE WHEN attempt_count > 0 THEN 'RETRYING' ELSE 'PENDING' END AS status, count(*) AS count FROM delivery_queue GROUP BY 1`,
        );
        this.reset();
        for (const status of ['PENDING', 'RETRYING']) this.set({ status }, Number(rows.find((r) => r.status === status)?.count ?? 0));
      },
    });
    new Gauge({
      name: 'conduit_deliveries_oldest_due_seconds',
      help: 'How long the longest-waiting due delivery has been due (0 when none is late): the queue lag.',
      registers,
      async collect() {
        const [row]: { lag: string | null }[] = await db.query(
          // Each target's earliest due row (one probe per target in its (target, due) index).
          `WITH RECURSIVE ${QUEUE_TARGETS_CTE}
           SELECT extract(epoch FROM now() - min(first.due_at)) AS lag FROM targets t
            CROSS JOIN LATERAL (SELECT q.due_at FROM delivery_queue q WHERE q.target_id = t.target ORDER BY q.target_id, q.due_at LIMIT 1) first
            WHERE t.target IS NOT NULL AND first.due_at <= now()`,
        );
        this.set(Math.max(0, Number(row?.lag ?? 0)));
      },
    });
    new Gauge({
      name: 'conduit_targets',
      help: 'Webhooks and automations by health (HEALTHY, DEGRADED, FAILING, DISABLED), all workspaces.',
      labelNames: ['kind', 'health'],
      registers,
      async collect() {
        const rows: { kind: string; health: string; count: string }[] = await db.query(
          `SELECT 'webhook' AS kind, health, count(*) AS count FROM webhooks GROUP BY health
           UNION ALL SELECT 'automation', health, count(*) FROM automations GROUP BY health`,
        );
        this.reset();
        for (const kind of ['webhook', 'automation']) {
          for (const health of ['HEALTHY', 'DEGRADED', 'FAILING', 'DISABLED']) {
            this.set({ kind, health }, Number(rows.find((r) => r.kind === kind && r.health === health)?.count ?? 0));
          }
        }
      },
    });
  }

  /** Reports the API-key cache of this process (api roles): entries held and lookups by result. */
  trackApiKeyCache(cache: { stats(): ApiKeyCacheStats }): void {
    const registers = [this.registry];
    new Gauge({
      name: 'conduit_api_key_cache_entries',
      help: 'API keys whose successful lookup this process holds (bounded by CONDUIT_API_KEY_CACHE_SIZE).',
      registers,
      collect() {
        this.set(cache.stats().entries);
      },
    });
    new Counter({
      name: 'conduit_api_key_cache_lookups_total',
      help: 'API-key authentications of this process, by result: hit (answered from the cache) or miss (read from the database).',
      labelNames: ['result'],
      registers,
      collect() {
        const { hits, misses } = cache.stats();
        this.reset();
        this.inc({ result: 'hit' }, hits);
        this.inc({ result: 'miss' }, misses);
      },
    });
  }

  /** Counts a batch of attempts once it is committed. */
  observeAttempts(batch: readonly AttemptRecord[]): void {
    for (const attempt of batch) {
      const kind = attempt.kind;
      this.attempts.inc({ kind, outcome: attempt.outcome });
      this.duration.observe({ kind, outcome: attempt.outcome }, attempt.durationMs / 1000);
      if (attempt.status === 'SUCCEEDED' || attempt.status === 'FAILED') this.completed.inc({ kind, status: attempt.status });
    }
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

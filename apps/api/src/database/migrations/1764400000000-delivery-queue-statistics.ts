import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The planner's estimate of one target's rows in `delivery_queue` no longer follows what the queue
 * held at its last ANALYZE. The worker's scheduler analyses the queue every 10 s (`vacuumQueue`),
 * and its make-up changes faster than that: a snapshot taken while ten busy webhooks filled it says
 * "10 distinct targets", so every target is estimated at a tenth of the queue. When one event then
 * fanned out to 10,000 webhooks (one row each), the claim read each target's rows with a scan of
 * the whole queue instead of the (target_id, due_at) index: 110 ms per claim of 256 rows instead
 * of 3 ms, and the fan-out took 3.9 s instead of 1.2–1.7 s (docs/BENCHMARKS.md, session 4).
 *
 * n_distinct = -1 ("every row a different target") makes the estimate one row per target whatever
 * the snapshot: every statement that reads the queue by target (claim, next due time, ending a
 * target's deliveries, statistics) is best served by the index in any make-up of the queue, since
 * it reads one target's rows in due order, up to a limit. (The dispatcher's own connections also
 * run with enable_seqscan off: see DISPATCH_CONNECTION_OPTIONS.)
 */
export class DeliveryQueueStatistics1764400000000 implements MigrationInterface {
  name = 'DeliveryQueueStatistics1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delivery_queue ALTER COLUMN target_id SET (n_distinct = -1);
      ANALYZE delivery_queue;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delivery_queue ALTER COLUMN target_id RESET (n_distinct);
      ANALYZE delivery_queue;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery queue, for issue 5's benchmark:
 * - deliveries_target_due_idx: each webhook's (or automation's) open deliveries in due order. The
 *   claim goes round the targets with a loose index scan and takes each one's earliest due rows,
 *   so a target that cannot take more (at its in-flight limit, hanging) costs one index probe
 *   instead of a read of its whole backlog, as it did in deliveries_due_idx's single time order.
 * - fillfactor 70 on `deliveries`: claiming a delivery only sets its lease (no indexed column),
 *   which PostgreSQL can write as a HOT update when the row's page has room — no new index
 *   entries, no index bloat. New pages keep 30 % free for that; existing pages are not rewritten.
 * - autovacuum and analyze sooner than the defaults (20 % / 10 % of the table): the due index is
 *   read in order on every claim, so dead entries from finished deliveries and stale statistics
 *   would cost every claim, and a queue table grows by millions of rows between default runs.
 */
export class DispatchQueue1764200000000 implements MigrationInterface {
  name = 'DispatchQueue1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX deliveries_target_due_idx ON deliveries ((COALESCE(webhook_id, automation_id)), next_attempt_at)
        WHERE status IN ('PENDING', 'RETRYING');
      ALTER TABLE deliveries SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02);
      ALTER TABLE delivery_attempts SET (autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX deliveries_target_due_idx;
      ALTER TABLE deliveries RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor);
      ALTER TABLE delivery_attempts RESET (autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor);
    `);
  }
}

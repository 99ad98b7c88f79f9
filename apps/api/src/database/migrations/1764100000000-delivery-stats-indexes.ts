import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for deliveryStats, which the console polls.
 * - A workspace's attempts of the last hour or day: the only time index on attempts
 *   (delivery_attempts_started_idx, for retention) spans every workspace, so a quiet workspace paid
 *   for a busy one's attempts. This one carries the columns the statistics read, so PostgreSQL
 *   answers from the index alone (attempts are never updated: the visibility map stays current).
 * - A workspace's open deliveries (pendingDeliveries): deliveries_due_idx holds every workspace's
 *   open deliveries, so during a large backlog each poll would read all of them. This partial index
 *   holds only open ones too, so it stays as small as the queue.
 */
export class DeliveryStatsIndexes1764100000000 implements MigrationInterface {
  name = 'DeliveryStatsIndexes1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX delivery_attempts_workspace_started_idx ON delivery_attempts (workspace_id, started_at)
        INCLUDE (webhook_id, outcome, duration_ms);
      CREATE INDEX deliveries_open_workspace_idx ON deliveries (workspace_id)
        INCLUDE (webhook_id, automation_id) WHERE status IN ('PENDING', 'RETRYING');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX deliveries_open_workspace_idx; DROP INDEX delivery_attempts_workspace_started_idx;');
  }
}

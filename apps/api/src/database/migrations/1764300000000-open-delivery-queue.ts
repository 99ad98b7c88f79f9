import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open deliveries move to a queue table of their own (issue 5, session 3):
 * - `delivery_queue` holds one narrow row per delivery waiting for an attempt (PENDING or
 *   RETRYING): what a claim needs (target, workspace, event, attempts so far), its due time
 *   and its lease, so a claim reads no log row. Publishing inserts it beside the delivery; the
 *   write-back deletes it when the delivery ends, or moves its due time for a retry. The claim,
 *   the dispatchers' next wake-up and the queue metrics read only this table.
 * - `deliveries` becomes the log: no index depends on its status any more, so the write-back's
 *   final update (status, attempt count, completion time) is a HOT update of the row, with no
 *   new index entries (it wrote four before, and each open row sat in three partial indexes).
 *   Per delivery that is 6 index entries instead of 11.
 * - A queue of only open rows stays small whatever the log's size, so a VACUUM of it is cheap:
 *   the worker's scheduler runs one every 10 s (`vacuumQueue`), whether or not the server's
 *   autovacuum is on, so the claim does not step over the dead rows of every delivery finished
 *   since the last autovacuum. Not an additive migration: see docs/deploy.md (rolling upgrades).
 * The row count of the queue is the backlog: it is also what the metrics and deliveryStats report.
 */
export class OpenDeliveryQueue1764300000000 implements MigrationInterface {
  name = 'OpenDeliveryQueue1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_queue (
        -- No foreign key: a check per row (a lock on the delivery) cost as much as the insert itself.
        -- Rows are written only beside their delivery, in the same statement, and leave with it.
        delivery_id text PRIMARY KEY,
        -- The webhook or automation (ids are UUIDs of either table, never both).
        target_id uuid NOT NULL,
        is_automation boolean NOT NULL DEFAULT false,
        workspace_id uuid NOT NULL,
        event_id uuid NOT NULL,
        -- Attempts made so far: 0 for PENDING, more for RETRYING.
        attempt_count int NOT NULL DEFAULT 0,
        due_at timestamptz NOT NULL,
        lease_until timestamptz,
        leased_by text
      ) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.05,
              autovacuum_analyze_scale_factor = 0.05);
      -- The only index besides the key: each target's open deliveries in due order. (A second one
      -- on due_at alone tempted the planner into reading every target's rows for one target's claim.)
      CREATE INDEX delivery_queue_target_due_idx ON delivery_queue (target_id, due_at);

      INSERT INTO delivery_queue (delivery_id, target_id, is_automation, workspace_id, event_id, attempt_count, due_at, lease_until, leased_by)
      SELECT id, COALESCE(webhook_id, automation_id), webhook_id IS NULL, workspace_id, event_id, attempt_count,
             COALESCE(next_attempt_at, now()), lease_until, leased_by
        FROM deliveries
       WHERE status IN ('PENDING', 'RETRYING') AND COALESCE(webhook_id, automation_id) IS NOT NULL AND event_id IS NOT NULL;

      DROP INDEX deliveries_due_idx;
      DROP INDEX deliveries_target_due_idx;
      DROP INDEX deliveries_open_workspace_idx;
      ALTER TABLE deliveries DROP COLUMN lease_until, DROP COLUMN leased_by;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE deliveries ADD COLUMN lease_until timestamptz, ADD COLUMN leased_by text;
      UPDATE deliveries d SET lease_until = q.lease_until, leased_by = q.leased_by, next_attempt_at = q.due_at
        FROM delivery_queue q WHERE q.delivery_id = d.id;
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status IN ('PENDING','RETRYING');
      CREATE INDEX deliveries_target_due_idx ON deliveries ((COALESCE(webhook_id, automation_id)), next_attempt_at)
        WHERE status IN ('PENDING', 'RETRYING');
      CREATE INDEX deliveries_open_workspace_idx ON deliveries (workspace_id)
        INCLUDE (webhook_id, automation_id) WHERE status IN ('PENDING', 'RETRYING');
      DROP TABLE delivery_queue;
    `);
  }
}

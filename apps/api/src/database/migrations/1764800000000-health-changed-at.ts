import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `health_changed_at` on webhooks and automations: when `health` last changed, set by the
 * write-back and the health check's auto-disable (both tables: they share that SQL) and by a user
 * enabling or disabling a webhook (automations' enable/disable leave it: only webhooks' health is
 * streamed). An api process whose LISTEN connection was lost streams to healthChanged subscribers
 * the webhooks changed meanwhile. Additive
 * (a nullable column, no rewrite); processes of the previous version leave it as it is.
 */
export class HealthChangedAt1764800000000 implements MigrationInterface {
  name = 'HealthChangedAt1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhooks ADD COLUMN health_changed_at timestamptz;
      ALTER TABLE automations ADD COLUMN health_changed_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhooks DROP COLUMN health_changed_at;
      ALTER TABLE automations DROP COLUMN health_changed_at;
    `);
  }
}

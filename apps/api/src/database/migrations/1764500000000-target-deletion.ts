import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleting a webhook or automation is done in steps (`deleteTargetKeepingLog`): `deleting_at`
 * marks one whose deletion has begun. It is hidden from the API at once and disabled; its open
 * deliveries are cancelled and its log detached in batches; then the row goes. The worker's
 * scheduler finishes a deletion that a crash interrupted. Additive (a nullable column, no rewrite).
 */
export class TargetDeletion1764500000000 implements MigrationInterface {
  name = 'TargetDeletion1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhooks ADD COLUMN deleting_at timestamptz;
      ALTER TABLE automations ADD COLUMN deleting_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhooks DROP COLUMN deleting_at;
      ALTER TABLE automations DROP COLUMN deleting_at;
    `);
  }
}

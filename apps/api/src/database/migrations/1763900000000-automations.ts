import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automations (an event pattern and filter calling an action, with health like webhooks) and the
 * context records their outputs are kept in (`storeAs` under a subject). Automation deliveries are
 * rows of `deliveries` with automation_id set, claimed by the same dispatcher as webhooks.
 */
export class Automations1763900000000 implements MigrationInterface {
  name = 'Automations1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE automations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        events text[] NOT NULL,
        filter jsonb,
        -- An action in use cannot be deleted: the service answers CONFLICT naming the automations.
        action_id uuid NOT NULL REFERENCES actions(id) ON DELETE RESTRICT,
        credential_id uuid REFERENCES credentials(id) ON DELETE SET NULL,
        -- [{"key": "email", "value": "{{ ticket.customer.email }}"}]
        inputs jsonb NOT NULL DEFAULT '[]',
        store_as text,
        subject text,
        enabled boolean NOT NULL DEFAULT true,
        health text NOT NULL DEFAULT 'HEALTHY',
        consecutive_failures int NOT NULL DEFAULT 0,
        failing_since timestamptz,
        recent_outcomes text NOT NULL DEFAULT '',
        disabled_reason text,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX automations_workspace_idx ON automations (workspace_id, created_at);
      CREATE INDEX automations_action_idx ON automations (action_id);
      CREATE TABLE context_records (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        subject text NOT NULL,
        name text NOT NULL,
        data jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, subject, name)
      );
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_automation_id_fkey
        FOREIGN KEY (automation_id) REFERENCES automations(id) ON DELETE SET NULL;
      CREATE INDEX deliveries_automation_time_idx ON deliveries (automation_id, created_at DESC) WHERE automation_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX deliveries_automation_time_idx;
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_automation_id_fkey;
      UPDATE deliveries SET automation_id = NULL WHERE automation_id IS NOT NULL;
      DROP TABLE context_records; DROP TABLE automations;
    `);
  }
}

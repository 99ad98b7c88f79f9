import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrations, their credentials (PASSWORD values encrypted) and actions; action calls in the
 * delivery log (deliveries.action_id, event_id nullable: a bot's executeAction has no event);
 * idempotency keys and per-caller rate-limit windows of executeAction.
 */
export class Integrations1763800000000 implements MigrationInterface {
  name = 'Integrations1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        logo_url text,
        auth_scheme text NOT NULL CHECK (auth_scheme IN ('NONE','API_KEY','BASIC','BEARER')),
        auth_fields jsonb NOT NULL DEFAULT '[]',
        test_request jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX integrations_workspace_idx ON integrations (workspace_id, created_at);
      CREATE TABLE credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        name text NOT NULL,
        -- TEXT field values in clear: {"username": "bob"}
        text_values jsonb NOT NULL DEFAULT '{}',
        -- PASSWORD field values, AES-256-GCM ciphertexts bound to workspace, credential and field
        secret_values jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX credentials_integration_idx ON credentials (integration_id, created_at);
      CREATE TABLE actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        inputs jsonb NOT NULL DEFAULT '[]',
        request jsonb NOT NULL,
        outputs jsonb NOT NULL DEFAULT '[]',
        retry_schedule float8[],
        timeout_ms int NOT NULL DEFAULT 10000,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX actions_integration_idx ON actions (integration_id, created_at);

      ALTER TABLE deliveries ALTER COLUMN event_id DROP NOT NULL;
      ALTER TABLE deliveries ADD COLUMN action_id uuid REFERENCES actions(id) ON DELETE SET NULL;
      -- Set on every action call and credential test, so the log can be filtered per integration.
      ALTER TABLE deliveries ADD COLUMN integration_id uuid REFERENCES integrations(id) ON DELETE SET NULL;
      CREATE INDEX deliveries_action_time_idx ON deliveries (action_id, created_at DESC) WHERE action_id IS NOT NULL;
      CREATE INDEX deliveries_integration_time_idx ON deliveries (integration_id, created_at DESC) WHERE integration_id IS NOT NULL;

      -- executeAction idempotency: the first result of a key is returned for 24 hours.
      CREATE TABLE action_idempotency_keys (
        action_id uuid NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
        key text NOT NULL,
        inputs_hash text NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (action_id, key)
      );
      CREATE INDEX action_idempotency_keys_created_idx ON action_idempotency_keys (created_at);
      -- executeAction rate limit: one fixed one-minute window per caller and action.
      CREATE TABLE action_rate_windows (
        action_id uuid NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
        caller text NOT NULL,
        window_start timestamptz NOT NULL,
        calls int NOT NULL,
        PRIMARY KEY (action_id, caller)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE action_rate_windows; DROP TABLE action_idempotency_keys;
      DROP INDEX deliveries_action_time_idx; DROP INDEX deliveries_integration_time_idx;
      ALTER TABLE deliveries DROP COLUMN action_id; ALTER TABLE deliveries DROP COLUMN integration_id;
      DELETE FROM deliveries WHERE event_id IS NULL;
      ALTER TABLE deliveries ALTER COLUMN event_id SET NOT NULL;
      DROP TABLE actions; DROP TABLE credentials; DROP TABLE integrations;
    `);
  }
}

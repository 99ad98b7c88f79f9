import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Workspaces, auth, the event catalogue, events, webhooks, and the delivery queue and log. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Installation-wide values, e.g. the master key check value.
      CREATE TABLE settings (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));
      CREATE TABLE memberships (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('OWNER','ADMIN','DEVELOPER','VIEWER')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE INDEX memberships_user_idx ON memberships (user_id);
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('OWNER','ADMIN','DEVELOPER','VIEWER')),
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX api_keys_workspace_idx ON api_keys (workspace_id);
      CREATE TABLE event_types (
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        example jsonb,
        schema jsonb,
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, name)
      );
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        type text NOT NULL,
        payload jsonb NOT NULL,
        idempotency_key text,
        is_test boolean NOT NULL DEFAULT false,
        occurred_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX events_workspace_time_idx ON events (workspace_id, occurred_at DESC, id DESC);
      CREATE UNIQUE INDEX events_idempotency_key ON events (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[] NOT NULL,
        description text,
        filter jsonb,
        headers jsonb NOT NULL DEFAULT '[]',
        enabled boolean NOT NULL DEFAULT true,
        health text NOT NULL DEFAULT 'HEALTHY' CHECK (health IN ('HEALTHY','DEGRADED','FAILING','DISABLED')),
        consecutive_failures int NOT NULL DEFAULT 0,
        failing_since timestamptz,
        recent_outcomes text NOT NULL DEFAULT '',
        disabled_reason text,
        disabled_at timestamptz,
        secret_ciphertext text NOT NULL,
        previous_secret_ciphertext text,
        previous_secret_expires_at timestamptz,
        secret_hint text NOT NULL,
        rate_limit_per_second int,
        retry_schedule float8[],
        timeout_ms int NOT NULL DEFAULT 10000,
        max_in_flight int NOT NULL DEFAULT 20,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhooks_workspace_idx ON webhooks (workspace_id) WHERE enabled;
      CREATE TABLE deliveries (
        id text PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        webhook_id uuid REFERENCES webhooks(id) ON DELETE SET NULL,
        automation_id uuid,
        status text NOT NULL CHECK (status IN ('PENDING','RETRYING','SUCCEEDED','FAILED','CANCELLED')),
        attempt_count int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        leased_by text,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      -- The dispatch queue: only open deliveries are indexed, so the index stays small.
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status IN ('PENDING','RETRYING');
      CREATE INDEX deliveries_workspace_time_idx ON deliveries (workspace_id, created_at DESC, id DESC);
      CREATE INDEX deliveries_webhook_time_idx ON deliveries (webhook_id, created_at DESC);
      CREATE INDEX deliveries_event_idx ON deliveries (event_id);
      CREATE TABLE delivery_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL,
        webhook_id uuid,
        number int NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('SUCCESS','HTTP_ERROR','TIMEOUT','NETWORK_ERROR','BLOCKED','INVALID_RESPONSE')),
        request jsonb NOT NULL,
        response jsonb,
        error text,
        will_retry boolean NOT NULL,
        next_attempt_at timestamptz
      );
      CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, number);
      CREATE INDEX delivery_attempts_started_idx ON delivery_attempts (started_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE delivery_attempts; DROP TABLE deliveries; DROP TABLE webhooks; DROP TABLE events;
      DROP TABLE event_types; DROP TABLE api_keys; DROP TABLE sessions; DROP TABLE memberships;
      DROP TABLE users; DROP TABLE workspaces; DROP TABLE settings;
    `);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flows (ordered action steps over flow variables and earlier steps' outputs) and their runs. A
 * run keeps the steps it was started with (`plan`), so editing the flow never changes a run in
 * progress; each step's state (status, outputs, error, attempts) lives in `steps`.
 */
export class Flows1764000000000 implements MigrationInterface {
  name = 'Flows1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE flows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        events text[] NOT NULL DEFAULT '{}',
        -- [{"key","name","actionId","credentialId","inputs":[{"key","value"}],"onFailure"}]
        steps jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX flows_workspace_idx ON flows (workspace_id, created_at);
      CREATE TABLE flow_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        flow_id uuid NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'PENDING',
        variables jsonb NOT NULL DEFAULT '{}',
        plan jsonb NOT NULL DEFAULT '[]',
        -- [{"key","status","outputs","error","attempts"}]
        steps jsonb NOT NULL DEFAULT '[]',
        event_id uuid,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX flow_runs_flow_idx ON flow_runs (flow_id, started_at DESC);
      CREATE INDEX flow_runs_pending_idx ON flow_runs (started_at) WHERE status = 'PENDING';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flow_runs; DROP TABLE flows;');
  }
}

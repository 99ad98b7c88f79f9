import type { DataSource, EntityManager } from 'typeorm';
import { compilePatterns } from '@conduit/shared';
import type { PublishFanout, PublishedEvent } from '../events/event.service';
import { FLOW_CHANNELS } from './flow.service';

interface WorkspaceFlows {
  loadedAt: number;
  flows: { id: string; matches: (type: string) => boolean }[];
}

/** How long a process trusts its cached flow matchers without a change notification. */
const CACHE_TTL_MS = 5_000;

/**
 * Publishing's fan-out to flows: flows whose `events` patterns match start a run with the event
 * payload as variables. The runs are inserted PENDING in the event's transaction (Agenda jobs
 * cannot join it); a NOTIFY sent on commit wakes the workers, which claim them and schedule their
 * first step, and a recurring sweep picks up any run whose wake-up was lost.
 */
export class FlowFanout implements PublishFanout<string[]> {
  private readonly cache = new Map<string, WorkspaceFlows>();

  constructor(private readonly db: DataSource) {}

  invalidate(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }

  async plan(workspaceId: string, type: string): Promise<string[] | null> {
    let cached = this.cache.get(workspaceId);
    if (!cached || Date.now() - cached.loadedAt > CACHE_TTL_MS) {
      const loadedAt = Date.now();
      const rows: { id: string; events: string[] }[] = await this.db.query(
        'SELECT id, events FROM flows WHERE workspace_id = $1 AND cardinality(events) > 0',
        [workspaceId],
      );
      cached = { loadedAt, flows: rows.map((f) => ({ id: f.id, matches: compilePatterns(f.events) })) };
      this.cache.set(workspaceId, cached);
    }
    const ids = cached.flows.filter((f) => f.matches(type)).map((f) => f.id);
    return ids.length > 0 ? ids : null;
  }

  /** Inserts a PENDING run per flow that still exists; returns 0 (runs are not deliveries). */
  async apply(tx: EntityManager, event: PublishedEvent, flowIds: string[]): Promise<number> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO flow_runs (workspace_id, flow_id, status, variables, plan, steps, event_id)
       SELECT f.workspace_id, f.id, 'PENDING', $3::jsonb, f.steps,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('key', s->>'key', 'status', 'PENDING', 'outputs', NULL, 'error', NULL, 'attempts', 0) ORDER BY o), '[]'::jsonb)
                 FROM jsonb_array_elements(f.steps) WITH ORDINALITY AS x(s, o)),
              $4
         FROM flows f WHERE f.id = ANY($1::uuid[]) AND f.workspace_id = $2
       RETURNING 1`,
      [flowIds, event.workspaceId, JSON.stringify(event.payload ?? {}), event.id],
    );
    if (rows.length > 0) await tx.query('SELECT pg_notify($1, $2)', [FLOW_CHANNELS.start, '']);
    return 0;
  }
}

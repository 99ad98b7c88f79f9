import type { DataSource, EntityManager } from 'typeorm';
import { compileFilter, compilePatterns } from '@conduit/shared';
import { newDeliveryId } from '@conduit/engine';
import type { PublishFanout, PublishedEvent } from '../events/event.service';

interface WorkspaceAutomations {
  loadedAt: number;
  automations: { id: string; matches: (type: string, payload: unknown) => boolean }[];
}

/** How long a process trusts its cached automation matchers without a change notification. */
const CACHE_TTL_MS = 5_000;

/**
 * Publishing's fan-out to automations: matching runs from an in-memory cache of each workspace's
 * enabled automations (compiled patterns and filter), invalidated with the webhooks' on
 * `conduit_config`; the deliveries are inserted in the event's transaction, re-checking that each
 * automation is still enabled. The dispatcher sends them like webhook deliveries.
 */
export class AutomationFanout implements PublishFanout<string[]> {
  private readonly cache = new Map<string, WorkspaceAutomations>();

  constructor(private readonly db: DataSource) {}

  invalidate(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }

  async plan(workspaceId: string, type: string, payload: unknown): Promise<string[] | null> {
    let cached = this.cache.get(workspaceId);
    if (!cached || Date.now() - cached.loadedAt > CACHE_TTL_MS) {
      const loadedAt = Date.now();
      const rows: { id: string; events: string[]; filter: unknown }[] = await this.db.query(
        'SELECT id, events, filter FROM automations WHERE workspace_id = $1 AND enabled',
        [workspaceId],
      );
      cached = {
        loadedAt,
        automations: rows.map((a) => {
          const byType = compilePatterns(a.events);
          const byPayload = a.filter ? compileFilter(a.filter) : null;
          return { id: a.id, matches: (t: string, p: unknown) => byType(t) && (!byPayload || byPayload(p)) };
        }),
      };
      this.cache.set(workspaceId, cached);
    }
    const ids = cached.automations.filter((a) => a.matches(type, payload)).map((a) => a.id);
    return ids.length > 0 ? ids : null;
  }

  async apply(tx: EntityManager, event: PublishedEvent, automationIds: string[]): Promise<number> {
    const now = Date.now();
    const ids = automationIds.map(() => newDeliveryId(now));
    const rows: unknown[] = await tx.query(
      `WITH d AS (
         INSERT INTO deliveries (id, workspace_id, event_id, automation_id, status, next_attempt_at, created_at)
         SELECT v.id, $2, $3, v.automation_id, 'PENDING', now(), now()
           FROM unnest($1::text[], $4::uuid[]) AS v(id, automation_id)
           JOIN automations a ON a.id = v.automation_id AND a.workspace_id = $2 AND a.enabled
          -- The foreign key's key-share locks on the automations are taken in this order: by id,
          -- as everyone else locks automations (see EventService.insertEvents).
          ORDER BY v.automation_id
         RETURNING id, workspace_id, event_id, automation_id
       )
       INSERT INTO delivery_queue (delivery_id, target_id, is_automation, workspace_id, event_id, due_at)
       SELECT id, automation_id, true, workspace_id, event_id, now() FROM d RETURNING 1`,
      [ids, event.workspaceId, event.id, automationIds],
    );
    return rows.length;
  }
}

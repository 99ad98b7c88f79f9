import type { DataSource, EntityManager } from 'typeorm';
import { ConduitError, STANDARD_EVENT_TYPES, isCustomEventType, unknownEventTypeError, validateEventTypeName } from '@conduit/shared';
import { EventTypeEntity } from './event-type.entity';
import type { EventTypeInput } from './event-type.types';

/** How long a process trusts its cached catalogue without a change notification. */
const CATALOGUE_TTL_MS = 30_000;

/** The per-workspace event catalogue, seeded with the platform's standard events. */
export class EventTypeService {
  /** Catalogue names per workspace, for the publish path (invalidated on conduit_config). */
  private readonly names = new Map<string, { names: Set<string>; loadedAt: number }>();

  constructor(private readonly db: DataSource) {}

  invalidate(workspaceId: string): void {
    this.names.delete(workspaceId);
  }

  async seed(tx: EntityManager, workspaceId: string): Promise<void> {
    const rows = STANDARD_EVENT_TYPES.map((t) => ({ name: t.name, description: t.description, example: t.example ?? null, schema: t.schema ?? null }));
    await tx.query(
      `INSERT INTO event_types (workspace_id, name, description, example, schema, builtin)
       SELECT $1, r.name, r.description, r.example, r.schema, true
         FROM jsonb_to_recordset($2::jsonb) AS r(name text, description text, example jsonb, schema jsonb)
       ON CONFLICT (workspace_id, name) DO NOTHING`,
      [workspaceId, JSON.stringify(rows)],
    );
  }

  list(workspaceId: string): Promise<EventTypeEntity[]> {
    return this.db.getRepository(EventTypeEntity).find({ where: { workspaceId }, order: { name: 'ASC' } });
  }

  async register(workspaceId: string, input: EventTypeInput): Promise<EventTypeEntity> {
    validateEventTypeName(input.name);
    if (input.schema !== undefined && input.schema !== null && (typeof input.schema !== 'object' || Array.isArray(input.schema))) {
      throw new ConduitError('BAD_USER_INPUT', 'The schema must be a JSON Schema object.', { field: 'schema' });
    }
    const repo = this.db.getRepository(EventTypeEntity);
    const existing = await repo.findOneBy({ workspaceId, name: input.name });
    if (existing?.builtin) {
      throw new ConduitError('CONFLICT', `"${input.name}" is a standard event type and cannot be redefined.`);
    }
    this.invalidate(workspaceId);
    const saved = await repo.save({
      workspaceId,
      name: input.name,
      description: input.description ?? null,
      example: input.example ?? null,
      schema: input.schema ?? null,
      builtin: false,
    });
    return saved;
  }

  /**
   * Throws BAD_USER_INPUT naming the closest known types when `type` is not publishable. Uses the
   * cached catalogue; a miss re-reads it once, so a type registered by another process is found.
   */
  async assertPublishable(workspaceId: string, type: string): Promise<void> {
    if (isCustomEventType(type)) return;
    const cached = this.names.get(workspaceId);
    if (cached && cached.names.has(type) && Date.now() - cached.loadedAt < CATALOGUE_TTL_MS) return;
    const rows: { name: string }[] = await this.db.query('SELECT name FROM event_types WHERE workspace_id = $1', [workspaceId]);
    const names = new Set(rows.map((r) => r.name));
    this.names.set(workspaceId, { names, loadedAt: Date.now() });
    if (!names.has(type)) throw unknownEventTypeError(type, [...names]);
  }
}

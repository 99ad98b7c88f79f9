import type { DataSource, EntityManager } from 'typeorm';
import { ConduitError } from '@conduit/shared';
import type { EventTypeService } from '../event-types/event-type.service';
import { UserEntity } from '../users/user.entity';
import { MembershipEntity, WorkspaceEntity } from './workspace.entity';

/** Workspaces and memberships. A new workspace gets the standard event catalogue. */
export class WorkspaceService {
  constructor(
    private readonly db: DataSource,
    private readonly eventTypes: EventTypeService,
  ) {}

  async create(name: string, ownerUserId: string): Promise<WorkspaceEntity> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) {
      throw new ConduitError('BAD_USER_INPUT', 'A workspace name needs 1 to 100 characters.', { field: 'name' });
    }
    return this.db.transaction(async (tx: EntityManager) => {
      const workspace = await tx.getRepository(WorkspaceEntity).save({ name: trimmed });
      await tx.getRepository(MembershipEntity).insert({ workspaceId: workspace.id, userId: ownerUserId, role: 'OWNER' });
      await this.eventTypes.seed(tx, workspace.id);
      return workspace;
    });
  }

  async get(id: string): Promise<WorkspaceEntity> {
    const workspace = await this.db.getRepository(WorkspaceEntity).findOneBy({ id });
    if (!workspace) throw new ConduitError('NOT_FOUND', `No workspace with id ${id}.`);
    return workspace;
  }

  async listForUser(userId: string): Promise<WorkspaceEntity[]> {
    return this.db
      .getRepository(WorkspaceEntity)
      .createQueryBuilder('w')
      .innerJoin(MembershipEntity, 'm', 'm.workspace_id = w.id')
      .where('m.user_id = :userId', { userId })
      .orderBy('w.created_at', 'ASC')
      .getMany();
  }

  /** Answers NOT_FOUND, never FORBIDDEN, for a workspace the user does not belong to. */
  async requireMembership(userId: string, workspaceId: string): Promise<MembershipEntity> {
    const membership = await this.db.getRepository(MembershipEntity).findOneBy({ userId, workspaceId });
    if (!membership) throw new ConduitError('NOT_FOUND', `No workspace with id ${workspaceId}.`);
    return membership;
  }

  async user(userId: string): Promise<UserEntity> {
    return this.db.getRepository(UserEntity).findOneByOrFail({ id: userId });
  }
}

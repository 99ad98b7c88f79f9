import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConduitError, ROLES, type Role } from '@conduit/shared';
import type { ApiKeyCache } from '../auth/api-key-cache';
import { API_KEY_PREFIX } from '../auth/auth.service';
import { sha256 } from '../auth/sha256';
import { notifyAuthChange } from '../auth/auth-notifications';
import { isUuid } from '../events/event.service';
import { ApiKeyEntity } from './api-key.entity';

/** API keys: `cdk_<8 chars>_<secret>`, stored as a SHA-256 hash and shown once. */
export class ApiKeyService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: ApiKeyCache,
  ) {}

  async create(workspaceId: string, name: string, role: Role, creatorRole: Role): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw new ConduitError('BAD_USER_INPUT', 'An API key name needs 1 to 100 characters.', { field: 'name' });
    if (ROLES.indexOf(role) < ROLES.indexOf(creatorRole)) {
      throw new ConduitError('FORBIDDEN', `You are ${creatorRole}: you cannot create a key with the more powerful role ${role}.`);
    }
    const visible = randomBytes(6).toString('base64url').slice(0, 8);
    const secret = `${API_KEY_PREFIX}${visible}_${randomBytes(32).toString('base64url')}`;
    const apiKey = await this.db.getRepository(ApiKeyEntity).save({
      workspaceId,
      name: trimmed,
      role,
      prefix: `${API_KEY_PREFIX}${visible}`,
      keyHash: sha256(secret),
      lastUsedAt: null,
      revokedAt: null,
    });
    return { apiKey, secret };
  }

  list(workspaceId: string): Promise<ApiKeyEntity[]> {
    return this.db.getRepository(ApiKeyEntity).find({ where: { workspaceId }, order: { createdAt: 'DESC' } });
  }

  /**
   * Revokes the key; every api process forgets it (conduit_auth, sent on commit), and this one
   * before answering, so the next request with it is refused wherever it goes.
   */
  async revoke(workspaceId: string, id: string): Promise<ApiKeyEntity> {
    const key = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(ApiKeyEntity);
      const found = isUuid(id) ? await repo.findOneBy({ id, workspaceId }) : null;
      if (!found) throw new ConduitError('NOT_FOUND', `No API key with id ${id} in this workspace.`);
      if (!found.revokedAt) {
        found.revokedAt = new Date();
        await repo.save(found);
        await notifyAuthChange(tx, { workspaceId, apiKeyId: found.id });
      }
      return found;
    });
    this.cache.evict({ workspaceId, apiKeyId: key.id });
    return key;
  }
}

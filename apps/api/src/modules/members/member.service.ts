import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { ConduitError, ROLES, type Role } from '@conduit/shared';
import type { AuthService } from '../auth/auth.service';
import { isUuid } from '../events/event.service';
import type { AddMemberInput } from './member.inputs';
import type { AddedMemberType, MemberType } from './member.types';
import { notifyAuthChange } from '../auth/auth-notifications';

/** Who asks for a membership change: their workspace, their role in it, and who they are (null for an API key). */
export interface MemberActor {
  workspaceId: string;
  role: Role;
  userId: string | null;
}

interface MemberRow {
  user_id: string;
  email: string;
  role: Role;
  joined_at: Date;
  password_expires_at: Date | null;
}

const MEMBER_COLUMNS = 'u.id AS user_id, u.email, m.role, m.created_at AS joined_at, u.password_expires_at';

/** Random bytes in a new account's temporary password (24 base64url characters). */
const TEMPORARY_PASSWORD_BYTES = 18;

/**
 * The people of a workspace and their roles. Rules: only an OWNER grants, changes or removes the
 * OWNER role, and a workspace always keeps at least one OWNER. Changes to one workspace's
 * memberships are serialised (its row is locked), so two owners demoting each other at once
 * cannot leave it without one.
 */
export class MemberService {
  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly logger: Logger,
    /** How long a temporary password signs in (CONDUIT_TEMPORARY_PASSWORD_HOURS). */
    private readonly temporaryPasswordTtlMs: number,
  ) {}

  async list(workspaceId: string): Promise<MemberType[]> {
    const rows: MemberRow[] = await this.db.query(
      `SELECT ${MEMBER_COLUMNS} FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY m.created_at, lower(u.email)`,
      [workspaceId],
    );
    return rows.map(toMember);
  }

  /** Adds an existing account, or creates one with a temporary password returned only here. */
  async add(actor: MemberActor, input: AddMemberInput): Promise<AddedMemberType> {
    const email = input.email.trim();
    this.auth.validateEmail(email);
    if (input.role === 'OWNER' && actor.role !== 'OWNER') {
      throw new ConduitError('FORBIDDEN', `Only an OWNER can add an OWNER; you are ${actor.role}. Add them as ADMIN, and ask an owner to make them OWNER.`);
    }
    const known = await this.findUserId(this.db.manager, email);
    if (known && (await this.hasTemporaryPasswordElsewhere(known, actor.workspaceId))) {
      // Whoever gave that password (another workspace's admin) could otherwise sign in here as them.
      throw new ConduitError(
        'CONFLICT',
        `${email} has not chosen their own password yet. Ask them to sign in and choose one under Settings → Account, then add them again.`,
        { field: 'email' },
      );
    }
    const temporary = known ? null : newTemporaryPassword();
    const passwordHash = temporary ? await this.auth.hashPassword(temporary) : null;
    const added = await this.db.transaction(async (tx) => {
      let userId = known;
      let created = false;
      if (!userId && passwordHash) {
        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO users (email, password_hash, password_expires_at) VALUES ($1, $2, now() + make_interval(secs => $3::float8 / 1000))
           ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
          [email, passwordHash, this.temporaryPasswordTtlMs],
        );
        created = inserted.length > 0;
        // Someone created the account in the meantime: add that one, with its own password.
        userId = inserted[0]?.id ?? (await this.findUserId(tx, email));
      }
      if (!userId) throw new Error(`The account for ${email} was neither found nor created.`);
      const rows: { user_id: string }[] = await tx.query(
        'INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id',
        [actor.workspaceId, userId, input.role],
      );
      if (rows.length === 0) {
        const current = await this.find(tx, actor.workspaceId, userId);
        throw new ConduitError('CONFLICT', `${current.user.email} is already a member of this workspace (${current.role}); change their role instead.`);
      }
      return { member: await this.find(tx, actor.workspaceId, userId), created };
    });
    this.logger.info({ workspaceId: actor.workspaceId, userId: added.member.user.id, role: input.role, newAccount: added.created }, 'member added');
    return { member: added.member, temporaryPassword: added.created ? temporary : null };
  }

  async updateRole(actor: MemberActor, userId: string, role: Role): Promise<MemberType> {
    const member = await this.db.transaction(async (tx) => {
      const { current, actorRole } = await this.lockAndFind(tx, actor, userId);
      if ((current.role === 'OWNER' || role === 'OWNER') && actorRole !== 'OWNER') {
        throw new ConduitError('FORBIDDEN', `Only an OWNER can make someone OWNER or change an OWNER's role; you are ${actorRole}.`);
      }
      if (current.role === 'OWNER' && role !== 'OWNER') {
        await this.assertAnotherOwner(tx, actor.workspaceId, `${current.user.email} is the only OWNER of this workspace. Make another member OWNER first, then change this role.`);
      }
      await tx.query('UPDATE memberships SET role = $1 WHERE workspace_id = $2 AND user_id = $3', [role, actor.workspaceId, current.user.id]);
      // Sessions are read on every request, so they change at once; cached API keys are flushed
      // too, whatever a key's link to people becomes (a change of access is rare, a lookup cheap).
      await notifyAuthChange(tx, { workspaceId: actor.workspaceId });
      return { ...current, role };
    });
    this.auth.apiKeyCache.evict({ workspaceId: actor.workspaceId });
    this.logger.info({ workspaceId: actor.workspaceId, userId: member.user.id, role }, 'member role changed');
    return member;
  }

  /**
   * Gives a member a new temporary password (theirs expired, or was lost before they chose their
   * own) and ends their sessions. Only for an account that still has a temporary password and
   * belongs to this workspace alone: a password the person chose, or an account other workspaces
   * rely on, is never replaced by this workspace's admins.
   */
  async resetTemporaryPassword(actor: MemberActor, userId: string): Promise<AddedMemberType> {
    const temporary = newTemporaryPassword();
    const passwordHash = await this.auth.hashPassword(temporary);
    const member = await this.db.transaction(async (tx) => {
      const { current, actorRole } = await this.lockAndFind(tx, actor, userId);
      const email = current.user.email;
      if (current.role === 'OWNER' && actorRole !== 'OWNER') {
        throw new ConduitError('FORBIDDEN', `Only an OWNER can give an OWNER a new password; you are ${actorRole}.`);
      }
      if (actor.userId === current.user.id) {
        throw new ConduitError('BAD_USER_INPUT', 'This is your own account: choose a new password under Settings → Account instead.');
      }
      // The user's row is locked (NO KEY UPDATE: it does not block the foreign-key checks of a
      // session or membership insert, which lock it and the workspace in the other order): a
      // password change committing meanwhile is waited for and seen, not overwritten.
      const [user]: { password_expires_at: Date | null; workspaces: number }[] = await tx.query(
        `SELECT u.password_expires_at, (SELECT count(*)::int FROM memberships o WHERE o.user_id = u.id) AS workspaces
           FROM users u WHERE u.id = $1 FOR NO KEY UPDATE`,
        [current.user.id],
      );
      if (user.password_expires_at === null) {
        throw new ConduitError('CONFLICT', `${email} has chosen their own password, so it cannot be reset here. They can change it under Settings → Account.`);
      }
      if (user.workspaces > 1) {
        throw new ConduitError('CONFLICT', `The password of ${email} cannot be reset from this workspace. Ask them to change it under Settings → Account.`);
      }
      const [updated]: { password_expires_at: Date }[] = await tx.query(
        `WITH u AS (
           UPDATE users SET password_hash = $1, password_expires_at = now() + make_interval(secs => $2::float8 / 1000) WHERE id = $3 RETURNING password_expires_at
         ) SELECT password_expires_at FROM u`,
        [passwordHash, this.temporaryPasswordTtlMs, current.user.id],
      );
      await tx.query('DELETE FROM sessions WHERE user_id = $1', [current.user.id]);
      return { ...current, passwordExpiresAt: updated.password_expires_at };
    });
    this.logger.info({ workspaceId: actor.workspaceId, userId: member.user.id }, 'temporary password reset; their sessions ended');
    return { member, temporaryPassword: temporary };
  }

  /** Removes the membership and ends the member's sessions in this workspace at once. */
  async remove(actor: MemberActor, userId: string): Promise<boolean> {
    await this.db.transaction(async (tx) => {
      const { current, actorRole } = await this.lockAndFind(tx, actor, userId);
      if (current.role === 'OWNER') {
        if (actorRole !== 'OWNER') throw new ConduitError('FORBIDDEN', `Only an OWNER can remove an OWNER; you are ${actorRole}.`);
        await this.assertAnotherOwner(tx, actor.workspaceId, `${current.user.email} is the only OWNER of this workspace. Make another member OWNER first, then remove this one.`);
      }
      await tx.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [actor.workspaceId, current.user.id]);
      await tx.query('DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2', [actor.workspaceId, current.user.id]);
      await notifyAuthChange(tx, { workspaceId: actor.workspaceId });
    });
    this.auth.apiKeyCache.evict({ workspaceId: actor.workspaceId });
    this.logger.info({ workspaceId: actor.workspaceId, userId }, 'member removed; their sessions in the workspace ended');
    return true;
  }

  /** A temporary password, and not a member here (someone already a member gets the usual CONFLICT). */
  private async hasTemporaryPasswordElsewhere(userId: string, workspaceId: string): Promise<boolean> {
    const rows: { temporary: boolean }[] = await this.db.query(
      `SELECT u.password_expires_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.workspace_id = $2) AS temporary
         FROM users u WHERE u.id = $1`,
      [userId, workspaceId],
    );
    return rows[0]?.temporary ?? false;
  }

  private async findUserId(manager: EntityManager, email: string): Promise<string | null> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM users WHERE lower(email) = lower($1)', [email]);
    return rows[0]?.id ?? null;
  }

  private async find(manager: EntityManager, workspaceId: string, userId: string): Promise<MemberType> {
    const rows: MemberRow[] = isUuid(userId)
      ? await manager.query(`SELECT ${MEMBER_COLUMNS} FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND m.user_id = $2`, [
          workspaceId,
          userId,
        ])
      : [];
    if (!rows[0]) throw new ConduitError('NOT_FOUND', `No member with user id ${userId} in this workspace.`);
    return toMember(rows[0]);
  }

  /**
   * Locks the workspace's memberships, then reads the member and the actor's role as they are now:
   * the role in the request's context may have changed while it waited for the lock.
   */
  private async lockAndFind(tx: EntityManager, actor: MemberActor, userId: string): Promise<{ current: MemberType; actorRole: Role }> {
    await tx.query('SELECT id FROM workspaces WHERE id = $1 FOR UPDATE', [actor.workspaceId]);
    let actorRole = actor.role;
    if (actor.userId) {
      const rows: { role: Role }[] = await tx.query('SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2', [actor.workspaceId, actor.userId]);
      const now = rows[0]?.role;
      if (!now || ROLES.indexOf(now) > ROLES.indexOf('ADMIN')) {
        throw new ConduitError('FORBIDDEN', `This needs the ADMIN role or higher; you are ${now ?? 'no longer a member'} in this workspace.`);
      }
      actorRole = now;
    }
    return { current: await this.find(tx, actor.workspaceId, userId), actorRole };
  }

  private async assertAnotherOwner(tx: EntityManager, workspaceId: string, message: string): Promise<void> {
    const rows: { owners: number }[] = await tx.query("SELECT count(*)::int AS owners FROM memberships WHERE workspace_id = $1 AND role = 'OWNER'", [workspaceId]);
    if ((rows[0]?.owners ?? 0) < 2) throw new ConduitError('CONFLICT', message);
  }
}

function toMember(row: MemberRow): MemberType {
  return { user: { id: row.user_id, email: row.email }, role: row.role, joinedAt: row.joined_at, passwordExpiresAt: row.password_expires_at };
}

function newTemporaryPassword(): string {
  return randomBytes(TEMPORARY_PASSWORD_BYTES).toString('base64url');
}

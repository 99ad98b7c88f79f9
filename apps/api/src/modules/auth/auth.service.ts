import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { ConduitError, type Role } from '@conduit/shared';
import type { Principal } from '../../graphql/context';
import type { ApiKeyEntity } from '../api-keys/api-key.entity';
import { UserEntity } from '../users/user.entity';
import { MembershipEntity, WorkspaceEntity } from '../workspaces/workspace.entity';
import { SessionEntity } from './session.entity';
import { ApiKeyCache } from './api-key-cache';
import { LoginThrottle } from './login-throttle';
import { sha256 } from './sha256';

export const API_KEY_PREFIX = 'cdk_';

export interface IssuedSession {
  token: string;
  user: UserEntity;
  workspace: WorkspaceEntity;
}

const EMAIL_RULE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Passwords (argon2id), sessions (random bearer tokens stored hashed) and token authentication. */
export class AuthService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: DataSource,
    private readonly logger: Logger,
    private readonly sessionTtlMs: number,
    /** Successful API-key lookups (sessions are not cached: every request reads them). */
    readonly apiKeyCache: ApiKeyCache = new ApiKeyCache({ ttlMs: 0, maxEntries: 0 }),
  ) {
    this.throttle = new LoginThrottle(db);
  }

  hashPassword(password: string): Promise<string> {
    return argon2Hash(password);
  }

  validateCredentials(email: string, password: string): void {
    this.validateEmail(email);
    this.validatePassword(password, 'password');
  }

  validateEmail(email: string): void {
    if (!EMAIL_RULE.test(email)) throw new ConduitError('BAD_USER_INPUT', `"${email}" is not an email address.`, { field: 'email' });
  }

  /** `field` names the argument in the error, e.g. `newPassword` for changePassword. */
  validatePassword(password: string, field: string): void {
    if (password.length < 8) {
      throw new ConduitError('BAD_USER_INPUT', 'The password must have at least 8 characters.', { field });
    }
  }

  /**
   * Checks the current password, stores the new one and ends the user's other sessions (in every
   * workspace): whoever knew the old password and signed in with it is signed out. Wrong current
   * passwords are throttled like sign-ins, so a stolen session cannot be used to guess the password.
   */
  async changePassword(options: { userId: string; sessionId: string | null; currentPassword: string; newPassword: string }): Promise<void> {
    const key = `change-password|${options.userId}`;
    await this.throttle.check(key, 'password changes');
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: options.userId });
    if (!(await argon2Verify(user.passwordHash, options.currentPassword))) {
      await this.throttle.fail(key);
      this.logger.info({ userId: user.id }, 'password change refused: wrong current password');
      throw new ConduitError('BAD_USER_INPUT', 'The current password is wrong.', { field: 'currentPassword' });
    }
    await this.throttle.succeed(key);
    this.validatePassword(options.newPassword, 'newPassword');
    const passwordHash = await this.hashPassword(options.newPassword);
    await this.db.transaction(async (tx) => {
      // Their own password now: a temporary one's expiry no longer applies.
      await tx.query('UPDATE users SET password_hash = $1, password_expires_at = NULL WHERE id = $2', [passwordHash, user.id]);
      await tx.query('DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2', [user.id, options.sessionId]);
    });
    this.logger.info({ userId: user.id }, 'password changed; other sessions ended');
  }

  /** Signs a user in to their first workspace (or the one they used last). */
  async login(email: string, password: string, clientIp: string): Promise<IssuedSession> {
    const key = `${email.toLowerCase()}|${clientIp}`;
    await this.throttle.check(key);
    const user = await this.db.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
    const ok = user ? await argon2Verify(user.passwordHash, password) : false;
    if (!user || !ok) {
      await this.throttle.fail(key);
      // Never log what was typed: people paste passwords into the email field. A known account is
      // named by its stored email; an unknown one only by a fingerprint, enough to correlate attempts.
      const who = user ? { userId: user.id, email: user.email } : { unknownEmailSha256: sha256(email.toLowerCase()).slice(0, 16) };
      this.logger.info({ ...who, clientIp }, 'failed sign-in');
      throw new ConduitError('UNAUTHENTICATED', 'Wrong email or password.');
    }
    await this.throttle.succeed(key);
    // Said only to whoever typed the right password: it does not tell a guesser the account exists.
    if (user.passwordExpiresAt && user.passwordExpiresAt.getTime() <= Date.now()) {
      this.logger.info({ userId: user.id, clientIp }, 'sign-in refused: the temporary password has expired');
      throw new ConduitError(
        'UNAUTHENTICATED',
        `This temporary password expired on ${user.passwordExpiresAt.toISOString()}. Ask an OWNER or ADMIN of your workspace for a new one.`,
      );
    }
    const membership = await this.db.getRepository(MembershipEntity).findOne({ where: { userId: user.id }, order: { createdAt: 'ASC' } });
    if (!membership) throw new ConduitError('FORBIDDEN', 'This user is not a member of any workspace. Ask an owner to invite you.');
    return this.issueSession(user, membership.workspaceId);
  }

  async issueSession(user: UserEntity, workspaceId: string): Promise<IssuedSession> {
    const workspace = await this.db.getRepository(WorkspaceEntity).findOneByOrFail({ id: workspaceId });
    const token = `cds_${randomBytes(32).toString('base64url')}`;
    await this.db.getRepository(SessionEntity).insert({
      tokenHash: sha256(token),
      userId: user.id,
      workspaceId,
      expiresAt: new Date(Date.now() + this.sessionTtlMs),
    });
    return { token, user, workspace };
  }

  /** Resolves a bearer token (session or API key) to a principal, or null when it is not valid. */
  async authenticate(token: string): Promise<Principal | null> {
    if (token.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(token);
    const rows: { id: string; user_id: string; workspace_id: string; role: Role }[] = await this.db.query(
      // A temporary password's expiry also ends the sessions it opened (and those they opened in
      // turn: switchWorkspace, createWorkspace); choosing one's own password lifts it.
      `SELECT s.id, s.user_id, s.workspace_id, m.role
         FROM sessions s JOIN memberships m ON m.user_id = s.user_id AND m.workspace_id = s.workspace_id
              JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND (u.password_expires_at IS NULL OR u.password_expires_at > now())`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return { kind: 'user', userId: row.user_id, apiKeyId: null, sessionId: row.id, workspaceId: row.workspace_id, role: row.role };
  }

  private async authenticateApiKey(token: string): Promise<Principal | null> {
    const keyHash = sha256(token);
    const cached = this.apiKeyCache.get(keyHash);
    if (cached) return cached;
    const generation = this.apiKeyCache.generation;
    // last_used_at is written at most once a minute per key, so hot keys cost no extra writes
    // (a cached key is looked up again after the cache's few seconds, so it is still touched).
    const rows: Pick<ApiKeyEntity, 'id' | 'workspaceId' | 'role'>[] = await this.db.query(
      `WITH k AS (SELECT id, workspace_id, role, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
            touched AS (UPDATE api_keys a SET last_used_at = now() FROM k
                         WHERE a.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute'))
       SELECT id, workspace_id AS "workspaceId", role FROM k`,
      [keyHash],
    );
    const key = rows[0];
    if (!key) return null;
    const principal: Principal = { kind: 'apiKey', userId: null, apiKeyId: key.id, sessionId: null, workspaceId: key.workspaceId, role: key.role };
    this.apiKeyCache.set(keyHash, principal, generation);
    return principal;
  }

  /** Creates the first owner and workspace from CONDUIT_ADMIN_EMAIL/PASSWORD when no user exists. */
  async bootstrapOwner(
    email: string | undefined,
    password: string | undefined,
    createWorkspace: (name: string, userId: string) => Promise<WorkspaceEntity>,
  ): Promise<void> {
    if (!email || !password) return;
    const users = await this.db.getRepository(UserEntity).count();
    if (users > 0) return;
    this.validateCredentials(email, password);
    const user = await this.db.getRepository(UserEntity).save({ email, passwordHash: await this.hashPassword(password) });
    await createWorkspace('Default workspace', user.id);
    this.logger.info({ email }, 'created the first owner from CONDUIT_ADMIN_EMAIL');
  }
}

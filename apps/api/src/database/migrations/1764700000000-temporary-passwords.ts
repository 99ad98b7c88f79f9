import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `users.password_expires_at`: set while an account still has the temporary password it was
 * created (or last reset) with; sign-in with it is refused after that time, and choosing one's own
 * password clears it. Accounts that existed before are left as they are (null: no expiry).
 * Additive (a nullable column, no rewrite).
 */
export class TemporaryPasswords1764700000000 implements MigrationInterface {
  name = 'TemporaryPasswords1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN password_expires_at timestamptz;');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN password_expires_at;');
  }
}

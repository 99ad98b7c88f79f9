import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins and password changes, counted per key (a SHA-256 digest of email and address,
 * or of the user) in the database instead of each API process's memory: behind several replicas
 * the limit is the same whichever one answers, and a restart does not reset it. Additive (a new
 * table; processes of the previous version do not read it).
 */
export class SignInFailures1764600000000 implements MigrationInterface {
  name = 'SignInFailures1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_failures (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        first_failure_at timestamptz NOT NULL,
        blocked_until timestamptz
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sign_in_failures;');
  }
}

import type { DataSource } from 'typeorm';
import { ConduitError } from '@conduit/shared';
import { sha256 } from './sha256';

/** How many failures within a window block a key, and for how long. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  blockMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { maxFailures: 10, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };

/**
 * Brute-force protection for sign-in and password changes: after `maxFailures` wrong passwords
 * for one key (an email and an address, or a user) within `windowMs`, further attempts are
 * refused for `blockMs`. Counted in PostgreSQL (`sign_in_failures`), so every API replica sees
 * the same count and a restart forgets nothing. Keys are stored as SHA-256 digests, not in clear
 * (unsalted: someone who reads the table and knows an email can still test addresses against
 * it). Times are the database's clock, shared by every process.
 */
export class LoginThrottle {
  constructor(
    private readonly db: DataSource,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
  ) {}

  /** Throws RATE_LIMITED while the key is blocked. `what` names the attempts, e.g. "password changes". */
  async check(key: string, what = 'sign-ins'): Promise<void> {
    const rows: { seconds: number }[] = await this.db.query(
      'SELECT extract(epoch FROM blocked_until - now())::float8 AS seconds FROM sign_in_failures WHERE key = $1 AND blocked_until > now()',
      [sha256(key)],
    );
    if (rows.length > 0) {
      const minutes = Math.max(1, Math.ceil(rows[0].seconds / 60));
      throw new ConduitError('RATE_LIMITED', `Too many failed ${what}. Try again in ${minutes} minute(s).`);
    }
  }

  /** Counts one failure; a count that starts a new window forgets the old one. Atomic across processes. */
  async fail(key: string): Promise<void> {
    const { maxFailures, windowMs, blockMs } = this.policy;
    await this.db.query(
      `WITH policy AS (SELECT make_interval(secs => $3::float8 / 1000) AS span, make_interval(secs => $4::float8 / 1000) AS block)
       INSERT INTO sign_in_failures AS f (key, failures, first_failure_at, blocked_until)
       SELECT $1, 1, now(), CASE WHEN 1 >= $2::int THEN now() + policy.block END FROM policy
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN f.first_failure_at < now() - (SELECT span FROM policy) THEN 1 ELSE f.failures + 1 END,
         first_failure_at = CASE WHEN f.first_failure_at < now() - (SELECT span FROM policy) THEN now() ELSE f.first_failure_at END,
         blocked_until = CASE
           WHEN (CASE WHEN f.first_failure_at < now() - (SELECT span FROM policy) THEN 1 ELSE f.failures + 1 END) >= $2::int
             THEN now() + (SELECT block FROM policy)
           WHEN f.first_failure_at < now() - (SELECT span FROM policy) THEN NULL
           ELSE f.blocked_until END`,
      [sha256(key), maxFailures, windowMs, blockMs],
    );
  }

  /** A right password forgets the key's failures. */
  async succeed(key: string): Promise<void> {
    await this.db.query('DELETE FROM sign_in_failures WHERE key = $1', [sha256(key)]);
  }
}

import type { DataSource } from 'typeorm';
import { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from './login-throttle';

/** What one housekeeping run deleted. */
export interface AuthHousekeeping {
  /** Failure counts whose window and block were both over. */
  signInFailures: number;
  /** Sessions past their expiry (they were already refused). */
  sessions: number;
}

/** Deletes sign-in state that can no longer matter. Run by the worker's scheduler. */
export async function pruneAuthState(db: DataSource, policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY): Promise<AuthHousekeeping> {
  const [{ n: signInFailures }]: { n: number }[] = await db.query(
    `WITH gone AS (
       DELETE FROM sign_in_failures
        WHERE first_failure_at < now() - make_interval(secs => $1::float8 / 1000)
          AND (blocked_until IS NULL OR blocked_until < now())
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [policy.windowMs],
  );
  const [{ n: sessions }]: { n: number }[] = await db.query(
    'WITH gone AS (DELETE FROM sessions WHERE expires_at < now() RETURNING 1) SELECT count(*)::int AS n FROM gone',
  );
  return { signInFailures, sessions };
}

import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConduitError } from '@conduit/shared';
import type { ActionResultType } from './action.types';

/** Limits of executeAction, as data so a deployment or a test can change them. */
export interface ExecutePolicy {
  /** Time the bot waits for one call, retries included, in ms. Default 10 s. */
  budgetMs: number;
  /** Calls of one action per caller (API key or user) per minute. Default 60. */
  callsPerMinute: number;
  /** How long an idempotency key returns its first result, in ms. Default 24 h. */
  idempotencyWindowMs: number;
  /** A key whose call has not finished after this long is considered abandoned (crashed process). */
  abandonedAfterMs: number;
}

export const DEFAULT_EXECUTE_POLICY: Readonly<ExecutePolicy> = Object.freeze({
  budgetMs: 10_000,
  callsPerMinute: 60,
  idempotencyWindowMs: 24 * 3_600_000,
  abandonedAfterMs: 60_000,
});

/**
 * Counts calls per caller and action in a sliding-start one-minute window, in PostgreSQL so that
 * every api process shares the count. Throws RATE_LIMITED past the limit: a chat visitor driving
 * a bot cannot enumerate ids through an action (the protection the Tidio document asks for).
 */
export async function checkRateLimit(db: DataSource, actionId: string, caller: string, policy: ExecutePolicy): Promise<void> {
  const [row] = (await db.query(
    `INSERT INTO action_rate_windows AS w (action_id, caller, window_start, calls) VALUES ($1, $2, now(), 1)
     ON CONFLICT (action_id, caller) DO UPDATE SET
       calls = CASE WHEN w.window_start > now() - interval '1 minute' THEN w.calls + 1 ELSE 1 END,
       window_start = CASE WHEN w.window_start > now() - interval '1 minute' THEN w.window_start ELSE now() END
     RETURNING calls, ceil(extract(epoch FROM w.window_start + interval '1 minute' - now()))::int AS retry_after`,
    [actionId, caller],
  )) as { calls: number; retry_after: number }[];
  if (row.calls > policy.callsPerMinute) {
    const seconds = Math.max(1, row.retry_after);
    throw new ConduitError(
      'RATE_LIMITED',
      `This caller has made more than ${policy.callsPerMinute} calls of this action in the last minute; try again in ${seconds} s.`,
      { retryAfterSeconds: seconds },
    );
  }
}

/** A stable hash of what a call asks for, so a reused idempotency key with other inputs is refused. */
export function callFingerprint(credentialId: string | null, inputs: unknown): string {
  return createHash('sha256').update(canonicalJson({ credentialId, inputs })).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What claiming an idempotency key gives: the call to make, or the first call's result. */
export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; result: ActionResultType };

/**
 * executeAction idempotency keys, per action, kept 24 hours. The first call claims the key and
 * stores its result; a repeat returns that result without calling the target again. A repeat
 * while the first is still running waits for it (within the caller's budget).
 */
export class IdempotencyKeys {
  constructor(
    private readonly db: DataSource,
    private readonly policy: ExecutePolicy,
  ) {}

  async claim(actionId: string, key: string, fingerprint: string, deadline: number): Promise<IdempotencyClaim> {
    if (key.length < 1 || key.length > 200) {
      throw new ConduitError('BAD_USER_INPUT', 'An idempotency key needs 1 to 200 characters.', { field: 'idempotencyKey' });
    }
    if (Math.random() < 0.01) await this.prune();
    for (;;) {
      const claimed: unknown[] = await this.db.query(
        `INSERT INTO action_idempotency_keys AS k (action_id, key, inputs_hash) VALUES ($1, $2, $3)
         ON CONFLICT (action_id, key) DO UPDATE SET inputs_hash = EXCLUDED.inputs_hash, result = NULL, created_at = now()
           WHERE k.created_at < now() - make_interval(secs => $4::float8 / 1000)
              OR (k.result IS NULL AND k.created_at < now() - make_interval(secs => $5::float8 / 1000))
         RETURNING 1`,
        [actionId, key, fingerprint, this.policy.idempotencyWindowMs, this.policy.abandonedAfterMs],
      );
      if (claimed.length > 0) return { kind: 'claimed' };
      const [first] = (await this.db.query('SELECT inputs_hash, result FROM action_idempotency_keys WHERE action_id = $1 AND key = $2', [actionId, key])) as {
        inputs_hash: string;
        result: ActionResultType | null;
      }[];
      if (!first) continue; // pruned in between: claim again
      if (first.inputs_hash !== fingerprint) {
        throw new ConduitError('CONFLICT', 'This idempotency key was already used for a call of this action with other inputs or another credential; use a new key.', {
          field: 'idempotencyKey',
        });
      }
      if (first.result) return { kind: 'replay', result: first.result };
      if (Date.now() + 100 > deadline) {
        throw new ConduitError('CONFLICT', 'A call with this idempotency key is still running; ask again later for its result.', { field: 'idempotencyKey' });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async complete(actionId: string, key: string, result: ActionResultType): Promise<void> {
    await this.db.query('UPDATE action_idempotency_keys SET result = $3::jsonb WHERE action_id = $1 AND key = $2', [actionId, key, JSON.stringify(result)]);
  }

  /** Forgets a claim whose call could not finish (an unexpected error), so the key can be used again. */
  async release(actionId: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM action_idempotency_keys WHERE action_id = $1 AND key = $2 AND result IS NULL', [actionId, key]);
  }

  private async prune(): Promise<void> {
    await this.db.query(
      `DELETE FROM action_idempotency_keys WHERE ctid IN (
         SELECT ctid FROM action_idempotency_keys WHERE created_at < now() - make_interval(secs => $1::float8 / 1000) LIMIT 1000)`,
      [this.policy.idempotencyWindowMs],
    );
  }
}

import { ConduitError } from '@conduit/shared';
import { LoginThrottle } from '../src/modules/auth/login-throttle';
import { pruneAuthState } from '../src/modules/auth/auth-housekeeping';
import { startTestApp, type TestApp } from './support/harness';

/**
 * The sign-in throttle's rules, on its table in PostgreSQL. Time passing is played by moving the
 * stored times back (the throttle reads the database's clock).
 */
describe('sign-in throttle (shared by every API process through PostgreSQL)', () => {
  let t: TestApp;
  const policy = { maxFailures: 3, windowMs: 60_000, blockMs: 120_000 };
  const age = (key: string, seconds: number) =>
    t.app.services.db.query(
      `UPDATE sign_in_failures SET first_failure_at = first_failure_at - make_interval(secs => $1),
              blocked_until = blocked_until - make_interval(secs => $1)
        WHERE key = encode(sha256(convert_to($2, 'UTF8')), 'hex')`,
      [seconds, key],
    );

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_ROLE: 'api' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('blocks a key after the maximum failures within the window, says for how long, and lets it try again after the block', async () => {
    const throttle = new LoginThrottle(t.app.services.db, policy);
    for (let i = 0; i < 3; i++) {
      await throttle.check('a@example.com|1.2.3.4');
      await throttle.fail('a@example.com|1.2.3.4');
    }
    await expect(throttle.check('a@example.com|1.2.3.4')).rejects.toThrow(ConduitError);
    await expect(throttle.check('a@example.com|1.2.3.4', 'password changes')).rejects.toThrow(/^Too many failed password changes. Try again in 2 minute\(s\)\.$/);
    await expect(throttle.check('b@example.com|1.2.3.4')).resolves.toBeUndefined();
    await age('a@example.com|1.2.3.4', 121);
    await expect(throttle.check('a@example.com|1.2.3.4')).resolves.toBeUndefined();
  });

  it('forgets failures older than the window, and all of them on a success', async () => {
    const throttle = new LoginThrottle(t.app.services.db, policy);
    await throttle.fail('k');
    await throttle.fail('k');
    await age('k', 61);
    await throttle.fail('k'); // a new window: one failure
    await throttle.fail('k');
    await expect(throttle.check('k')).resolves.toBeUndefined();
    await throttle.succeed('k');
    await throttle.fail('k');
    await throttle.fail('k');
    await expect(throttle.check('k')).resolves.toBeUndefined();
    await throttle.fail('k');
    await expect(throttle.check('k')).rejects.toThrow(/Too many failed sign-ins/);
  });

  it('counts failures arriving at once from many requests exactly', async () => {
    const throttle = new LoginThrottle(t.app.services.db, { ...policy, maxFailures: 50 });
    await Promise.all(Array.from({ length: 49 }, () => throttle.fail('burst')));
    await expect(throttle.check('burst')).resolves.toBeUndefined();
    await throttle.fail('burst');
    await expect(throttle.check('burst')).rejects.toThrow(/Too many failed sign-ins/);
  });

  it('housekeeping deletes counts that can no longer block and expired sessions, and keeps the rest', async () => {
    const db = t.app.services.db;
    await db.query('DELETE FROM sign_in_failures');
    const throttle = new LoginThrottle(db, policy);
    await throttle.fail('old');
    await age('old', 3_600);
    for (let i = 0; i < 3; i++) await throttle.fail('blocked');
    await age('blocked', 90); // window over, block not yet
    await throttle.fail('recent');
    await db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = (SELECT id FROM sessions ORDER BY created_at LIMIT 1)");
    const sessionsBefore = ((await db.query('SELECT count(*)::int AS n FROM sessions')) as { n: number }[])[0].n;

    const pruned = await pruneAuthState(db, policy);
    expect(pruned.sessions).toBe(1);
    expect(pruned.signInFailures).toBe(1); // 'old'
    expect(((await db.query('SELECT count(*)::int AS n FROM sessions')) as { n: number }[])[0].n).toBe(sessionsBefore - 1);
    await expect(throttle.check('blocked')).rejects.toThrow(/Too many failed sign-ins/);
    const keys = ((await db.query("SELECT key FROM sign_in_failures WHERE key IN (encode(sha256('old'), 'hex'), encode(sha256('recent'), 'hex'))")) as { key: string }[]).length;
    expect(keys).toBe(1); // 'recent' kept, 'old' gone
  });
});

import { ADMIN_EMAIL, ADMIN_PASSWORD, waitUntil } from './support/harness';
import { createTestDatabase } from './support/database';
import { recordCounts, startRole, type RoleProcess } from './support/cluster';

/**
 * An idle process of every role leaves promptly on SIGTERM, as a deployment runs it
 * (NODE_ENV=production: Apollo Server installs its own signal handlers unless NODE_ENV=test, and
 * those once kept an idle api process waiting until the hard-exit timer).
 */

const DRAIN_SECONDS = 5;
const DRAIN_MS = DRAIN_SECONDS * 1000;
/** main.ts gives up and exits 1 after this (2 × drain + 15 s). */
const HARD_EXIT_MS = 2 * DRAIN_MS + 15_000;

describe.each(['api', 'worker', 'all'] as const)('an idle %s process on SIGTERM', (role) => {
  let database: { url: string; drop(): Promise<void> };
  let conduit: RoleProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await conduit?.stop('SIGKILL');
    await database?.drop();
  });

  it('exits 0 after draining, without waiting for the drain time or the hard-exit timer', async () => {
    conduit = await startRole(role, database.url, {
      NODE_ENV: 'production',
      CONDUIT_ADMIN_EMAIL: ADMIN_EMAIL,
      CONDUIT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CONDUIT_SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS),
    });
    const url = conduit.url;
    await waitUntil(async () => (await fetch(`${url}/readyz`).then((r) => r.status).catch(() => 0)) === 200, 30_000);

    const sentAt = Date.now();
    const code = await Promise.race([
      conduit.stop('SIGTERM'),
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), HARD_EXIT_MS + 5_000).unref()),
    ]);
    const stopMs = Date.now() - sentAt;
    const log = conduit.output.join('');

    expect({ code, hardExit: log.includes('stopping took too long') }).toEqual({ code: 0, hardExit: false });
    expect(log).toContain('stopping: draining requests in flight');
    expect(log).toContain('stopped: drained and closed every connection');
    // Nothing was in flight, so there was nothing to wait for: well inside the drain bound.
    expect(stopMs).toBeLessThan(DRAIN_MS);
    recordCounts(`sigterm-idle-${role}`, { code: code === 0 ? 0 : String(code), stopMs, drainMs: DRAIN_MS, hardExitMs: HARD_EXIT_MS });
  }, HARD_EXIT_MS + 60_000);
});

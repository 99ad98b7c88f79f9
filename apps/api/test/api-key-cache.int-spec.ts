import { Client as PgClient } from 'pg';
import { ADMIN_EMAIL, ADMIN_PASSWORD, waitUntil } from './support/harness';
import { createTestDatabase } from './support/database';
import { gqlAt, loginAt, okAt, startRole, type RoleProcess } from './support/cluster';

/**
 * Each api process caches successful API-key lookups for a few seconds (here 300 s, so only an
 * eviction can end an entry during the test). Two api processes on one database: a revocation
 * made through one is refused on the next request to either.
 */

interface CacheStats {
  entries: number;
  hit: number;
  miss: number;
}

describe('API-key cache across api processes', () => {
  let database: { url: string; drop(): Promise<void> };
  let a: RoleProcess;
  let b: RoleProcess;
  let owner: string;
  const processes: RoleProcess[] = [];

  async function api(env: Record<string, string> = {}): Promise<RoleProcess> {
    const p = await startRole('api', database.url, {
      CONDUIT_ADMIN_EMAIL: ADMIN_EMAIL,
      CONDUIT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CONDUIT_API_KEY_CACHE_SECONDS: '300',
      ...env,
    });
    processes.push(p);
    return p;
  }

  async function createKey(role: string, name: string): Promise<{ id: string; secret: string }> {
    const { createApiKey } = await okAt<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      a.url,
      'mutation($n: String!, $r: Role!) { createApiKey(name: $n, role: $r) { secret apiKey { id } } }',
      { n: name, r: role },
      owner,
    );
    return { id: createApiKey.apiKey.id, secret: createApiKey.secret };
  }

  async function publish(p: RoleProcess, token: string): Promise<number> {
    const response = await fetch(`${p.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'ticket.created', payload: { n: 1 } }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  async function cache(p: RoleProcess): Promise<CacheStats> {
    const text = await (await fetch(`${p.url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    return {
      entries: value(/^conduit_api_key_cache_entries (\d+)$/m),
      hit: value(/^conduit_api_key_cache_lookups_total\{result="hit"\} (\d+)$/m),
      miss: value(/^conduit_api_key_cache_lookups_total\{result="miss"\} (\d+)$/m),
    };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await api();
    b = await api({ CONDUIT_API_KEY_CACHE_SIZE: '3' });
    owner = await loginAt(a.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  }, 90_000);
  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL');
    await database?.drop();
  });

  it('a key served from the cache of both processes is refused by both on the very next request after revokeApiKey', async () => {
    const key = await createKey('DEVELOPER', 'publisher');
    for (const p of [a, b]) {
      const before = await cache(p);
      expect([await publish(p, key.secret), await publish(p, key.secret), await publish(p, key.secret)]).toEqual([202, 202, 202]);
      const after = await cache(p);
      // One database lookup, then answers from the cache.
      expect({ miss: after.miss - before.miss, hit: after.hit - before.hit }).toEqual({ miss: 1, hit: 2 });
    }

    await okAt(a.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: key.id }, owner);
    expect(await publish(a, key.secret)).toBe(401);
    expect(await publish(b, key.secret)).toBe(401);
    const viaGraphql = await gqlAt(b.url, '{ viewer { role } }', {}, key.secret);
    expect(viaGraphql.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 30_000);

  it('unknown keys are never cached as valid', async () => {
    const before = await cache(b);
    const unknown = `cdk_unknown0_${'x'.repeat(43)}`;
    expect([await publish(b, unknown), await publish(b, unknown)]).toEqual([401, 401]);
    const after = await cache(b);
    expect({ entries: after.entries, hit: after.hit - before.hit, miss: after.miss - before.miss }).toEqual({ entries: before.entries, hit: 0, miss: 2 });
  });

  it('holds at most CONDUIT_API_KEY_CACHE_SIZE keys, and the keys it let go still work', async () => {
    const keys = await Promise.all([1, 2, 3, 4, 5].map((n) => createKey('DEVELOPER', `bounded ${n}`)));
    for (const key of keys) expect(await publish(b, key.secret)).toBe(202);
    expect((await cache(b)).entries).toBe(3);
    // The first two were pushed out: read again from the database, and accepted.
    const before = await cache(b);
    expect(await publish(b, keys[0].secret)).toBe(202);
    expect((await cache(b)).miss - before.miss).toBe(1);
    expect((await cache(b)).entries).toBe(3);
  });

  it('a role change or a removal takes effect at once for the member, and flushes the workspace\'s cached keys on every process', async () => {
    const key = await createKey('DEVELOPER', 'flushed');
    expect(await publish(b, key.secret)).toBe(202);
    expect((await cache(b)).entries).toBeGreaterThan(0);

    const email = 'dev@example.com';
    const { addMember } = await okAt<{ addMember: { temporaryPassword: string; member: { user: { id: string } } } }>(
      a.url,
      'mutation($i: AddMemberInput!) { addMember(input: $i) { temporaryPassword member { user { id } } } }',
      { i: { email, role: 'DEVELOPER' } },
      owner,
    );
    const userId = addMember.member.user.id;
    const member = await loginAt(b.url, email, addMember.temporaryPassword);
    expect(await okAt(b.url, '{ viewer { role } }', {}, member)).toEqual({ viewer: { role: 'DEVELOPER' } });

    await okAt(a.url, 'mutation($u: ID!, $r: Role!) { updateMemberRole(userId: $u, role: $r) { role } }', { u: userId, r: 'VIEWER' }, owner);
    // Sessions are not cached: the very next request on the other process has the new role.
    expect(await okAt(b.url, '{ viewer { role } }', {}, member)).toEqual({ viewer: { role: 'VIEWER' } });
    const refused = await gqlAt(b.url, 'mutation { createApiKey(name: "x", role: VIEWER) { secret } }', {}, member);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The notification reached the other process and emptied its cache of this workspace.
    await waitUntil(async () => (await cache(b)).entries === 0, 10_000);
    expect(await publish(b, key.secret)).toBe(202); // still valid, read again

    await okAt(a.url, 'mutation($u: ID!) { removeMember(userId: $u) }', { u: userId }, owner);
    const removed = await gqlAt(b.url, '{ viewer { role } }', {}, member);
    expect(removed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await waitUntil(async () => (await cache(b)).entries === 0, 10_000);
  }, 30_000);

  it('forgets every cached key when its notification connection was lost (a revocation may have been missed)', async () => {
    const key = await createKey('DEVELOPER', 'reconnect');
    expect([await publish(a, key.secret), await publish(b, key.secret)]).toEqual([202, 202]);
    expect((await cache(a)).entries).toBeGreaterThan(0);
    expect((await cache(b)).entries).toBeGreaterThan(0);

    const pg = new PgClient({ connectionString: database.url });
    await pg.connect();
    try {
      const listeners = async () =>
        (await pg.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'conduit-listen'")).rows.map((r: { pid: number }) => r.pid);
      const old = await listeners();
      expect(old).toHaveLength(2);
      await pg.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [old]);
      await waitUntil(async () => (await listeners()).filter((pid) => !old.includes(pid)).length === 2, 15_000);
      await waitUntil(async () => (await cache(a)).entries === 0 && (await cache(b)).entries === 0, 10_000);
    } finally {
      await pg.end();
    }
    expect(await publish(b, key.secret)).toBe(202);
  }, 30_000);
});

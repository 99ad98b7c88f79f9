import { STANDARD_EVENT_TYPES } from '@conduit/shared';
import { sha256 } from '../src/modules/auth/sha256';
import { UserEntity } from '../src/modules/users/user.entity';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type GraphQLResponse, type TestApp } from './support/harness';
import { connectWs, createApiKey, errorCodes, firstError, http, wsExecute } from './support/api';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id email } workspace { id name } } }';
const VIEWER = '{ viewer { role user { id email } apiKey { id name role prefix } workspace { id name } } }';
const API_KEYS = '{ apiKeys { id name role prefix createdAt lastUsedAt revokedAt } }';

interface Session {
  token: string;
  user: { id: string; email: string };
  workspace: { id: string; name: string };
}
interface Viewer {
  viewer: {
    role: string;
    user: { id: string; email: string } | null;
    apiKey: { id: string; name: string; role: string; prefix: string } | null;
    workspace: { id: string; name: string };
  };
}
interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A GraphQL request from a chosen client address (the app trusts X-Forwarded-For from loopback only). */
async function loginFrom(t: TestApp, ip: string, email: string, password: string): Promise<GraphQLResponse<{ login: Session }>> {
  const response = await http(t, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  return response.json as GraphQLResponse<{ login: Session }>;
}

describe('authentication, workspaces and API keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function login(email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<GraphQLResponse<{ login: Session }>> {
    return t.gql<{ login: Session }>(LOGIN, { e: email, p: password }, null);
  }

  describe('owner bootstrap and sign-in', () => {
    it('creates the owner from CONDUIT_ADMIN_EMAIL/PASSWORD with a default workspace, and only that user', async () => {
      const result = await login();
      expect(result.errors).toBeUndefined();
      const session = result.data?.login as Session;
      expect(session.token).toMatch(/^cds_/);
      expect(session.user.email).toBe(ADMIN_EMAIL);
      expect(session.workspace.name).toBe('Default workspace');
      const viewer = await t.ok<Viewer>(VIEWER, {}, session.token);
      expect(viewer.viewer).toMatchObject({ role: 'OWNER', user: { email: ADMIN_EMAIL }, apiKey: null, workspace: { id: session.workspace.id } });
      expect(await t.app.services.db.getRepository(UserEntity).count()).toBe(1);
    });

    it('does not create another owner when the app restarts on a database that already has users', async () => {
      const second = await startTestApp({ CONDUIT_ADMIN_EMAIL: 'someone-else@example.com', CONDUIT_ADMIN_PASSWORD: 'another-long-password' }, { databaseUrl: t.databaseUrl });
      try {
        const other = await second.gql(LOGIN, { e: 'someone-else@example.com', p: 'another-long-password' }, null);
        expect(errorCodes(other)).toEqual(['UNAUTHENTICATED']);
        expect(await t.app.services.db.getRepository(UserEntity).count()).toBe(1);
      } finally {
        await second.stop();
      }
    });

    it('signs in with the email in any letter case', async () => {
      const result = await login(ADMIN_EMAIL.toUpperCase());
      expect(result.errors).toBeUndefined();
      expect(result.data?.login.user.email).toBe(ADMIN_EMAIL);
    });

    it('refuses a wrong password with UNAUTHENTICATED and a message that does not say which part was wrong', async () => {
      const wrongPassword = await login(ADMIN_EMAIL, 'not-the-password');
      expect(wrongPassword.data ?? null).toBeNull();
      expect(firstError(wrongPassword)).toMatchObject({ message: 'Wrong email or password.', extensions: { code: 'UNAUTHENTICATED' } });
      const unknownUser = await login('nobody@example.com', ADMIN_PASSWORD);
      expect(firstError(unknownUser)).toMatchObject({ message: 'Wrong email or password.', extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('answers RATE_LIMITED after repeated failed sign-ins, even for the right password, without locking out other addresses', async () => {
      const attacker = '203.0.113.7';
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 20 && !codes.includes('RATE_LIMITED'); i++) {
        codes.push(...errorCodes(await loginFrom(t, attacker, ADMIN_EMAIL, `guess-number-${i}`)));
      }
      const firstLimited = codes.indexOf('RATE_LIMITED');
      expect(firstLimited).toBeGreaterThanOrEqual(3); // a couple of typos never lock anyone out
      expect(codes.slice(0, firstLimited).every((c) => c === 'UNAUTHENTICATED')).toBe(true);

      const rightPassword = await loginFrom(t, attacker, ADMIN_EMAIL, ADMIN_PASSWORD);
      expect(rightPassword.data ?? null).toBeNull();
      expect(firstError(rightPassword).extensions?.code).toBe('RATE_LIMITED');
      expect(firstError(rightPassword).message).toMatch(/Too many failed sign-ins. Try again in \d+ minute/);

      const elsewhere = await loginFrom(t, '198.51.100.20', ADMIN_EMAIL, ADMIN_PASSWORD);
      expect(elsewhere.errors).toBeUndefined();
      expect(elsewhere.data?.login.user.email).toBe(ADMIN_EMAIL);
    });

    it('counts failed sign-ins in the database: two API replicas share one limit, a restart forgets nothing, and no email or address is stored in clear', async () => {
      const attacker = '203.0.113.99';
      const replica = await startTestApp({}, { databaseUrl: t.databaseUrl });
      try {
        // Ten wrong guesses, alternating between the replicas: five each, under the limit of either alone.
        for (let i = 0; i < 10; i++) {
          expect(errorCodes(await loginFrom(i % 2 === 0 ? t : replica, attacker, ADMIN_EMAIL, `guess-${i}`))).toEqual(['UNAUTHENTICATED']);
        }
        for (const app of [t, replica]) {
          expect(firstError(await loginFrom(app, attacker, ADMIN_EMAIL, ADMIN_PASSWORD))).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
        }
      } finally {
        await replica.stop();
      }
      // A replica started afterwards (a restart) still refuses.
      const restarted = await startTestApp({}, { databaseUrl: t.databaseUrl });
      try {
        expect(firstError(await loginFrom(restarted, attacker, ADMIN_EMAIL, ADMIN_PASSWORD))).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
      } finally {
        await restarted.stop();
      }
      const stored = JSON.stringify(await t.app.services.db.query('SELECT * FROM sign_in_failures'));
      expect(stored).not.toContain(attacker);
      expect(stored.toLowerCase()).not.toContain(ADMIN_EMAIL.toLowerCase());
    });
  });

  describe('tokens', () => {
    it('answers UNAUTHENTICATED to protected operations sent without a token', async () => {
      const operations = [
        '{ viewer { role } }',
        '{ workspaces { id } }',
        '{ apiKeys { id } }',
        '{ eventTypes { name } }',
        '{ events { id } }',
        '{ webhooks { id } }',
        '{ deliveries { items { id } } }',
        'mutation { publishEvent(input: { type: "ticket.created", payload: {} }) { id } }',
        'mutation { createApiKey(name: "x", role: VIEWER) { secret } }',
        'mutation { createWorkspace(name: "x") { token } }',
      ];
      for (const query of operations) {
        const result = await t.gql(query, {}, null);
        expect({ query, codes: errorCodes(result) }).toEqual({ query, codes: ['UNAUTHENTICATED'] });
      }
      const { events } = await t.ok<{ events: unknown[] }>('{ events { id } }');
      expect(events).toEqual([]);
    });

    it('answers UNAUTHENTICATED (HTTP 401) to an invalid bearer token, session-like or API-key-like', async () => {
      for (const token of ['cds_not-a-real-session', 'cdk_abcdefgh_not-a-real-key', 'garbage']) {
        const response = await http(t, '/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ viewer { role } }' }),
        });
        expect(response.status).toBe(401);
        const body = response.json as GraphQLResponse<unknown>;
        expect({ token, codes: errorCodes(body) }).toEqual({ token, codes: ['UNAUTHENTICATED'] });
        expect(firstError(body).message).toMatch(/invalid, expired or revoked/);
      }
    });

    it('stops accepting a session token once it has expired', async () => {
      const session = (await login()).data?.login as Session;
      expect((await t.gql(VIEWER, {}, session.token)).errors).toBeUndefined();
      await t.app.services.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [sha256(session.token)]);
      expect(errorCodes(await t.gql(VIEWER, {}, session.token))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a graphql-ws connection whose connection_init has no valid authorization (close 4403)', async () => {
      for (const params of [{}, { authorization: 'Bearer garbage' }, { authorization: 'cds_nope' }, { authorization: 42 }]) {
        const { client, outcome } = connectWs(t, params);
        try {
          expect({ params, outcome: await outcome }).toEqual({ params, outcome: { connected: false, code: 4403, reason: 'Forbidden' } });
        } finally {
          await client.dispose();
        }
      }
      const { client, outcome } = connectWs(t, { authorization: `Bearer ${t.ownerToken}` });
      try {
        expect(await outcome).toEqual({ connected: true });
        const result = await wsExecute<{ viewer: { role: string; user: { email: string } } }>(client, '{ viewer { role user { email } } }');
        expect(result.data?.viewer).toEqual({ role: 'OWNER', user: { email: ADMIN_EMAIL } });
      } finally {
        await client.dispose();
      }
    });
  });

  describe('workspaces', () => {
    it('createWorkspace makes the caller its OWNER, scopes the new session to it and seeds the event catalogue', async () => {
      const { createWorkspace } = await t.ok<{ createWorkspace: Session }>('mutation { createWorkspace(name: "  Support team  ") { token user { email } workspace { id name } } }');
      expect(createWorkspace.workspace.name).toBe('Support team');
      expect(createWorkspace.user.email).toBe(ADMIN_EMAIL);
      expect(createWorkspace.token).not.toBe(t.ownerToken);

      const viewer = await t.ok<Viewer>(VIEWER, {}, createWorkspace.token);
      expect(viewer.viewer).toMatchObject({ role: 'OWNER', workspace: { id: createWorkspace.workspace.id, name: 'Support team' } });
      const before = await t.ok<Viewer>(VIEWER);
      expect(before.viewer.workspace.id).not.toBe(createWorkspace.workspace.id);

      const { eventTypes } = await t.ok<{ eventTypes: { name: string; example: unknown }[] }>('{ eventTypes { name example } }', {}, createWorkspace.token);
      expect(eventTypes.map((e) => e.name).sort()).toEqual(STANDARD_EVENT_TYPES.map((e) => e.name).sort());
      expect(eventTypes.find((e) => e.name === 'ticket.created')?.example).toEqual(STANDARD_EVENT_TYPES.find((e) => e.name === 'ticket.created')?.example);

      const { workspaces } = await t.ok<{ workspaces: { id: string; name: string }[] }>('{ workspaces { id name } }');
      expect(workspaces.map((w) => w.name)).toEqual(expect.arrayContaining(['Default workspace', 'Support team']));
    });

    it('refuses an empty workspace name and creates nothing', async () => {
      const before = (await t.ok<{ workspaces: unknown[] }>('{ workspaces { id } }')).workspaces.length;
      const result = await t.gql('mutation { createWorkspace(name: "   ") { token } }');
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(firstError(result).message).toMatch(/1 to 100 characters/);
      expect((await t.ok<{ workspaces: unknown[] }>('{ workspaces { id } }')).workspaces).toHaveLength(before);
    });

    it('switchWorkspace issues a session for a workspace the user belongs to', async () => {
      const { createWorkspace } = await t.ok<{ createWorkspace: Session }>('mutation { createWorkspace(name: "Switch target") { token workspace { id } } }');
      const { switchWorkspace } = await t.ok<{ switchWorkspace: Session }>('mutation($id: ID!) { switchWorkspace(id: $id) { token workspace { id name } } }', {
        id: createWorkspace.workspace.id,
      });
      expect(switchWorkspace.workspace).toEqual({ id: createWorkspace.workspace.id, name: 'Switch target' });
      const viewer = await t.ok<Viewer>(VIEWER, {}, switchWorkspace.token);
      expect(viewer.viewer.workspace.id).toBe(createWorkspace.workspace.id);
    });

    it('switchWorkspace to another user\'s workspace, or to an id that does not exist, answers NOT_FOUND', async () => {
      const { auth, workspaces, db } = t.app.services;
      const other = await db.getRepository(UserEntity).save({ email: 'other-owner@example.com', passwordHash: await auth.hashPassword('other-password-123') });
      const foreign = await workspaces.create('Someone else', other.id);
      const SWITCH = 'mutation($id: ID!) { switchWorkspace(id: $id) { token } }';
      for (const id of [foreign.id, '00000000-0000-4000-8000-000000000000', 'not-a-workspace', '-'.repeat(36)]) {
        const result = await t.gql(SWITCH, { id });
        expect({ id, codes: errorCodes(result), data: result.data ?? null }).toEqual({ id, codes: ['NOT_FOUND'], data: null });
      }
      // The other user does see their own workspace.
      const otherLogin = await login('other-owner@example.com', 'other-password-123');
      expect(otherLogin.data?.login.workspace.id).toBe(foreign.id);
    });
  });

  describe('API keys', () => {
    it('shows the secret once (cdk_…, starting with the listed prefix) and never again, and stores only a hash', async () => {
      const { createApiKey: created } = await t.ok<{ createApiKey: { secret: string; apiKey: ApiKeyRow } }>(
        `mutation { createApiKey(name: " CI pipeline ", role: DEVELOPER) { secret apiKey { id name role prefix createdAt lastUsedAt revokedAt } } }`,
      );
      expect(created.secret).toMatch(/^cdk_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{40,}$/);
      expect(created.apiKey).toMatchObject({ name: 'CI pipeline', role: 'DEVELOPER', lastUsedAt: null, revokedAt: null });
      expect(created.apiKey.prefix).toMatch(/^cdk_/);
      expect(created.secret.startsWith(created.apiKey.prefix)).toBe(true);
      expect(created.secret.length).toBeGreaterThan(created.apiKey.prefix.length + 20);

      const listed = await t.gql<{ apiKeys: ApiKeyRow[] }>(API_KEYS);
      expect(listed.data?.apiKeys.find((k) => k.id === created.apiKey.id)).toMatchObject({ prefix: created.apiKey.prefix, name: 'CI pipeline' });
      expect(JSON.stringify(listed)).not.toContain(created.secret);
      const rows: unknown[] = await t.app.services.db.query('SELECT * FROM api_keys');
      expect(JSON.stringify(rows)).not.toContain(created.secret);
      expect(JSON.stringify(rows)).not.toContain(created.secret.slice(created.apiKey.prefix.length + 1));
    });

    it('authenticates with the key as a Bearer token on HTTP and in graphql-ws connection_init, and records lastUsedAt', async () => {
      const key = await createApiKey(t, 'DEVELOPER', undefined, 'integration');
      const viewer = await t.ok<Viewer>(VIEWER, {}, key.secret);
      expect(viewer.viewer).toMatchObject({ role: 'DEVELOPER', user: null, apiKey: { id: key.id, name: 'integration', role: 'DEVELOPER' } });
      const { workspaces } = await t.ok<{ workspaces: { id: string }[] }>('{ workspaces { id } }', {}, key.secret);
      expect(workspaces.map((w) => w.id)).toEqual([viewer.viewer.workspace.id]);

      const { client, outcome } = connectWs(t, { authorization: `Bearer ${key.secret}` });
      try {
        expect(await outcome).toEqual({ connected: true });
        const overWs = await wsExecute<{ viewer: { role: string; apiKey: { id: string } } }>(client, '{ viewer { role apiKey { id } } }');
        expect(overWs.data?.viewer).toEqual({ role: 'DEVELOPER', apiKey: { id: key.id } });
      } finally {
        await client.dispose();
      }

      const { apiKeys } = await t.ok<{ apiKeys: ApiKeyRow[] }>(API_KEYS);
      const row = apiKeys.find((k) => k.id === key.id) as ApiKeyRow;
      expect(row.lastUsedAt).not.toBeNull();
      expect(Date.parse(row.lastUsedAt as string)).toBeGreaterThanOrEqual(Date.parse(row.createdAt) - 1000);
      expect(Date.now() - Date.parse(row.lastUsedAt as string)).toBeLessThan(60_000);
    });

    it('a key revoked while its WebSocket is open can run no further operation on it', async () => {
      const key = await createApiKey(t, 'DEVELOPER', undefined, 'open socket');
      const { client, outcome } = connectWs(t, { authorization: `Bearer ${key.secret}` });
      try {
        expect(await outcome).toEqual({ connected: true });
        const before = await wsExecute<{ viewer: { role: string } }>(client, '{ viewer { role } }');
        expect(before.data?.viewer.role).toBe('DEVELOPER');
        await t.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: key.id });
        const after = await wsExecute<{ publishEvent: { id: string } }>(client, 'mutation { publishEvent(input: { type: "ticket.created", payload: {} }) { id } }').catch(
          (errors: unknown) => ({ errors: (Array.isArray(errors) ? errors : JSON.parse((errors as Error).message)) as { extensions?: { code?: string } }[] }),
        );
        expect((after.errors ?? []).map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      } finally {
        await client.dispose();
      }
    });

    it('errors over graphql-ws carry the same extensions.code as over HTTP', async () => {
      const viewer = await createApiKey(t, 'VIEWER', undefined, 'ws viewer');
      const { client, outcome } = connectWs(t, { authorization: `Bearer ${viewer.secret}` });
      try {
        expect(await outcome).toEqual({ connected: true });
        const refused = await wsExecute(client, 'mutation { publishEvent(input: { type: "ticket.created", payload: {} }) { id } }');
        expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        const missing = await wsExecute(client, 'query { webhook(id: "00000000-0000-4000-8000-000000000000") { id } }');
        expect(missing.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      } finally {
        await client.dispose();
      }
    });

    it('a revoked key stops working on HTTP, graphql-ws and REST (UNAUTHENTICATED) and is listed as revoked', async () => {
      const key = await createApiKey(t, 'DEVELOPER', undefined, 'to revoke');
      expect((await t.gql(VIEWER, {}, key.secret)).errors).toBeUndefined();

      const { revokeApiKey } = await t.ok<{ revokeApiKey: ApiKeyRow }>('mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', { id: key.id });
      expect(revokeApiKey.revokedAt).not.toBeNull();

      const http401 = await t.gql(VIEWER, {}, key.secret);
      expect(errorCodes(http401)).toEqual(['UNAUTHENTICATED']);
      const { client, outcome } = connectWs(t, { authorization: `Bearer ${key.secret}` });
      try {
        expect(await outcome).toMatchObject({ connected: false, code: 4403 });
      } finally {
        await client.dispose();
      }
      const rest = await http(t, '/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` },
        body: JSON.stringify({ type: 'ticket.created', payload: {} }),
      });
      expect(rest.status).toBe(401);
      expect(rest.json).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

      const { apiKeys } = await t.ok<{ apiKeys: ApiKeyRow[] }>(API_KEYS);
      expect(apiKeys.find((k) => k.id === key.id)?.revokedAt).toBe(revokeApiKey.revokedAt);
    });

    it('revokeApiKey of an id that does not exist, or is not a UUID, answers NOT_FOUND', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-key-id']) {
        const result = await t.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id });
        expect({ id, codes: errorCodes(result) }).toEqual({ id, codes: ['NOT_FOUND'] });
      }
    });

    it('refuses to create a key more powerful than its creator (DEVELOPER or ADMIN → OWNER is FORBIDDEN) and creates nothing', async () => {
      const developer = await createApiKey(t, 'DEVELOPER');
      const admin = await createApiKey(t, 'ADMIN');
      const countBefore = (await t.ok<{ apiKeys: unknown[] }>(API_KEYS)).apiKeys.length;
      for (const creator of [developer, admin]) {
        const result = await t.gql('mutation { createApiKey(name: "escalate", role: OWNER) { secret } }', {}, creator.secret);
        expect(errorCodes(result)).toEqual(['FORBIDDEN']);
        expect(result.data ?? null).toBeNull();
      }
      expect((await t.ok<{ apiKeys: unknown[] }>(API_KEYS)).apiKeys).toHaveLength(countBefore);
      // An ADMIN may create keys up to its own role.
      const peer = await t.gql<{ createApiKey: { apiKey: { role: string } } }>('mutation { createApiKey(name: "peer", role: ADMIN) { apiKey { role } } }', {}, admin.secret);
      expect(peer.data?.createApiKey.apiKey.role).toBe('ADMIN');
    });

    it('API keys cannot create or switch workspaces (FORBIDDEN): those act for a person', async () => {
      const key = await createApiKey(t, 'OWNER', undefined, 'owner key');
      const create = await t.gql('mutation { createWorkspace(name: "by key") { token } }', {}, key.secret);
      expect(errorCodes(create)).toEqual(['FORBIDDEN']);
      const viewer = await t.ok<Viewer>(VIEWER);
      const switched = await t.gql('mutation($id: ID!) { switchWorkspace(id: $id) { token } }', { id: viewer.viewer.workspace.id }, key.secret);
      expect(errorCodes(switched)).toEqual(['FORBIDDEN']);
      const { workspaces } = await t.ok<{ workspaces: { name: string }[] }>('{ workspaces { name } }');
      expect(workspaces.map((w) => w.name)).not.toContain('by key');
    });
  });
});

import { Client as PgClient } from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { ADMIN_EMAIL, ADMIN_PASSWORD, waitUntil } from './support/harness';
import { createTestDatabase } from './support/database';
import { loginAt, okAt, recordCounts, startRole, tally, type RoleProcess } from './support/cluster';

/**
 * SIGTERM, as an orchestrator sends it: requests and deliveries in flight finish within the drain
 * time (CONDUIT_SHUTDOWN_DRAIN_SECONDS), what cannot finish is released to other workers at once,
 * WebSocket clients get a close frame, and a restarted process takes over.
 */

interface OpenDelivery {
  id: string;
  status: string;
  lease_until: Date | null;
}

describe('graceful shutdown on SIGTERM', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgClient;
  let api: RoleProcess;
  let receiver: Receiver;
  let token: string;
  const processes: RoleProcess[] = [];

  async function role(name: 'api' | 'worker', env: Record<string, string>): Promise<RoleProcess> {
    const p = await startRole(name, database.url, { CONDUIT_ADMIN_EMAIL: ADMIN_EMAIL, CONDUIT_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env });
    processes.push(p);
    return p;
  }

  async function webhook(path: string, timeoutMs: number): Promise<void> {
    await okAt(api.url, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
      i: { url: `${receiver.url}${path}`, events: ['ticket.created'], filter: { path }, retryPolicy: { schedule: [1, 1], timeoutMs } },
    }, token);
  }

  async function publish(path: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { publishEvent } = await okAt<{ publishEvent: { deliveries: { id: string }[] } }>(
        api.url,
        'mutation($i: PublishEventInput!) { publishEvent(input: $i) { deliveries { id } } }',
        { i: { type: 'ticket.created', payload: { path, n: i } } },
        token,
      );
      ids.push(...publishEvent.deliveries.map((d) => d.id));
    }
    return ids;
  }

  async function deliveries(ids: string[]): Promise<OpenDelivery[]> {
    return (await db.query('SELECT d.id, d.status, q.lease_until FROM deliveries d LEFT JOIN delivery_queue q ON q.delivery_id = d.id WHERE d.id = ANY($1::text[])', [ids])).rows as OpenDelivery[];
  }

  async function stopTimed(p: RoleProcess): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    const code = await p.stop('SIGTERM');
    return { code, ms: Date.now() - started };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new PgClient({ connectionString: database.url });
    await db.connect();
    receiver = await startReceiver({ paths: { '/slow': { latencyMs: 1_500 }, '/stuck': { hang: true } } });
    api = await role('api', { CONDUIT_SHUTDOWN_DRAIN_SECONDS: '5' });
    token = await loginAt(api.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  }, 60_000);
  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL');
    await receiver?.close();
    await db?.end();
    await database?.drop();
  });

  it('a worker drains the deliveries in flight and commits them, so its replacement sends nothing twice', async () => {
    await webhook('/slow', 5_000);
    const worker = await role('worker', { CONDUIT_SHUTDOWN_DRAIN_SECONDS: '5', CONDUIT_LEASE_SECONDS: '60', CONDUIT_DISPATCH_CONCURRENCY: '20' });
    const ids = await publish('/slow', 60);
    await waitUntil(() => receiver.stats().pending >= 15, 10_000, () => JSON.stringify(receiver.stats()));
    const inFlight = receiver.stats().pending;

    const stopped = await stopTimed(worker);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5_000); // the 1.5 s answers, not the 5 s drain bound
    const afterStop = await deliveries(ids);
    // Everything the receiver was sent before SIGTERM is committed; nothing is left leased.
    const sent = new Set(receiver.requests.filter((r) => r.path === '/slow').map((r) => String(r.headers['webhook-id'])));
    expect(afterStop.filter((d) => sent.has(d.id) && d.status !== 'SUCCEEDED')).toEqual([]);
    expect(afterStop.filter((d) => d.lease_until !== null)).toEqual([]);
    const succeededAtStop = afterStop.filter((d) => d.status === 'SUCCEEDED').length;
    expect(succeededAtStop).toBeGreaterThanOrEqual(inFlight);
    expect(succeededAtStop).toBeLessThan(ids.length); // work was left for the replacement

    const replacement = await role('worker', { CONDUIT_LEASE_SECONDS: '60', CONDUIT_DISPATCH_CONCURRENCY: '20' });
    await waitUntil(async () => (await deliveries(ids)).every((d) => d.status === 'SUCCEEDED'), 30_000);
    expect(await replacement.stop('SIGTERM')).toBe(0);
    const perId = tally(receiver.requests.filter((r) => r.path === '/slow').map((r) => String(r.headers['webhook-id'])));
    expect([...perId.keys()].sort()).toEqual([...ids].sort());
    expect([...perId.values()].filter((n) => n > 1)).toEqual([]);
    recordCounts('sigterm-worker-drains', { deliveries: ids.length, inFlightAtSigterm: inFlight, stopMs: stopped.ms, succeededAtStop, leasedAfterStop: 0, duplicates: 0, lost: 0 });
  }, 90_000);

  it('a worker stuck on receivers that never answer stops within its drain time and releases them at once to the next worker', async () => {
    await webhook('/stuck', 30_000);
    const worker = await role('worker', { CONDUIT_SHUTDOWN_DRAIN_SECONDS: '2', CONDUIT_LEASE_SECONDS: '60' });
    const ids = await publish('/stuck', 3);
    await waitUntil(() => receiver.requests.filter((r) => r.path === '/stuck').length === 3, 10_000);

    const stopped = await stopTimed(worker);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(2_000 + 3_000); // not the 30 s timeout
    const afterStop = await deliveries(ids);
    expect(afterStop.map((d) => [d.status, d.lease_until])).toEqual([
      ['PENDING', null],
      ['PENDING', null],
      ['PENDING', null],
    ]);

    // The receiver recovers; the next worker re-sends at once (not after the 60 s lease), same ids.
    receiver.setBehaviour({}, '/stuck');
    const restartedAt = Date.now();
    await role('worker', { CONDUIT_LEASE_SECONDS: '60' });
    await waitUntil(async () => (await deliveries(ids)).every((d) => d.status === 'SUCCEEDED'), 20_000);
    const resentMs = Date.now() - restartedAt;
    expect(resentMs).toBeLessThan(15_000);
    const perId = tally(receiver.requests.filter((r) => r.path === '/stuck').map((r) => String(r.headers['webhook-id'])));
    expect(Object.fromEntries(perId)).toEqual(Object.fromEntries(ids.map((id) => [id, 2])));
    // The cut requests left no attempt behind: the only attempt is the one that succeeded.
    const { rows } = await db.query('SELECT delivery_id, number, outcome FROM delivery_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id', [ids]);
    expect(rows.map((r: { number: number; outcome: string }) => [r.number, r.outcome])).toEqual([
      [1, 'SUCCESS'],
      [1, 'SUCCESS'],
      [1, 'SUCCESS'],
    ]);
    recordCounts('sigterm-worker-bounded', { stuckInFlight: 3, drainMs: 2_000, stopMs: stopped.ms, resentWithinMs: resentMs, duplicates: 3, lost: 0 });
  }, 90_000);

  it('an api process finishes the request in flight, closes WebSockets with a close frame (1001), and exits 0', async () => {
    const { createIntegration } = await okAt<{ createIntegration: { id: string } }>(api.url, 'mutation { createIntegration(input: { name: "Slow", authScheme: NONE }) { id } }', {}, token);
    const { createAction } = await okAt<{ createAction: { id: string } }>(
      api.url,
      'mutation($id: ID!, $i: ActionDefinitionInput!) { createAction(integrationId: $id, input: $i) { id } }',
      { id: createIntegration.id, i: { name: 'Slow call', request: { method: 'GET', url: `${receiver.url}/slow/action` } } },
      token,
    );
    let closeEvent: { code: number; reason: string; wasClean: boolean } | null = null;
    const client = createClient({
      url: `${api.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: {
        closed: (event) => {
          const e = event as { code: number; reason: string; wasClean: boolean };
          closeEvent = { code: e.code, reason: String(e.reason), wasClean: e.wasClean };
        },
      },
    });
    client.subscribe({ query: 'subscription { deliveryAttempts { id } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 300));

    // A 1.5 s action call is in flight when SIGTERM arrives.
    const call = okAt<{ testAction: { result: { ok: boolean; status: number } } }>(
      api.url,
      'mutation($id: ID!) { testAction(id: $id, inputs: {}) { result { ok status } } }',
      { id: createAction.id },
      token,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = stopTimed(api);
    const answer = await call;
    expect(answer.testAction.result).toEqual({ ok: true, status: 200 });
    const { code, ms } = await stopped;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5_000 + 2_000);
    await waitUntil(() => closeEvent !== null, 5_000);
    expect(closeEvent).toMatchObject({ code: 1001, wasClean: true });
    await client.dispose();

    // A new api process on the same database serves the same session.
    api = await role('api', {});
    const viewer = await okAt<{ viewer: { role: string } }>(api.url, '{ viewer { role } }', {}, token);
    expect(viewer.viewer.role).toBe('OWNER');
    recordCounts('sigterm-api', { requestInFlightCompleted: true, webSocketCloseCode: 1001, stopMs: ms });
  }, 60_000);
});

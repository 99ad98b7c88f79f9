import { Client as PgClient } from 'pg';
import type { Client as WsClient } from 'graphql-ws';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { ADMIN_EMAIL, ADMIN_PASSWORD, subscribe, waitUntil } from './support/harness';
import { createTestDatabase } from './support/database';
import { loginAt, okAt, recordCounts, startRole, tally, wsAt, type RoleProcess } from './support/cluster';

/**
 * docker-compose.yml's topology from processes: two api and two worker processes on one database,
 * all started at the same moment. Each delivery is sent once per attempt (no two workers claim
 * the same delivery), and every attempt streams to subscribers on either api process.
 */

const WEBHOOKS = 10;
const EVENTS = 200;

describe('two api and two worker processes sharing one database (the docker-compose topology)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgClient;
  const processes: RoleProcess[] = [];
  let apis: RoleProcess[] = [];
  let workers: RoleProcess[] = [];
  let receiver: Receiver;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new PgClient({ connectionString: database.url });
    // Every replica gets the first owner's settings, as in docker-compose.yml, and all start together.
    const env = { CONDUIT_ADMIN_EMAIL: ADMIN_EMAIL, CONDUIT_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const started = await Promise.allSettled([
      startRole('api', database.url, env),
      startRole('api', database.url, env),
      startRole('worker', database.url, env),
      startRole('worker', database.url, env),
    ]);
    for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
    const failures = started.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => String(s.reason).slice(0, 2_000));
    expect(failures).toEqual([]);
    apis = processes.filter((p) => p.role === 'api');
    workers = processes.filter((p) => p.role === 'worker');
    await db.connect();
    receiver = await startReceiver({ behaviour: { latencyMs: 5 }, paths: { '/flaky': { errorRate: 0.3, failStatus: 503, latencyMs: 5 } } });
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    for (const p of processes) await p.stop('SIGKILL');
    await receiver?.close();
    await db?.end();
    await database?.drop();
  });

  it('replicas starting together on an empty database create one owner and one workspace', async () => {
    const { rows } = await db.query('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM workspaces)::int AS workspaces');
    expect(rows[0]).toEqual({ users: 1, workspaces: 1 });
  });

  it('sends each delivery once per attempt (no double claim) and streams every attempt to subscribers on both api processes', async () => {
    const token = await loginAt(apis[0].url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const { createApiKey } = await okAt<{ createApiKey: { secret: string } }>(apis[1].url, 'mutation { createApiKey(name: "platform", role: DEVELOPER) { secret } }', {}, token);
    for (let i = 0; i < WEBHOOKS; i++) {
      // Half the endpoints fail 30 % of the time, so deliveries take several attempts.
      const path = i % 2 === 0 ? `/flaky/${i}` : `/steady/${i}`;
      await okAt(apis[i % 2].url, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
        i: { url: `${receiver.url}${path}`, events: ['ticket.*'], retryPolicy: { schedule: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2], timeoutMs: 5_000 } },
      }, token);
    }
    const query = 'subscription { deliveryAttempts { id deliveryId number outcome } }';
    const live = apis.map((api) => {
      const client = wsAt(api.url, token);
      clients.push(client);
      return subscribe<{ deliveryAttempts: { id: string; deliveryId: string; number: number } }>(client, query);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Publish through both api processes, over REST and GraphQL alike.
    for (let i = 0; i < EVENTS; i++) {
      const api = apis[i % 2];
      if (i % 4 < 2) {
        const response = await fetch(`${api.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${createApiKey.secret}` },
          body: JSON.stringify({ type: 'ticket.created', payload: { ticket: { id: i } } }),
        });
        expect(response.status).toBe(202);
      } else {
        await okAt(api.url, 'mutation($i: PublishEventInput!) { publishEvent(input: $i) { id } }', { i: { type: 'ticket.updated', payload: { ticket: { id: i } } } }, token);
      }
    }
    const total = WEBHOOKS * EVENTS;
    await waitUntil(
      async () => (await db.query("SELECT count(*)::int AS n FROM deliveries WHERE status IN ('SUCCEEDED','FAILED')")).rows[0].n === total,
      60_000,
      () => `receiver saw ${receiver.stats().count}`,
    );

    // Attempts in the database: numbered 1..n per delivery, none twice.
    const attempts = (await db.query('SELECT id::text, delivery_id AS "deliveryId", number FROM delivery_attempts')).rows as { id: string; deliveryId: string; number: number }[];
    const deliveries = (await db.query('SELECT id, attempt_count AS "attemptCount", status FROM deliveries')).rows as { id: string; attemptCount: number; status: string }[];
    expect(deliveries).toHaveLength(total);
    const perDelivery = new Map<string, number[]>();
    for (const a of attempts) perDelivery.set(a.deliveryId, [...(perDelivery.get(a.deliveryId) ?? []), a.number]);
    const misnumbered = deliveries.filter((d) => {
      const numbers = (perDelivery.get(d.id) ?? []).sort((x, y) => x - y);
      return numbers.length !== d.attemptCount || numbers.some((n, i) => n !== i + 1);
    });
    expect(misnumbered).toEqual([]);

    // The receiver: exactly one request per attempt.
    const requests = tally(receiver.requests.map((r) => String(r.headers['webhook-id'])));
    const mismatched = deliveries.filter((d) => requests.get(d.id) !== d.attemptCount).map((d) => ({ id: d.id, attempts: d.attemptCount, requests: requests.get(d.id) }));
    expect(mismatched).toEqual([]);
    expect(receiver.stats().count).toBe(attempts.length);

    // Both workers worked.
    const byWorker: number[] = [];
    for (const worker of workers) {
      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      const made = metrics
        .split('\n')
        .filter((line) => line.startsWith('conduit_delivery_attempts_total{'))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
      byWorker.push(made);
    }
    expect(byWorker.every((n) => n > 0)).toBe(true);
    expect(byWorker.reduce((a, b) => a + b, 0)).toBe(attempts.length);

    // Every attempt reached the subscriber of each api process, once.
    for (const stream of live) {
      await stream.waitFor(attempts.length, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ids = stream.messages.map((m) => m.deliveryAttempts.id);
      expect(ids.length).toBe(attempts.length);
      expect(new Set(ids)).toEqual(new Set(attempts.map((a) => a.id)));
      expect(stream.errors).toEqual([]);
    }

    recordCounts('scale-out-2-api-2-workers', {
      deliveries: total,
      attempts: attempts.length,
      retries: attempts.length - total,
      failed: deliveries.filter((d) => d.status === 'FAILED').length,
      requestsReceived: receiver.stats().count,
      attemptsWorker1: byWorker[0],
      attemptsWorker2: byWorker[1],
      streamedToApi1: live[0].messages.length,
      streamedToApi2: live[1].messages.length,
      doubleSends: mismatched.length,
    });
  }, 120_000);
});

import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, waitUntil, type TestApp } from './support/harness';
import { recordCounts, startRole, tally, type RoleProcess } from './support/cluster';

/**
 * kill -9 of a worker with thousands of deliveries in flight: nothing is lost, every delivery
 * succeeds exactly once in the database, and what the dead worker had sent is sent again with the
 * same webhook-id (and the same body), so receivers can dedupe.
 */

const WEBHOOKS = 100;
const EVENTS = 60;
const TOTAL = WEBHOOKS * EVENTS;
/** Each webhook takes 20 requests at once; 100 of them fill a worker allowed 2,000. */
const CONCURRENCY = 2_000;
const RECEIVER_LATENCY_MS = 500;
/**
 * Half the webhooks point at `/held`, where the receiver does not answer until the kill: their
 * 1,000 leases are certainly held by the worker when it dies, however fast or slow the machine
 * (killing "while enough is in flight" by timing alone missed the moment on a loaded CI runner).
 */
const HELD = WEBHOOKS / 2;
const pathOf = (i: number) => (i < HELD ? `/held/${i}` : `/crash/${i}`);

describe('worker killed with -9 under load', () => {
  let api: TestApp;
  let receiver: Receiver;
  const workers: RoleProcess[] = [];
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    api = await startTestApp({ CONDUIT_ROLE: 'api' });
    receiver = await startReceiver({ behaviour: { latencyMs: RECEIVER_LATENCY_MS }, paths: { '/held': { hang: true } } });
    for (let i = 0; i < WEBHOOKS; i++) {
      const { createWebhook } = await api.ok<{ createWebhook: { secret: string; webhook: { id: string } } }>(
        'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id } } }',
        { i: { url: `${receiver.url}${pathOf(i)}`, events: ['ticket.created'], retryPolicy: { schedule: [1, 1, 1], timeoutMs: 10_000 } } },
      );
      secrets.set(pathOf(i), createWebhook.secret);
    }
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await receiver?.close();
    await api?.stop();
  });

  function startWorker(): Promise<RoleProcess> {
    return startRole('worker', api.databaseUrl, {
      CONDUIT_DISPATCH_CONCURRENCY: String(CONCURRENCY),
      CONDUIT_LEASE_SECONDS: '10',
    }).then((worker) => {
      workers.push(worker);
      return worker;
    });
  }

  it('loses no delivery: each SUCCEEDED exactly once, the receiver saw every id, duplicates only of ids in flight at the kill, same webhook-id and body', async () => {
    const first = await startWorker();
    const deliveryIds: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const { publishEvent } = await api.ok<{ publishEvent: { deliveries: { id: string }[] } }>(
        'mutation($i: PublishEventInput!) { publishEvent(input: $i) { deliveries { id } } }',
        { i: { type: 'ticket.created', payload: { ticket: { id: i } } } },
      );
      deliveryIds.push(...publishEvent.deliveries.map((d) => d.id));
    }
    expect(deliveryIds).toHaveLength(TOTAL);

    // Kill once a good part is committed, while the worker holds the held webhooks' 1,000 requests
    // (their 10 s timeout is far off) and the rest of its concurrency on the answering ones.
    const succeeded = async () => ((await api.app.services.db.query("SELECT count(*)::int AS n FROM deliveries WHERE status = 'SUCCEEDED'")) as { n: number }[])[0].n;
    const leased = async () =>
      ((await api.app.services.db.query("SELECT count(*)::int AS n FROM delivery_queue WHERE lease_until > now()")) as { n: number }[])[0].n;
    await waitUntil(async () => (await succeeded()) >= 1_500 && (await leased()) >= 1_000, 30_000, () => `${receiver.stats().count} received`);
    const sentBeforeKill = receiver.stats().count;
    await first.stop('SIGKILL');
    const [atKill] = (await api.app.services.db.query(
      `SELECT count(*) FILTER (WHERE d.status = 'SUCCEEDED')::int AS succeeded,
              count(*) FILTER (WHERE q.lease_until > now())::int AS leased,
              count(*) FILTER (WHERE q.delivery_id IS NOT NULL AND q.lease_until IS NULL)::int AS waiting,
              coalesce(array_agg(d.id) FILTER (WHERE q.lease_until > now()), '{}') AS "leasedIds"
         FROM deliveries d LEFT JOIN delivery_queue q ON q.delivery_id = d.id`,
    )) as { succeeded: number; leased: number; waiting: number; leasedIds: string[] }[];
    const inFlightAtKill = new Set(atKill.leasedIds);
    expect(atKill.leased).toBeGreaterThanOrEqual(1_000); // thousands held by the dead worker

    receiver.setBehaviour({ latencyMs: RECEIVER_LATENCY_MS }, '/held');
    await startWorker();
    await waitUntil(
      async () => (await succeeded()) === TOTAL,
      90_000,
      () => `receiver saw ${receiver.stats().count}`,
    );

    // The database: every delivery SUCCEEDED with exactly one successful attempt.
    const rows = (await api.app.services.db.query(
      `SELECT d.id, d.status, count(a.id) FILTER (WHERE a.outcome = 'SUCCESS')::int AS successes, count(a.id)::int AS attempts
         FROM deliveries d LEFT JOIN delivery_attempts a ON a.delivery_id = d.id GROUP BY d.id, d.status`,
    )) as { id: string; status: string; successes: number; attempts: number }[];
    expect(rows).toHaveLength(TOTAL);
    expect(rows.filter((r) => r.status !== 'SUCCEEDED' || r.successes !== 1)).toEqual([]);

    // The receiver: every id at least once, no id it should not have seen, repeats only of what was in flight.
    const seen = tally(receiver.requests.map((r) => String(r.headers['webhook-id'])));
    expect([...seen.keys()].sort()).toEqual([...deliveryIds].sort());
    const duplicates = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    expect(duplicates.filter((id) => !inFlightAtKill.has(id))).toEqual([]);
    expect(Math.max(...seen.values())).toBeLessThanOrEqual(2);

    // A re-sent delivery is the same message: same webhook-id, same body, a valid signature.
    for (const id of duplicates) {
      const copies = receiver.requests.filter((r) => r.headers['webhook-id'] === id);
      expect(new Set(copies.map((c) => c.body)).size).toBe(1);
      for (const copy of copies) {
        const secret = secrets.get(copy.path) as string;
        const headers = { 'webhook-id': id, 'webhook-timestamp': String(copy.headers['webhook-timestamp']), 'webhook-signature': String(copy.headers['webhook-signature']) };
        expect(() => new StandardWebhook(secret).verify(copy.body, headers)).not.toThrow();
      }
    }

    recordCounts('worker-kill-9', {
      deliveries: TOTAL,
      receivedBeforeKill: sentBeforeKill,
      succeededAtKill: atKill.succeeded,
      inFlightAtKill: inFlightAtKill.size,
      notYetClaimedAtKill: atKill.waiting,
      duplicates: duplicates.length,
      requestsReceived: receiver.stats().count,
      lost: TOTAL - rows.filter((r) => r.status === 'SUCCEEDED').length,
      idsNeverReceived: deliveryIds.filter((id) => !seen.has(id)).length,
    });
  }, 180_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startEmbeddedPgProcess, type EmbeddedPgProcess } from './support/embedded-pg';
import { ADMIN_EMAIL, ADMIN_PASSWORD, subscribe, waitUntil } from './support/harness';
import { freePort, gqlAt, loginAt, okAt, recordCounts, startRole, wsAt, type RoleProcess } from './support/cluster';

/**
 * PostgreSQL restarted under load. The test starts its OWN embedded PostgreSQL (never the
 * machine's shared server), runs an api and a worker process on it, publishes without pause, and
 * stops and restarts the database in the middle. The processes reconnect by themselves; every
 * publish during the outage answers an error, and every publish that answered 202 is delivered.
 */

interface Publish {
  via: 'rest' | 'graphql';
  startedAt: number;
  endedAt: number;
  status: number;
  /** The event id of an accepted publish. */
  eventId?: string;
  /** The error text of a refused one. */
  error?: string;
}

const OUTAGE_MS = 3_000;

describe('PostgreSQL restarted under load', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-restart-pg-'));
  let pgPort: number;
  let pg: EmbeddedPgProcess;
  let api: RoleProcess;
  let worker: RoleProcess;
  let receiver: Receiver;

  beforeAll(async () => {
    if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chmodSync(dataDir, 0o777);
    pgPort = await freePort();
    pg = await startEmbeddedPgProcess(dataDir, pgPort);
    const env = { CONDUIT_ADMIN_EMAIL: ADMIN_EMAIL, CONDUIT_ADMIN_PASSWORD: ADMIN_PASSWORD };
    api = await startRole('api', pg.url, env);
    worker = await startRole('worker', pg.url, env);
    receiver = await startReceiver({ behaviour: { latencyMs: 10 } });
  }, 120_000);
  afterAll(async () => {
    await api?.stop('SIGKILL');
    await worker?.stop('SIGKILL');
    await receiver?.close();
    await pg?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reconnects by itself; publishes during the outage answer an error, and every accepted one is delivered', async () => {
    const token = await loginAt(api.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const { createApiKey } = await okAt<{ createApiKey: { secret: string } }>(api.url, 'mutation { createApiKey(name: "platform", role: DEVELOPER) { secret } }', {}, token);
    await okAt(api.url, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
      i: { url: `${receiver.url}/restart`, events: ['ticket.created'], retryPolicy: { schedule: [0.5, 1, 1, 2, 2, 5], timeoutMs: 5_000 } },
    }, token);
    const live = subscribe<{ deliveryAttempts: { deliveryId: string; outcome: string } }>(wsAt(api.url, token), 'subscription { deliveryAttempts { deliveryId outcome } }');

    const publishes: Publish[] = [];
    let n = 0;
    const publishOnce = async (): Promise<Publish> => {
      const i = n++;
      const via = i % 3 === 2 ? 'graphql' : 'rest';
      const startedAt = Date.now();
      try {
        if (via === 'rest') {
          const response = await fetch(`${api.url}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${createApiKey.secret}` },
            body: JSON.stringify({ type: 'ticket.created', payload: { ticket: { id: i } } }),
            signal: AbortSignal.timeout(15_000),
          });
          const text = await response.text();
          const body = JSON.parse(text) as { id?: string; error?: { message: string } };
          return { via, startedAt, endedAt: Date.now(), status: response.status, eventId: response.status === 202 ? body.id : undefined, error: response.status === 202 ? undefined : text };
        }
        const result = await gqlAt<{ publishEvent: { id: string } }>(api.url, 'mutation($i: PublishEventInput!) { publishEvent(input: $i) { id } }', { i: { type: 'ticket.created', payload: { ticket: { id: i } } } }, token);
        if (result.data?.publishEvent) return { via, startedAt, endedAt: Date.now(), status: 200, eventId: result.data.publishEvent.id };
        return { via, startedAt, endedAt: Date.now(), status: 200, error: JSON.stringify(result.errors) };
      } catch (error) {
        return { via, startedAt, endedAt: Date.now(), status: 0, error: String(error) };
      }
    };
    let publishing = true;
    const publishers = Array.from({ length: 4 }, async () => {
      while (publishing) {
        publishes.push(await publishOnce());
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    const readiness: { at: number; status: number }[] = [];
    const probing = (async () => {
      while (publishing) {
        const status = await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
        readiness.push({ at: Date.now(), status });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const stoppedAt = Date.now();
    await pg.stop();
    const downAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const restartingAt = Date.now();
    pg = await startEmbeddedPgProcess(dataDir, pgPort);
    const upAt = Date.now();
    // Keep publishing until the api has accepted publishes again for a while.
    await waitUntil(() => publishes.some((p) => p.eventId && p.startedAt > upAt), 30_000, () => `last: ${JSON.stringify(publishes.slice(-3))}`);
    const firstAcceptedAfter = Math.min(...publishes.filter((p) => p.eventId && p.startedAt > upAt).map((p) => p.endedAt));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    publishing = false;
    await Promise.all([...publishers, probing]);

    // Neither process died or had to be restarted.
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
    const accepted = publishes.filter((p) => p.eventId);
    const refused = publishes.filter((p) => !p.eventId);
    const duringOutage = publishes.filter((p) => p.startedAt >= downAt && p.endedAt <= restartingAt);
    // During the outage nothing is accepted, and every refusal is an answer (an error), not a hang.
    expect(duringOutage.length).toBeGreaterThan(10);
    expect(duringOutage.filter((p) => p.eventId)).toEqual([]);
    expect(duringOutage.filter((p) => p.status === 0)).toEqual([]);
    for (const p of refused.filter((r) => r.via === 'rest')) expect(p.status).toBeGreaterThanOrEqual(500);
    // Refusals say what happened, and carry no internals (SQL, connection strings, stack traces).
    for (const p of refused) {
      expect(p.error).toMatch(/database/i);
      expect(p.error).not.toMatch(/postgres:\/\/|SELECT|INSERT|ECONNREFUSED|at [\w.]+ \(/);
    }
    // Readiness follows the database.
    expect(readiness.some((r) => r.at > downAt + 500 && r.at < restartingAt && r.status === 503)).toBe(true);
    expect(readiness.filter((r) => r.at > firstAcceptedAfter + 500).every((r) => r.status === 200)).toBe(true);

    // Every accepted publish is delivered: its event is stored and its delivery SUCCEEDED at the receiver.
    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    try {
      const ids = accepted.map((p) => p.eventId as string);
      await waitUntil(
        async () => {
          const { rows } = await db.query("SELECT count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status = 'SUCCEEDED'", [ids]);
          return rows[0].n === ids.length;
        },
        60_000,
        () => `receiver saw ${receiver.stats().count} of ${ids.length}`,
      );
      const { rows } = await db.query('SELECT d.id, d.event_id AS "eventId" FROM deliveries d WHERE d.event_id = ANY($1::uuid[])', [ids]);
      expect(new Set(rows.map((r: { eventId: string }) => r.eventId))).toEqual(new Set(ids));
      const received = new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])));
      const notReceived = rows.filter((r: { id: string }) => !received.has(r.id));
      expect(notReceived).toEqual([]);

      // After the restart the live stream works again: a delivery published now streams. (Published
      // again every few seconds: once, under a loaded full-suite run, the first one did not stream;
      // see docs/reliability.md, "Known limits".)
      let streamedAfterRestart: string | null = null;
      let tries = 0;
      const streamDeadline = Date.now() + 30_000;
      while (!streamedAfterRestart && Date.now() < streamDeadline) {
        tries++;
        const { publishEvent } = await okAt<{ publishEvent: { deliveries: { id: string }[] } }>(api.url, 'mutation($i: PublishEventInput!) { publishEvent(input: $i) { deliveries { id } } }', { i: { type: 'ticket.created', payload: { after: 'restart', tries } } }, token);
        const id = publishEvent.deliveries[0].id;
        await waitUntil(() => live.messages.some((m) => m.deliveryAttempts.deliveryId === id), 5_000).then(
          () => (streamedAfterRestart = id),
          () => undefined,
        );
      }
      expect(streamedAfterRestart).not.toBeNull();
      expect(live.errors).toEqual([]);

      recordCounts('postgres-restart', {
        publishes: publishes.length,
        accepted: accepted.length,
        refused: refused.length,
        publishedDuringOutage: duringOutage.length,
        acceptedDuringOutage: duringOutage.filter((p) => p.eventId).length,
        outageMs: restartingAt - stoppedAt,
        stopMs: downAt - stoppedAt,
        restartMs: upAt - restartingAt,
        firstAcceptedMsAfterRestart: firstAcceptedAfter - upAt,
        delivered: rows.length,
        lost: ids.length - rows.length + notReceived.length,
        publishesUntilLiveStreamResumed: tries,
      });
    } finally {
      await db.end();
    }
  }, 180_000);
});

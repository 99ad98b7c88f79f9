import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import type { DeliveryAttemptType } from '../src/modules/deliveries/delivery.types';
import { startTestApp, subscribe, waitUntil, type TestApp } from './support/harness';
import { createApiKey, pause } from './support/api';

/**
 * Live subscriptions are executed once per distinct subscription (caller, workspace, document,
 * variables) and the result goes to every subscriber: these prove that sharing changes nothing a
 * subscriber can see, with real graphql-ws clients each on its own WebSocket.
 */
const CREATE_WEBHOOK = 'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }';
const PUBLISH = 'mutation($input: PublishEventInput!) { publishEvent(input: $input) { id deliveries { id webhook { id } } } }';
const BY_WEBHOOK = 'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { id deliveryId outcome delivery { id status } } }';
const EVERY_ATTEMPT = 'subscription { deliveryAttempts { id deliveryId } }';
/** Most messages queued per subscriber in this app (CONDUIT_LIVE_MAX_BUFFERED). */
const MAX_BUFFERED = 50;
/** Messages of 256 KB sent while the slow subscriber reads nothing: 100 MB, beyond any socket buffer. */
const SLOW_TOTAL = 400;

type Attempt = { deliveryAttempts: { id: string; deliveryId: string } };

describe('live subscriptions shared between subscribers', () => {
  let t: TestApp;
  let receiver: Receiver;
  let key: string;
  let hooks: { one: string; two: string };

  async function settled(): Promise<void> {
    await waitUntil(async () => {
      const [row] = (await t.app.services.db.query("SELECT count(*)::int AS n FROM deliveries WHERE status IN ('PENDING','RETRYING')")) as { n: number }[];
      return row.n === 0;
    }, 10_000);
  }

  /** Publishes one event to both webhooks of the token's workspace; returns delivery ids by webhook. */
  async function publish(token: string, n: number): Promise<Map<string, string>> {
    const { publishEvent } = await t.ok<{ publishEvent: { deliveries: { id: string; webhook: { id: string } }[] } }>(
      PUBLISH,
      { input: { type: 'ticket.updated', payload: { n } } },
      token,
    );
    return new Map(publishEvent.deliveries.map((d) => [d.webhook.id, d.id]));
  }

  async function createWebhook(token: string, path: string): Promise<string> {
    const created = await t.ok<{ createWebhook: { webhook: { id: string } } }>(CREATE_WEBHOOK, { input: { url: `${receiver.url}/${path}`, events: ['ticket.*'] } }, token);
    return created.createWebhook.webhook.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_LIVE_MAX_BUFFERED: String(MAX_BUFFERED) });
    receiver = await startReceiver();
    hooks = { one: await createWebhook(t.ownerToken, 'one'), two: await createWebhook(t.ownerToken, 'two') };
    key = (await createApiKey(t, 'VIEWER')).secret;
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  it('many subscribers of one subscription each get every message once; other filters get only theirs; the last one leaving ends the execution', async () => {
    const onOne = Array.from({ length: 20 }, () => subscribe<Attempt>(t.ws(key), BY_WEBHOOK, { f: { webhookId: hooks.one } }));
    const onTwo = Array.from({ length: 5 }, () => subscribe<Attempt>(t.ws(key), BY_WEBHOOK, { f: { webhookId: hooks.two } }));
    // 25 subscribers, two distinct subscriptions: two streams on the attempts feed.
    await waitUntil(() => t.app.services.live.attempts.size === 2, 10_000, () => `${t.app.services.live.attempts.size} streams`);
    await pause(200); // every subscriber has joined its shared execution by now

    const published = [];
    for (let n = 0; n < 5; n++) published.push(await publish(t.ownerToken, n));
    const idsOne = published.map((p) => p.get(hooks.one) ?? '');
    const idsTwo = published.map((p) => p.get(hooks.two) ?? '');
    await settled();
    for (const s of onOne) await s.waitFor(idsOne.length);
    for (const s of onTwo) await s.waitFor(idsTwo.length);
    await pause(300); // anything extra or repeated would arrive by now

    for (const s of onOne) {
      expect(s.messages.map((m) => m.deliveryAttempts.deliveryId).sort()).toEqual([...idsOne].sort());
      expect(s.errors).toEqual([]);
    }
    for (const s of onTwo) {
      expect(s.messages.map((m) => m.deliveryAttempts.deliveryId).sort()).toEqual([...idsTwo].sort());
      expect(s.errors).toEqual([]);
    }

    // Subscribers leaving one by one: the others keep getting messages; the last one ends it.
    for (const s of onOne.slice(0, 19)) s.stop();
    const later = await publish(t.ownerToken, 99);
    const survivor = onOne[19];
    await survivor.waitFor(idsOne.length + 1);
    expect(survivor.messages.map((m) => m.deliveryAttempts.deliveryId)).toContain(later.get(hooks.one));
    expect(t.app.services.live.attempts.size).toBe(2);
    survivor.stop();
    await waitUntil(() => t.app.services.live.attempts.size === 1, 5_000, () => `${t.app.services.live.attempts.size} streams`);
    for (const s of onTwo) s.stop();
    await waitUntil(() => t.app.services.live.attempts.size === 0, 5_000, () => `${t.app.services.live.attempts.size} streams`);
    await settled();
  });

  it('never shares across workspaces: the same user, role, document and variables in workspace B see only B', async () => {
    // One user, OWNER of both workspaces: only the workspace tells the two subscriptions apart.
    const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Live B") { token } }');
    const tokenB = createWorkspace.token;
    const hookB = await createWebhook(tokenB, 'b');
    const inA = [subscribe<Attempt>(t.ws(t.ownerToken), EVERY_ATTEMPT), subscribe<Attempt>(t.ws(t.ownerToken), EVERY_ATTEMPT)];
    const inB = [subscribe<Attempt>(t.ws(tokenB), EVERY_ATTEMPT), subscribe<Attempt>(t.ws(tokenB), EVERY_ATTEMPT)];
    await waitUntil(() => t.app.services.live.attempts.size > 0, 10_000);
    await pause(300); // every subscription has started by now

    const idsA = [...(await publish(t.ownerToken, 1)).values()];
    const idsB = [...(await publish(tokenB, 2)).values()];
    expect(idsB).toHaveLength(1);
    await settled();
    for (const s of inA) await s.waitFor(idsA.length);
    for (const s of inB) await s.waitFor(idsB.length);
    await pause(300);
    for (const s of inA) expect(s.messages.map((m) => m.deliveryAttempts.deliveryId).sort()).toEqual([...idsA].sort());
    for (const s of inB) expect(s.messages.map((m) => m.deliveryAttempts.deliveryId)).toEqual(idsB);
    expect(await t.ok<{ webhook: { id: string } | null }>('query($id: ID!) { webhook(id: $id) { id } }', { id: hookB }, tokenB)).toEqual({ webhook: { id: hookB } });
    expect(t.app.services.live.attempts.size).toBe(2); // one execution per workspace
    for (const s of [...inA, ...inB]) s.stop();
    await waitUntil(() => t.app.services.live.attempts.size === 0, 5_000);
  });

  it('an error in a shared execution reaches every subscriber in the contract\'s shape, formatted (and logged) once', async () => {
    const workspaceId = (await t.ok<{ viewer: { workspace: { id: string } } }>('{ viewer { workspace { id } } }')).viewer.workspace.id;
    const query = 'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { id request { method } } }';
    const subscribers = Array.from({ length: 3 }, () => subscribe<{ deliveryAttempts: { id: string } | null }>(t.ws(key), query, { f: { webhookId: hooks.two } }));
    await waitUntil(() => t.app.services.live.attempts.size === 1, 10_000);
    await pause(200);
    const logged = () => t.logs.filter((line) => line.includes('unexpected error in a GraphQL operation')).length;
    const loggedBefore = logged();

    const broken = syntheticAttempt(workspaceId, hooks.two, '');
    Object.defineProperty(broken, 'request', {
      get: () => {
        throw new Error('internal detail that must not reach a subscriber');
      },
    });
    t.app.services.live.attempts.publish(broken);
    await waitUntil(() => subscribers.every((s) => s.errors.length === 1), 10_000, () => JSON.stringify(subscribers.map((s) => s.errors)));
    for (const s of subscribers) {
      const [errors] = s.errors as { message: string; extensions?: { code?: string } }[][];
      expect(errors).toEqual([expect.objectContaining({ extensions: { code: 'INTERNAL' } })]);
      expect(JSON.stringify(errors)).not.toContain('internal detail');
    }
    expect(logged() - loggedBefore).toBe(1);
    for (const s of subscribers) s.stop();
    await waitUntil(() => t.app.services.live.attempts.size === 0, 5_000);
  });

  it('a subscriber that stops reading is ended with RATE_LIMITED; the others on the same execution get every message', async () => {
    const workspaceId = (await t.ok<{ viewer: { workspace: { id: string } } }>('{ viewer { workspace { id } } }')).viewer.workspace.id;
    const query = 'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { id request { body } } }';
    const variables = { f: { webhookId: hooks.one } };
    const fast = Array.from({ length: 2 }, () => subscribe<{ deliveryAttempts: { id: string } }>(t.ws(key), query, variables));
    const slow = await RawSubscriber.open(t.url, key, query, variables);
    await waitUntil(() => t.app.services.live.attempts.size === 1, 10_000);
    await pause(200);

    // Messages large enough to fill the socket buffers of a client that reads nothing.
    const body = 'x'.repeat(256 * 1024);
    let sent = 0;
    const send = (count: number) => {
      for (let i = 0; i < count; i++, sent++) t.app.services.live.attempts.publish(syntheticAttempt(workspaceId, hooks.one, body));
    };
    send(1);
    await waitUntil(() => slow.messages.length === 1 && fast.every((s) => s.messages.length === 1), 10_000);
    slow.pause();
    // In steps the fast subscribers keep up with, far beyond what the slow one's socket buffers
    // (a few MB on loopback) and its queue of MAX_BUFFERED can hold.
    while (sent < SLOW_TOTAL) {
      send(20);
      for (const s of fast) await s.waitFor(sent, 20_000);
    }

    slow.resume();
    await waitUntil(() => slow.error !== null, 20_000, () => `slow subscriber: ${slow.messages.length} messages, no error`);
    expect(slow.error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);
    expect(slow.messages.length).toBeLessThan(sent);
    for (const s of fast) {
      expect(s.messages).toHaveLength(sent);
      expect(new Set(s.messages.map((m) => m.deliveryAttempts.id)).size).toBe(sent);
      expect(s.errors).toEqual([]);
      s.stop();
    }
    slow.close();
    await waitUntil(() => t.app.services.live.attempts.size === 0, 5_000);
  });
});

function syntheticAttempt(workspaceId: string, webhookId: string, body: string): DeliveryAttemptType {
  return {
    id: randomUUID(),
    deliveryId: randomUUID(),
    number: 1,
    startedAt: new Date(),
    durationMs: 1,
    outcome: 'SUCCESS',
    request: { method: 'POST', url: 'http://127.0.0.1/', headers: [], body },
    response: null,
    error: null,
    willRetry: false,
    nextAttemptAt: null,
    workspaceId,
    webhookId,
  };
}

/** A graphql-transport-ws client on a plain WebSocket that can stop reading its socket. */
class RawSubscriber {
  readonly messages: unknown[] = [];
  error: unknown = null;

  private constructor(private readonly socket: WebSocket) {}

  static async open(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<RawSubscriber> {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const client = new RawSubscriber(socket);
    const acked = new Promise<void>((resolve, reject) => {
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; payload?: unknown };
        if (message.type === 'connection_ack') resolve();
        else if (message.type === 'next') client.messages.push(message.payload);
        else if (message.type === 'error') client.error = message.payload;
      });
      socket.on('close', (code) => reject(new Error(`closed with ${code}`)));
    });
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await acked;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
    return client;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.close();
  }
}

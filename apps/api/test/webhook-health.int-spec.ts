import { Client as PgClient } from 'pg';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, subscribe, waitUntil, type TestApp } from './support/harness';

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id deliveries { id } } }`;
const WEBHOOK = `query($id: ID!) { webhook(id: $id) { id enabled health consecutiveFailures disabledReason disabledAt } }`;

interface WebhookState {
  id: string;
  enabled: boolean;
  health: string;
  consecutiveFailures: number;
  disabledReason: string | null;
  disabledAt: string | null;
}

describe('webhook health, auto-disable and isolation', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_DISABLE_AFTER_FAILURES: '8' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });
  afterEach(async () => {
    receiver.reset();
    const { webhooks } = await t.ok<{ webhooks: { id: string }[] }>('{ webhooks { id } }');
    for (const w of webhooks) await t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: w.id });
  });

  const createWebhook = async (path: string, events: string[], extra: Record<string, unknown> = {}) =>
    (await t.ok<{ createWebhook: { secret: string; webhook: { id: string } } }>(CREATE, { input: { url: `${receiver.url}${path}`, events, ...extra } })).createWebhook;
  const publish = async (type: string, payload: Record<string, unknown> = { n: 1 }) =>
    (await t.ok<{ publishEvent: { id: string; deliveries: { id: string }[] } }>(PUBLISH, { input: { type, payload } })).publishEvent;
  const webhook = async (id: string) => (await t.ok<{ webhook: WebhookState }>(WEBHOOK, { id })).webhook;

  it('disables a webhook after the configured number of consecutive failures, fires healthChanged and publishes webhook.disabled', async () => {
    receiver.setBehaviour({ status: 500 }, '/broken');
    const watcher = await createWebhook('/watch', ['webhook.disabled']);
    const { webhook: broken } = await createWebhook('/broken', ['contact.created'], { retryPolicy: { schedule: [], timeoutMs: 2000 } });
    const health = subscribe<{ healthChanged: { id: string; health: string; enabled: boolean } }>(
      t.ws(),
      'subscription($id: ID) { healthChanged(webhookId: $id) { id health enabled } }',
      { id: broken.id },
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription start
    for (let i = 0; i < 8; i++) await publish('contact.created', { contact: { id: i } });
    await waitUntil(async () => !(await webhook(broken.id)).enabled, 15_000);
    const state = await webhook(broken.id);
    expect(state).toMatchObject({ enabled: false, health: 'DISABLED', consecutiveFailures: 8 });
    expect(state.disabledReason).toContain('8 consecutive failed attempts');
    expect(state.disabledAt).not.toBeNull();
    // The write-back records when health changed (an api process that lost its LISTEN connection catches up from it).
    const [{ changed }] = (await t.app.services.db.query('SELECT health_changed_at AS changed FROM webhooks WHERE id = $1', [broken.id])) as { changed: Date | null }[];
    expect(changed).not.toBeNull();
    await health.waitFor(2);
    expect(health.messages.map((m) => m.healthChanged.health)).toEqual(expect.arrayContaining(['FAILING', 'DISABLED']));
    expect(health.messages.every((m) => m.healthChanged.id === broken.id)).toBe(true);
    // The system event reaches a webhook subscribed to it.
    const [notice] = await receiver.waitFor(1 + 8, 10_000).then((all) => all.filter((r) => r.path === '/watch'));
    expect(JSON.parse(notice.body)).toMatchObject({ type: 'webhook.disabled', data: { webhook: { id: broken.id } }, hook: { id: watcher.webhook.id } });
    // A disabled webhook gets no new deliveries.
    const later = await publish('contact.created');
    expect(later.deliveries).toHaveLength(0);
    health.stop();
  });

  it('disabling and enabling by hand fire healthChanged on every api process, and end the open deliveries as dead letters', async () => {
    receiver.setBehaviour({ status: 500 }, '/manual');
    const { webhook: hook } = await createWebhook('/manual', ['contact.updated'], { retryPolicy: { schedule: [3600], timeoutMs: 2000 } });
    // What every api process's listener receives, read on a connection of our own.
    const pg = new PgClient({ connectionString: t.databaseUrl });
    await pg.connect();
    const notified: Record<string, string>[] = [];
    pg.on('notification', (n) => {
      const change = JSON.parse(n.payload ?? '{}') as Record<string, string>;
      if (change.webhookId === hook.id) notified.push(change);
    });
    await pg.query('LISTEN conduit_health');
    const health = subscribe<{ healthChanged: { id: string; health: string; enabled: boolean; disabledReason: string | null } }>(
      t.ws(),
      'subscription($id: ID) { healthChanged(webhookId: $id) { id health enabled disabledReason } }',
      { id: hook.id },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription start
      const event = await publish('contact.updated');
      const deliveryId = event.deliveries[0].id;
      const delivery = async () => (await t.ok<{ delivery: { status: string; lastError: string | null } }>('query($id: ID!) { delivery(id: $id) { status lastError } }', { id: deliveryId })).delivery;
      // The first attempt failed; the retry is an hour away: an open delivery, not in flight.
      await waitUntil(async () => (await delivery()).status === 'RETRYING', 10_000);
      const beforeDisable = (await webhook(hook.id)).health;

      await t.ok('mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: hook.id });
      await waitUntil(() => health.messages.some((m) => m.healthChanged.health === 'DISABLED'), 10_000, () => JSON.stringify(health.messages));
      const disabledAt = health.messages.findIndex((m) => m.healthChanged.health === 'DISABLED');
      expect(health.messages[disabledAt].healthChanged).toEqual({ id: hook.id, health: 'DISABLED', enabled: false, disabledReason: 'Disabled by a user.' });
      expect(notified.at(-1)).toEqual({ kind: 'webhook', webhookId: hook.id, workspaceId: expect.any(String), previous: beforeDisable, current: 'DISABLED' });
      // As docs/architecture.md says: the open delivery is a dead letter now, not left RETRYING.
      expect(await delivery()).toEqual({ status: 'FAILED', lastError: 'Webhook disabled: Disabled by a user.' });

      // Disabling again changes nothing and says nothing.
      const notifiedBefore = notified.length;
      await t.ok('mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: hook.id });
      await t.ok('mutation($id: ID!) { enableWebhook(id: $id) { id } }', { id: hook.id });
      await waitUntil(() => health.messages.slice(disabledAt + 1).some((m) => m.healthChanged.enabled), 10_000, () => JSON.stringify(health.messages));
      expect(health.messages.slice(disabledAt + 1)).toEqual([{ healthChanged: { id: hook.id, health: 'HEALTHY', enabled: true, disabledReason: null } }]);
      expect(notified.slice(notifiedBefore)).toEqual([{ kind: 'webhook', webhookId: hook.id, workspaceId: expect.any(String), previous: 'DISABLED', current: 'HEALTHY' }]);
      // Enabling does not resend the dead letter by itself (recoverDeliveries does).
      expect(await delivery()).toMatchObject({ status: 'FAILED' });
      expect(receiver.requests.filter((r) => r.path === '/manual')).toHaveLength(1);
    } finally {
      health.stop();
      await pg.end();
    }
  });

  it('an attempt in flight when the webhook is disabled by hand ends as a dead letter, not a retry waiting on the disabled webhook', async () => {
    receiver.setBehaviour({ status: 500, latencyMs: 1_500 }, '/inflight');
    const { webhook: hook } = await createWebhook('/inflight', ['ticket.created'], { retryPolicy: { schedule: [1], timeoutMs: 5_000 } });
    const event = await publish('ticket.created');
    const deliveryId = event.deliveries[0].id;
    // Disabled while the receiver holds the first attempt (its lease keeps it out of the disabling).
    await waitUntil(() => receiver.requests.some((r) => r.path === '/inflight'), 10_000);
    await t.ok('mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: hook.id });
    const delivery = async () =>
      (await t.ok<{ delivery: { status: string; lastError: string | null; attemptCount: number } }>('query($id: ID!) { delivery(id: $id) { status lastError attemptCount } }', { id: deliveryId }))
        .delivery;
    await waitUntil(async () => (await delivery()).attemptCount === 1, 10_000);
    // The 500 asked for a retry in 1 s; the webhook is disabled, so the delivery is failed at once.
    expect(await delivery()).toEqual({ status: 'FAILED', lastError: 'Webhook disabled: Disabled by a user.', attemptCount: 1 });
    const [queued] = (await t.app.services.db.query('SELECT count(*)::int AS n FROM delivery_queue WHERE delivery_id = $1', [deliveryId])) as { n: number }[];
    expect(queued.n).toBe(0);
    // Nothing more is sent, not even after the retry's due time.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.requests.filter((r) => r.path === '/inflight')).toHaveLength(1);
  });

  it('re-enabling resets health and recoverDeliveries resends what failed', async () => {
    receiver.setBehaviour({ status: 503 }, '/recover');
    const since = new Date(Date.now() - 1000).toISOString();
    const { webhook: hook } = await createWebhook('/recover', ['ticket.updated'], { retryPolicy: { schedule: [], timeoutMs: 2000 } });
    const event = await publish('ticket.updated');
    await waitUntil(async () => (await webhook(hook.id)).consecutiveFailures === 1, 10_000);
    await t.ok('mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: hook.id });
    const refused = await t.gql('mutation($id: ID!, $s: DateTime!) { recoverDeliveries(webhookId: $id, since: $s) }', { id: hook.id, s: since });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    const test = await t.gql('mutation($id: ID!) { sendTestEvent(webhookId: $id) { id } }', { id: hook.id });
    expect(test.errors?.[0]).toMatchObject({ message: expect.stringContaining('disabled'), extensions: { code: 'CONFLICT' } });
    const enabled = await t.ok<{ enableWebhook: WebhookState }>('mutation($id: ID!) { enableWebhook(id: $id) { id enabled health consecutiveFailures disabledReason disabledAt } }', { id: hook.id });
    expect(enabled.enableWebhook).toMatchObject({ enabled: true, health: 'HEALTHY', consecutiveFailures: 0, disabledReason: null });
    receiver.setBehaviour({ status: 200 }, '/recover');
    const recovered = await t.ok<{ recoverDeliveries: number }>('mutation($id: ID!, $s: DateTime!) { recoverDeliveries(webhookId: $id, since: $s) }', { id: hook.id, s: since });
    expect(recovered.recoverDeliveries).toBe(1);
    await waitUntil(async () => receiver.requests.filter((r) => r.path === '/recover').length === 2, 10_000);
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([event.deliveries[0].id, event.deliveries[0].id]);
  });

  it('disables at once on 410 Gone', async () => {
    receiver.setBehaviour({ status: 410 }, '/gone');
    const { webhook: hook } = await createWebhook('/gone', ['ticket.created']);
    await publish('ticket.created');
    await waitUntil(async () => !(await webhook(hook.id)).enabled, 10_000);
    const state = await webhook(hook.id);
    expect(state.health).toBe('DISABLED');
    expect(state.disabledReason).toContain('410');
    expect(receiver.requests.filter((r) => r.path === '/gone')).toHaveLength(1);
  });

  it('a receiver that hangs does not delay deliveries to a healthy webhook published at the same time', async () => {
    receiver.setBehaviour({ hang: true }, '/hang');
    await createWebhook('/hang', ['message.created'], { retryPolicy: { schedule: [], timeoutMs: 5000 } });
    await createWebhook('/fast', ['message.created']);
    const started = Date.now();
    for (let i = 0; i < 30; i++) await publish('message.created', { message: { id: i } });
    await waitUntil(() => receiver.requests.filter((r) => r.path === '/fast').length === 30, 4_000);
    // All 30 reached the healthy receiver well before the hanging one's 5 s timeout.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(receiver.requests.filter((r) => r.path === '/fast').every((r) => r.receivedAt - started < 4_000)).toBe(true);
  });

  it('streams every attempt to a deliveryAttempts subscriber within a second, filtered by webhook', async () => {
    const { webhook: a } = await createWebhook('/live-a', ['bot.handoff']);
    await createWebhook('/live-b', ['bot.handoff']);
    const live = subscribe<{ deliveryAttempts: { deliveryId: string; number: number; outcome: string; startedAt: string; delivery: { id: string; status: string; webhook: { id: string } } } }>(
      t.ws(),
      'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { deliveryId number outcome startedAt delivery { id status webhook { id } } } }',
      { f: { webhookId: a.id } },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await publish('bot.handoff', { i }));
    const messages = await live.waitFor(5, 5_000);
    const receivedAt = Date.now();
    expect(messages).toHaveLength(5);
    for (const m of messages) {
      expect(m.deliveryAttempts.delivery.webhook.id).toBe(a.id);
      expect(m.deliveryAttempts.outcome).toBe('SUCCESS');
      expect(receivedAt - new Date(m.deliveryAttempts.startedAt).getTime()).toBeLessThan(1_000 + 500);
    }
    const expected = events.map((e) => e.deliveries.find((d) => messages.some((m) => m.deliveryAttempts.deliveryId === d.id))?.id);
    expect(expected.every(Boolean)).toBe(true);
    live.stop();
  });

  it('signs with both secrets for 24 h after a rotation', async () => {
    const { secret: oldSecret, webhook: hook } = await createWebhook('/rotate', ['ticket.created']);
    const rotated = await t.ok<{ rotateWebhookSecret: { secret: string; webhook: { secretHint: string } } }>(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { secretHint } } }',
      { id: hook.id },
    );
    expect(rotated.rotateWebhookSecret.secret).not.toBe(oldSecret);
    expect(rotated.rotateWebhookSecret.webhook.secretHint).toBe(`whsec_…${rotated.rotateWebhookSecret.secret.slice(-4)}`);
    await publish('ticket.created');
    const [request] = await receiver.waitFor(1);
    const { Webhook } = await import('standardwebhooks');
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(request.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.rotateWebhookSecret.secret).verify(request.body, headers)).not.toThrow();
  });

  it('sendTestEvent, retryDelivery and replayEvent', async () => {
    receiver.setBehaviour({ status: 400 }, '/ops');
    const { webhook: hook } = await createWebhook('/ops', ['ticket.created'], { retryPolicy: { schedule: [], timeoutMs: 2000 } });
    const test = await t.ok<{ sendTestEvent: { id: string; event: { type: string; payload: unknown } } }>(
      'mutation($id: ID!) { sendTestEvent(webhookId: $id) { id event { type payload } } }',
      { id: hook.id },
    );
    expect(test.sendTestEvent.event.type).toBe('ticket.created');
    const [first] = await receiver.waitFor(1);
    expect(JSON.parse(first.body).data).toEqual(test.sendTestEvent.event.payload);
    const status = async (id: string) => (await t.ok<{ delivery: { status: string; attemptCount: number } }>('query($id: ID!) { delivery(id: $id) { status attemptCount } }', { id })).delivery;
    await waitUntil(async () => (await status(test.sendTestEvent.id)).status === 'FAILED', 5_000);
    receiver.setBehaviour({ status: 200 }, '/ops');
    await t.ok('mutation($id: ID!) { retryDelivery(id: $id) { id status } }', { id: test.sendTestEvent.id });
    await waitUntil(async () => (await status(test.sendTestEvent.id)).status === 'SUCCEEDED', 5_000);
    expect((await status(test.sendTestEvent.id)).attemptCount).toBe(2);
    const again = await t.gql('mutation($id: ID!) { retryDelivery(id: $id) { id } }', { id: test.sendTestEvent.id });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const event = await publish('ticket.created');
    await receiver.waitFor(3);
    const replay = await t.ok<{ replayEvent: { id: string }[] }>('mutation($id: ID!) { replayEvent(eventId: $id) { id } }', { id: event.id });
    expect(replay.replayEvent).toHaveLength(1);
    expect(replay.replayEvent[0].id).not.toBe(event.deliveries[0].id);
    const requests = await receiver.waitFor(4);
    expect(requests[3].headers['webhook-id']).toBe(replay.replayEvent[0].id);
  });
});

import { Client as PgClient } from 'pg';
import { CHANNELS } from '@conduit/engine';
import { startTestApp, subscribe, waitUntil, type TestApp } from './support/harness';

/**
 * Live attempts survive a lost LISTEN connection (a database restart, a network cut): attempts
 * committed while the api process was not listening reach the subscribers once it has reconnected.
 * Role api: no worker makes attempts here; the test writes them as a write-back does, with or
 * without the notification that a listening process would have received.
 */
describe('live attempts after the notification connection was lost', () => {
  let t: TestApp;
  let pg: PgClient;
  let workspaceId: string;
  let webhookId: string;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_ROLE: 'api' });
    pg = new PgClient({ connectionString: t.databaseUrl });
    await pg.connect();
    workspaceId = (await t.ok<{ viewer: { workspace: { id: string } } }>('{ viewer { workspace { id } } }')).viewer.workspace.id;
    webhookId = (
      await t.ok<{ createWebhook: { webhook: { id: string } } }>('mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }', {
        input: { url: 'https://hooks.example.com/live', events: ['ticket.*'] },
      })
    ).createWebhook.webhook.id;
    eventId = (await pg.query(`INSERT INTO events (workspace_id, type, payload) VALUES ($1, 'ticket.created', '{}') RETURNING id`, [workspaceId])).rows[0].id;
  });
  afterAll(async () => {
    await pg?.end();
    await t?.stop();
  });

  /** A delivery and its first attempt, committed; announced to listeners when `notify`. */
  async function commitAttempt(deliveryId: string, notify: boolean): Promise<string> {
    await pg.query(`INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, attempt_count, created_at, completed_at) VALUES ($1, $2, $3, $4, 'SUCCEEDED', 1, now(), now())`, [
      deliveryId,
      workspaceId,
      eventId,
      webhookId,
    ]);
    const { rows } = await pg.query(
      `INSERT INTO delivery_attempts (delivery_id, workspace_id, webhook_id, number, started_at, duration_ms, outcome, request, response, error, will_retry)
       VALUES ($1, $2, $3, 1, now(), 4, 'SUCCESS', '{"method": "POST", "url": "https://hooks.example.com/live", "headers": []}',
               '{"status": 200, "headers": [], "body": null, "bodyTruncated": false}', NULL, false)
       RETURNING id::text`,
      [deliveryId, workspaceId, webhookId],
    );
    const id = rows[0].id as string;
    if (notify) await pg.query('SELECT pg_notify($1, $2)', [CHANNELS.attempts, JSON.stringify({ ids: [id] })]);
    return id;
  }

  /** Ends the api process's LISTEN connection, as a database restart would; it reconnects by itself. */
  async function cutListener(): Promise<void> {
    const { rows } = await pg.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'conduit-listen' AND datname = current_database()`,
    );
    expect(rows.length).toBeGreaterThan(0);
  }

  const listening = async () =>
    (await pg.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'conduit-listen' AND datname = current_database()`)).rows[0].n > 0;

  it('streams the attempts committed while it was not listening once it has reconnected, and none twice', async () => {
    const live = subscribe<{ deliveryAttempts: { id: string; deliveryId: string; outcome: string; delivery: { status: string } } }>(
      t.ws(),
      'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { id deliveryId outcome delivery { status } } }',
      { f: { webhookId } },
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscription start
    // Announced as usual: streamed at once.
    await commitAttempt('msg_live_before', true);
    await live.waitFor(1);
    // Two committed while no one listened (their notifications are lost with the connection).
    await commitAttempt('msg_live_missed_1', false);
    await commitAttempt('msg_live_missed_2', false);
    await cutListener();
    const messages = await live.waitFor(3, 15_000);
    expect(messages.map((m) => m.deliveryAttempts.deliveryId)).toEqual(['msg_live_before', 'msg_live_missed_1', 'msg_live_missed_2']);
    expect(messages[2].deliveryAttempts).toMatchObject({ outcome: 'SUCCESS', delivery: { status: 'SUCCEEDED' } });
    // Reconnected: an announced attempt is streamed as usual, and a second cut repeats nothing.
    await waitUntil(listening, 10_000);
    await commitAttempt('msg_live_after', true);
    await live.waitFor(4);
    await cutListener();
    await waitUntil(listening, 10_000);
    await commitAttempt('msg_live_last', true);
    await live.waitFor(5);
    expect(live.messages.map((m) => m.deliveryAttempts.deliveryId)).toEqual(['msg_live_before', 'msg_live_missed_1', 'msg_live_missed_2', 'msg_live_after', 'msg_live_last']);
    expect(live.errors).toEqual([]);
    live.stop();
  });

  it('streams the health changes and flow runs made while it was not listening, once it has reconnected', async () => {
    const health = subscribe<{ healthChanged: { id: string; health: string; enabled: boolean } }>(
      t.ws(),
      'subscription($id: ID) { healthChanged(webhookId: $id) { id health enabled } }',
      { id: webhookId },
    );
    const runs = subscribe<{ flowRunUpdated: { id: string; status: string } }>(t.ws(), 'subscription { flowRunUpdated { id status } }');
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscriptions start
    await waitUntil(listening, 10_000);

    // Disabled by hand through the API: its health change is recorded with its time, as the
    // write-back and the health check record theirs.
    await t.ok('mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: webhookId });
    await health.waitFor(1);
    const [{ changed }] = (await pg.query('SELECT health_changed_at AS changed FROM webhooks WHERE id = $1', [webhookId])).rows as { changed: Date | null }[];
    expect(changed).not.toBeNull();

    // While no one listens: the engine marks it FAILING and a flow run finishes, their
    // notifications lost with the connection (written here as the write-back and the runner do).
    const flowId = (await pg.query("INSERT INTO flows (workspace_id, name) VALUES ($1, 'Catch-up flow') RETURNING id", [workspaceId])).rows[0].id as string;
    await pg.query("UPDATE webhooks SET enabled = true, health = 'FAILING', health_changed_at = now() WHERE id = $1", [webhookId]);
    const runId = (await pg.query("INSERT INTO flow_runs (workspace_id, flow_id, status, finished_at) VALUES ($1, $2, 'SUCCEEDED', now()) RETURNING id", [workspaceId, flowId])).rows[0]
      .id as string;
    await cutListener();

    await health.waitFor(2, 15_000);
    expect(health.messages.map((m) => m.healthChanged.health)).toEqual(['DISABLED', 'FAILING']);
    await runs.waitFor(1, 15_000);
    expect(runs.messages.map((m) => m.flowRunUpdated)).toEqual([{ id: runId, status: 'SUCCEEDED' }]);
    expect([...health.errors, ...runs.errors]).toEqual([]);
    health.stop();
    runs.stop();
  });
});

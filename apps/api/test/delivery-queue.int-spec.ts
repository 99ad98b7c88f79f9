import { Client as PgClient } from 'pg';
import { Pool } from 'pg';
import { CLAIM_SQL, DEFAULT_HEALTH_POLICY, DISPATCH_CONNECTION_OPTIONS, PgDispatchStore, disableLongFailingTargets, pruneDeliveryLog, type AttemptRecord } from '@conduit/engine';
import { deleteTargetKeepingLog, finishInterruptedDeletions } from '../src/modules/deliveries/target-deletion';
import { startTestApp, waitUntil, type TestApp } from './support/harness';

/**
 * The open-delivery queue (delivery_queue) next to the log (deliveries): a delivery is PENDING or
 * RETRYING exactly while it has a queue row. These are the races a code review found against that
 * invariant, each played deterministically by holding a transaction open on a connection of our own.
 */
describe('the open-delivery queue stays consistent with the delivery log under concurrent changes', () => {
  let t: TestApp;
  let pg: PgClient;
  let workspaceId: string;

  /** Deliveries whose open/closed state disagrees with the queue. */
  const inconsistent = async () =>
    (
      await pg.query(
        `SELECT d.id, d.status, q.delivery_id AS queued FROM deliveries d FULL JOIN delivery_queue q ON q.delivery_id = d.id
          WHERE d.event_id IS NOT NULL AND ((d.status IN ('PENDING','RETRYING')) IS DISTINCT FROM (q.delivery_id IS NOT NULL))`,
      )
    ).rows;

  beforeAll(async () => {
    // Role api: no worker claims anything, so every state below is the one the statements left.
    t = await startTestApp({ CONDUIT_ROLE: 'api' });
    pg = new PgClient({ connectionString: t.databaseUrl });
    await pg.connect();
    workspaceId = (await t.ok<{ viewer: { workspace: { id: string } } }>('{ viewer { workspace { id } } }')).viewer.workspace.id;
  });
  afterAll(async () => {
    await pg?.end();
    await t?.stop();
  });

  const createWebhook = async (path: string) =>
    (
      await t.ok<{ createWebhook: { webhook: { id: string } } }>('mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }', {
        input: { url: `https://hooks.example.com${path}`, events: ['ticket.*'] },
      })
    ).createWebhook.webhook.id;

  /** A new event (deliveries need one), written as publishing would. */
  const newEvent = async () =>
    ((await pg.query(`INSERT INTO events (workspace_id, type, payload) VALUES ($1, 'ticket.created', '{}') RETURNING id`, [workspaceId])).rows[0] as { id: string }).id;

  /** How many statements wait for a row lock: a transaction of the test holds what they need. */
  const lockWaits = async () => (await pg.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('tuple', 'transactionid')")).rows[0].n as number;

  /** An event, with an open delivery to each webhook, claimed (leased) by `worker`. */
  const leasedDeliveries = async (deliveries: [id: string, webhookId: string][], worker: string) => {
    const eventId = await newEvent();
    for (const [id, webhookId] of deliveries) {
      await pg.query(
        `WITH d AS (INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, next_attempt_at, created_at)
                    VALUES ($1, $2, $3, $4, 'PENDING', now(), now()) RETURNING id, workspace_id, event_id, webhook_id)
         INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, due_at, lease_until, leased_by)
         SELECT id, webhook_id, workspace_id, event_id, now(), now() + interval '5 minutes', $5 FROM d`,
        [id, workspaceId, eventId, webhookId, worker],
      );
    }
  };

  it('deleting a webhook while a publish for it is being committed cancels that publish\'s delivery too', async () => {
    const webhookId = await createWebhook('/deleted-mid-publish');
    const other = new PgClient({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      // A publish in progress: event, delivery and queue row written, not yet committed (what the
      // publish statement does; its foreign key holds a key-share lock on the webhook).
      await other.query('BEGIN');
      const [{ id: eventId }] = (
        await other.query(`INSERT INTO events (workspace_id, type, payload) VALUES ($1, 'ticket.created', '{}') RETURNING id`, [workspaceId])
      ).rows as { id: string }[];
      await other.query(
        `WITH d AS (INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, next_attempt_at, created_at)
                    VALUES ('msg_midpublish', $1, $2, $3, 'PENDING', now(), now()) RETURNING id, workspace_id, event_id, webhook_id)
         INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, due_at) SELECT id, webhook_id, workspace_id, event_id, now() FROM d`,
        [workspaceId, eventId, webhookId],
      );
      const deleting = t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: webhookId });
      // The delete waits for the publish (its FOR UPDATE lock against the publish's key share).
      await waitUntil(async () => (await lockWaits()) > 0, 10_000);
      await other.query('COMMIT');
      await deleting;
    } finally {
      await other.end();
    }
    const delivery = (await pg.query("SELECT status, webhook_id, last_error FROM deliveries WHERE id = 'msg_midpublish'")).rows[0];
    expect(delivery).toEqual({ status: 'CANCELLED', webhook_id: null, last_error: 'Webhook deleted' });
    expect((await pg.query("SELECT count(*)::int AS n FROM delivery_queue WHERE delivery_id = 'msg_midpublish'")).rows[0].n).toBe(0);
    expect(await inconsistent()).toEqual([]);
  });

  it("deleting an automation while a publish for it is being committed cancels that publish's delivery too", async () => {
    const integrationId = (
      await t.ok<{ createIntegration: { id: string } }>('mutation($input: IntegrationInput!) { createIntegration(input: $input) { id } }', {
        input: { name: 'Queue race', authScheme: 'NONE' },
      })
    ).createIntegration.id;
    const actionId = (
      await t.ok<{ createAction: { id: string } }>('mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) { id } }', {
        id: integrationId,
        input: { name: 'Ping', request: { method: 'POST', url: 'https://api.example.com/ping', bodyType: 'JSON', body: '{}' } },
      })
    ).createAction.id;
    const automationId = (
      await t.ok<{ createAutomation: { id: string } }>('mutation($input: AutomationInput!) { createAutomation(input: $input) { id } }', {
        input: { name: 'Ping on contact', events: ['contact.created'], actionId },
      })
    ).createAutomation.id;
    const flowId = (
      await t.ok<{ createFlow: { id: string } }>('mutation($input: FlowInput!) { createFlow(input: $input) { id } }', {
        input: { name: 'Ping flow', events: ['contact.created'], steps: [{ key: 'ping', actionId }] },
      })
    ).createFlow.id;
    const holder = new PgClient({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      // The publish's transaction writes the automation's delivery, then the flow's run, whose
      // foreign key waits while we hold the flow's row: the publish is paused uncommitted there.
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM flows WHERE id = $1 FOR UPDATE', [flowId]);
      const publishing = t.ok<{ publishEvent: { id: string } }>('mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }', {
        input: { type: 'contact.created', payload: { contact: { id: 'c_queue_race' } } },
      });
      await waitUntil(async () => (await lockWaits()) >= 1, 10_000);
      // The delete waits for the publish (its FOR UPDATE against the key share the publish took
      // through deliveries.automation_id's foreign key), so it sees and ends the new queue row.
      let deleted = false;
      const deleting = t.ok('mutation($id: ID!) { deleteAutomation(id: $id) }', { id: automationId }).finally(() => (deleted = true));
      await waitUntil(async () => deleted || (await lockWaits()) >= 2, 10_000);
      await holder.query('COMMIT');
      const { publishEvent } = await publishing;
      await deleting;
      // The delivery stays in the log, its automation gone (the foreign key set it to null).
      const rows = (await pg.query('SELECT status, last_error, automation_id FROM deliveries WHERE event_id = $1', [publishEvent.id])).rows;
      expect(rows).toEqual([{ status: 'CANCELLED', last_error: 'Automation deleted', automation_id: null }]);
    } finally {
      await holder.end();
    }
    expect((await pg.query('SELECT count(*)::int AS n FROM delivery_queue WHERE target_id = $1', [automationId])).rows[0].n).toBe(0);
    expect(await inconsistent()).toEqual([]);
  });

  it('a publish takes its key-share locks on the webhooks in id order, as the write-back and disabling lock them', async () => {
    // A write-back that disables two webhooks holds both rows and then locks each FOR UPDATE in id
    // order (to end their deliveries); a publish to both that took the second's key share first
    // and then waited for the first deadlocked with it. Ten webhooks, listed in creation order by
    // the publish's cache; their ids are random.
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        (
          await t.ok<{ createWebhook: { webhook: { id: string } } }>('mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }', {
            input: { url: `https://hooks.example.com/lock-order-${i}`, events: ['contact.updated'] },
          })
        ).createWebhook.webhook.id,
      );
    }
    const [lowest, ...others] = [...ids].sort();
    const holder = new PgClient({ connectionString: t.databaseUrl });
    const prober = new PgClient({ connectionString: t.databaseUrl });
    await Promise.all([holder.connect(), prober.connect()]);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM webhooks WHERE id = $1 FOR UPDATE', [lowest]);
      const publishing = t.ok('mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }', {
        input: { type: 'contact.updated', payload: { contact: { id: 'c_lock_order' } } },
      });
      await waitUntil(async () => (await lockWaits()) > 0, 10_000);
      // The publish waits at the lowest id, so it holds none of the others yet.
      await prober.query('BEGIN');
      const probe = await prober.query('SELECT id FROM webhooks WHERE id = ANY($1::uuid[]) FOR UPDATE NOWAIT', [others]).then(
        (r) => r.rowCount,
        (error: Error) => error.message,
      );
      await prober.query('ROLLBACK');
      await holder.query('COMMIT');
      await publishing;
      expect(probe).toBe(9);
    } finally {
      await Promise.all([holder.end(), prober.end()]);
    }
    for (const id of ids) await t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id });
  });

  it('deleting a webhook with a long log and a backlog cancels and detaches them in batches, keeping every logged delivery', async () => {
    const webhookId = await createWebhook('/long-log');
    // 12,000 finished deliveries and 2,500 open ones (a dead endpoint's backlog).
    await pg.query(
      `WITH e AS (INSERT INTO events (workspace_id, type, payload) VALUES ($1, 'ticket.created', '{}') RETURNING id),
            d AS (INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, attempt_count, next_attempt_at, created_at, completed_at)
                  SELECT 'msg_longlog_' || g, $1, e.id, $2, CASE WHEN g <= 2500 THEN 'RETRYING' ELSE 'SUCCEEDED' END, 1,
                         CASE WHEN g <= 2500 THEN now() + interval '1 hour' END, now() - g * interval '1 s', CASE WHEN g > 2500 THEN now() END
                    FROM e, generate_series(1, 14500) AS g
                  RETURNING id, workspace_id, event_id, webhook_id, status)
       INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, attempt_count, due_at)
       SELECT id, webhook_id, workspace_id, event_id, 1, now() + interval '1 hour' FROM d WHERE status = 'RETRYING'`,
      [workspaceId, webhookId],
    );
    const done = await deleteTargetKeepingLog(t.app.services.db, 'webhook', webhookId, { batchSize: 1_000 });
    // Everything by the batched steps (the last step, which holds the webhook's row, found nothing left).
    expect(done).toEqual({ cancelled: 2_500, detached: 14_500 });
    const log = (
      await pg.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE webhook_id IS NULL)::int AS detached,
                count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS succeeded,
                count(*) FILTER (WHERE status = 'CANCELLED' AND last_error = 'Webhook deleted')::int AS cancelled
           FROM deliveries WHERE id LIKE 'msg_longlog_%'`,
      )
    ).rows[0];
    expect(log).toEqual({ total: 14_500, detached: 14_500, succeeded: 12_000, cancelled: 2_500 });
    expect((await pg.query('SELECT count(*)::int AS n FROM webhooks WHERE id = $1', [webhookId])).rows[0].n).toBe(0);
    expect(await inconsistent()).toEqual([]);
  });

  it('a webhook whose deletion a crash interrupted is hidden and disabled, and the scheduled sweep finishes deleting it', async () => {
    const webhookId = await createWebhook('/interrupted');
    await leasedDeliveries([['msg_interrupted_open', webhookId]], 'worker-gone');
    // What step 1 of a deletion leaves when the process dies right after it.
    await pg.query(
      `UPDATE webhooks SET deleting_at = now() - interval '10 minutes', enabled = false, health = 'DISABLED', disabled_reason = 'Being deleted.', disabled_at = now() WHERE id = $1`,
      [webhookId],
    );
    const { webhooks } = await t.ok<{ webhooks: { id: string }[] }>('{ webhooks { id } }');
    expect(webhooks.map((w) => w.id)).not.toContain(webhookId);
    for (const operation of ['query($id: ID!) { webhook(id: $id) { id } }', 'mutation($id: ID!) { enableWebhook(id: $id) { id } }', 'mutation($id: ID!) { deleteWebhook(id: $id) }']) {
      const answer = await t.gql(operation, { id: webhookId });
      expect(answer.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect(await finishInterruptedDeletions(t.app.services.db)).toBe(1);
    expect((await pg.query('SELECT count(*)::int AS n FROM webhooks WHERE id = $1', [webhookId])).rows[0].n).toBe(0);
    expect((await pg.query("SELECT status, webhook_id FROM deliveries WHERE id = 'msg_interrupted_open'")).rows).toEqual([{ status: 'CANCELLED', webhook_id: null }]);
    expect(await finishInterruptedDeletions(t.app.services.db)).toBe(0);
    expect(await inconsistent()).toEqual([]);
  });

  it('log retention never deletes a delivery that a retry is re-opening, and does not wait for it', async () => {
    const webhookId = await createWebhook('/retention-vs-retry');
    await pg.query(
      `WITH e AS (INSERT INTO events (workspace_id, type, payload, occurred_at) VALUES ($1, 'ticket.created', '{}', now() - interval '45 days') RETURNING id)
       INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, attempt_count, created_at, completed_at)
       SELECT 'msg_oldfailed', $1, e.id, $2, 'FAILED', 3, now() - interval '45 days', now() - interval '45 days' FROM e`,
      [workspaceId, webhookId],
    );
    const retrying = new PgClient({ connectionString: t.databaseUrl });
    await retrying.connect();
    try {
      // retryDelivery's statement, held open: the delivery is RETRYING again with a queue row.
      await retrying.query('BEGIN');
      await retrying.query(
        `WITH d AS (UPDATE deliveries SET status = 'RETRYING', next_attempt_at = now(), completed_at = NULL WHERE id = 'msg_oldfailed'
                    RETURNING id, webhook_id, workspace_id, event_id, attempt_count)
         INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, attempt_count, due_at)
         SELECT id, webhook_id, workspace_id, event_id, attempt_count, now() FROM d`,
      );
      const pool = new Pool({ connectionString: t.databaseUrl, max: 1 });
      try {
        // Retention sees it FAILED and 45 days old in its snapshot, but the row is held: it skips
        // it without waiting (waiting, it would delete it or could deadlock with the holder).
        const pruned = await pruneDeliveryLog(pool, 30, { batchSize: 100 });
        expect(pruned.deliveries).toBe(0);
        await retrying.query('COMMIT');
      } finally {
        await pool.end();
      }
    } finally {
      await retrying.end();
    }
    expect((await pg.query("SELECT status FROM deliveries WHERE id = 'msg_oldfailed'")).rows).toEqual([{ status: 'RETRYING' }]);
    expect(await inconsistent()).toEqual([]);
  });

  it('deleting a webhook while recoverDeliveries re-opens its deliveries cancels them, instead of leaving them queued for a webhook that is gone', async () => {
    const webhookId = await createWebhook('/recover-vs-delete');
    await pg.query(
      `WITH e AS (INSERT INTO events (workspace_id, type, payload) VALUES ($1, 'ticket.created', '{}') RETURNING id)
       INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, attempt_count, created_at, completed_at)
       SELECT v.id, $1, e.id, $2, 'FAILED', 3, now(), now() FROM e, unnest(ARRAY['msg_recover_1', 'msg_recover_2']) AS v(id)`,
      [workspaceId, webhookId],
    );
    const holder = new PgClient({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      // The recovery re-opens msg_recover_1, then waits for msg_recover_2, which we hold: it is
      // paused uncommitted, its first queue row written.
      await holder.query('BEGIN');
      await holder.query("SELECT id FROM deliveries WHERE id = 'msg_recover_2' FOR UPDATE");
      const recovering = t.ok<{ recoverDeliveries: number }>('mutation($id: ID!, $since: DateTime!) { recoverDeliveries(webhookId: $id, since: $since) }', {
        id: webhookId,
        since: new Date(Date.now() - 3_600_000).toISOString(),
      });
      await waitUntil(async () => (await lockWaits()) >= 1, 10_000);
      let deleted = false;
      const deleting = t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: webhookId }).finally(() => (deleted = true));
      await waitUntil(async () => deleted || (await lockWaits()) >= 2, 10_000);
      await holder.query('COMMIT');
      expect(await recovering).toEqual({ recoverDeliveries: 2 });
      await deleting;
    } finally {
      await holder.end();
    }
    // The delete waited for the recovery and ended what it had queued.
    const rows = (await pg.query("SELECT id, status, webhook_id, last_error FROM deliveries WHERE id LIKE 'msg_recover_%' ORDER BY id")).rows;
    expect(rows).toEqual([
      { id: 'msg_recover_1', status: 'CANCELLED', webhook_id: null, last_error: 'Webhook deleted' },
      { id: 'msg_recover_2', status: 'CANCELLED', webhook_id: null, last_error: 'Webhook deleted' },
    ]);
    expect(await inconsistent()).toEqual([]);
    expect((await pg.query('SELECT count(*)::int AS n FROM delivery_queue WHERE target_id = $1', [webhookId])).rows[0].n).toBe(0);
  });

  it('the scheduled sweep disables webhooks failing for longer than the limit and ends their open deliveries as dead letters', async () => {
    const [longFailing, recentlyFailing] = [await createWebhook('/failing-6-days'), await createWebhook('/failing-1-hour')];
    await pg.query(`UPDATE webhooks SET health = 'FAILING', consecutive_failures = 40, failing_since = now() - interval '6 days' WHERE id = $1`, [longFailing]);
    await pg.query(`UPDATE webhooks SET health = 'FAILING', consecutive_failures = 3, failing_since = now() - interval '1 hour' WHERE id = $1`, [recentlyFailing]);
    const eventId = await newEvent();
    for (const [webhookId, id] of [[longFailing, 'msg_sweep_long'], [recentlyFailing, 'msg_sweep_recent']]) {
      await pg.query(
        `WITH d AS (INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, attempt_count, next_attempt_at, created_at)
                    VALUES ($1, $2, $3, $4, 'RETRYING', 3, now() + interval '1 hour', now()) RETURNING id, workspace_id, event_id, webhook_id)
         INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, attempt_count, due_at)
         SELECT id, webhook_id, workspace_id, event_id, 3, now() + interval '1 hour' FROM d`,
        [id, workspaceId, eventId, webhookId],
      );
    }
    const pool = new Pool({ connectionString: t.databaseUrl, max: 1 });
    try {
      const disabled = await disableLongFailingTargets(pool, DEFAULT_HEALTH_POLICY);
      expect(disabled.map((d) => d.targetId)).toEqual([longFailing]);
      expect(disabled[0].reason).toMatch(/^Failing continuously since .* \(limit 120 hours\)\.$/);
      // Nothing more to do on the next run.
      expect(await disableLongFailingTargets(pool, DEFAULT_HEALTH_POLICY)).toEqual([]);
    } finally {
      await pool.end();
    }
    const hooks = (await pg.query('SELECT id, enabled, health FROM webhooks WHERE id = ANY($1) ORDER BY id', [[longFailing, recentlyFailing]])).rows;
    expect(hooks).toEqual(
      expect.arrayContaining([
        { id: longFailing, enabled: false, health: 'DISABLED' },
        { id: recentlyFailing, enabled: true, health: 'FAILING' },
      ]),
    );
    const deliveries = (await pg.query("SELECT id, status, last_error FROM deliveries WHERE id LIKE 'msg_sweep_%' ORDER BY id")).rows;
    expect(deliveries).toEqual([
      { id: 'msg_sweep_long', status: 'FAILED', last_error: expect.stringMatching(/^Webhook disabled: Failing continuously since /) },
      { id: 'msg_sweep_recent', status: 'RETRYING', last_error: null },
    ]);
    expect(await inconsistent()).toEqual([]);
  });

  it('a worker handing back deliveries it claimed skips those a deletion holds, instead of waiting for it', async () => {
    const webhookId = await createWebhook('/released');
    await leasedDeliveries(
      [
        ['msg_release_1', webhookId],
        ['msg_release_2', webhookId],
      ],
      'worker-release',
    );
    const pool = new Pool({ connectionString: t.databaseUrl, options: DISPATCH_CONNECTION_OPTIONS, max: 1 });
    const holder = new PgClient({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      // A deletion of the webhook holds the first row (it is deleting it); waiting for it while
      // holding the second could deadlock with it.
      await holder.query('BEGIN');
      await holder.query("SELECT delivery_id FROM delivery_queue WHERE delivery_id = 'msg_release_1' FOR UPDATE");
      const released = new PgDispatchStore(pool, DEFAULT_HEALTH_POLICY).release(['msg_release_1', 'msg_release_2'], 'worker-release').then(() => 'released');
      const outcome = await Promise.race([released, new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5_000))]);
      await holder.query('COMMIT');
      await released;
      expect(outcome).toBe('released');
    } finally {
      await holder.end();
      await pool.end();
    }
    const leases = (await pg.query("SELECT delivery_id, leased_by FROM delivery_queue WHERE delivery_id LIKE 'msg_release_%' ORDER BY delivery_id")).rows;
    expect(leases).toEqual([
      { delivery_id: 'msg_release_1', leased_by: 'worker-release' },
      { delivery_id: 'msg_release_2', leased_by: null },
    ]);
  });

  it('two retries of one failed delivery at once queue it once, and a delivery that succeeded is not re-opened', async () => {
    const webhookId = await createWebhook('/double-retry');
    await pg.query(
      `WITH e AS (INSERT INTO events (workspace_id, type, payload) VALUES ($1, 'ticket.created', '{}') RETURNING id)
       INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, attempt_count, created_at, completed_at)
       SELECT 'msg_doubleretry', $1, e.id, $2, 'FAILED', 1, now(), now() FROM e`,
      [workspaceId, webhookId],
    );
    const [first, second] = await Promise.all([
      t.gql('mutation($id: ID!) { retryDelivery(id: $id) { status } }', { id: 'msg_doubleretry' }),
      t.gql('mutation($id: ID!) { retryDelivery(id: $id) { status } }', { id: 'msg_doubleretry' }),
    ]);
    // Both may answer (each saw FAILED), but the delivery is re-opened and queued once.
    for (const result of [first, second]) {
      if (result.errors) expect(result.errors[0].extensions?.code).toBe('CONFLICT');
      else expect(result.data).toEqual({ retryDelivery: { status: 'RETRYING' } });
    }
    expect((await pg.query("SELECT count(*)::int AS n FROM delivery_queue WHERE delivery_id = 'msg_doubleretry'")).rows[0].n).toBe(1);
    // Once it succeeded, a retry that read FAILED earlier cannot re-open it.
    await pg.query("DELETE FROM delivery_queue WHERE delivery_id = 'msg_doubleretry'");
    await pg.query("UPDATE deliveries SET status = 'SUCCEEDED', completed_at = now() WHERE id = 'msg_doubleretry'");
    const late = await t.gql('mutation($id: ID!) { retryDelivery(id: $id) { status } }', { id: 'msg_doubleretry' });
    expect(late.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await inconsistent()).toEqual([]);
  });

  it("deleting a webhook while a worker writes back attempts for it does not deadlock with the write-back", async () => {
    // Two webhooks (ids in lock order) with a delivery each, leased by a worker that has sent both.
    const [first, second] = [await createWebhook('/writeback-a'), await createWebhook('/writeback-b')].sort();
    const ids = { [first]: 'msg_writeback_a', [second]: 'msg_writeback_b' };
    await leasedDeliveries(
      Object.entries(ids).map(([webhookId, id]) => [id, webhookId]),
      'worker-writeback',
    );
    const record = (webhookId: string): AttemptRecord => ({
      deliveryId: ids[webhookId],
      workspaceId,
      kind: 'webhook',
      targetId: webhookId,
      webhookId,
      number: 1,
      startedAt: new Date(),
      durationMs: 3,
      outcome: 'SUCCESS',
      request: { method: 'POST', url: 'https://hooks.example.com/', headers: [] },
      response: { status: 200, headers: [], body: null, bodyTruncated: false },
      error: null,
      willRetry: false,
      nextAttemptAt: null,
      status: 'SUCCEEDED',
      disableTarget: false,
    });
    const pool = new Pool({ connectionString: t.databaseUrl, options: DISPATCH_CONNECTION_OPTIONS, max: 1 });
    const holder = new PgClient({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      // Someone reads the first webhook's row FOR SHARE (as an admin's disable would lock it): the
      // write-back waits for it at the first target's row.
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM webhooks WHERE id = $1 FOR SHARE', [first]);
      const writing = new PgDispatchStore(pool, DEFAULT_HEALTH_POLICY).complete([record(first), record(second)], 'worker-writeback');
      await waitUntil(async () => (await lockWaits()) >= 1, 10_000);
      // Meanwhile the second webhook is deleted: it locks its row, then ends its queue rows. Had the
      // write-back already taken those queue rows (and then waited for the health rows), each would
      // now wait for the other: PostgreSQL aborts one of them as a deadlock.
      let deleted = false;
      const deleting = t.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: second }).finally(() => (deleted = true));
      await waitUntil(async () => deleted || (await lockWaits()) >= 2, 10_000);
      await holder.query('COMMIT');
      const [written, deletion] = await Promise.allSettled([writing, deleting]);
      expect(written.status).toBe('fulfilled');
      expect(deletion).toEqual({ status: 'fulfilled', value: { data: { deleteWebhook: true } } });
    } finally {
      await holder.end();
      await pool.end();
    }
    const states = (await pg.query('SELECT id, status FROM deliveries WHERE id = ANY($1) ORDER BY id', [Object.values(ids)])).rows;
    expect(states).toEqual([
      { id: 'msg_writeback_a', status: 'SUCCEEDED' },
      { id: 'msg_writeback_b', status: 'CANCELLED' },
    ]);
    // Both attempts are in the log, the one of the deleted webhook too.
    expect((await pg.query('SELECT count(*)::int AS n FROM delivery_attempts WHERE delivery_id = ANY($1)', [Object.values(ids)])).rows[0].n).toBe(2);
    expect(await inconsistent()).toEqual([]);
  });

  describe('plans over the queue read it by target through its index, whatever the moment they were made', () => {
    // The claim and the next-due-time statements are prepared: a connection keeps a generic plan
    // until the scheduler's next VACUUM or ANALYZE (every 10 s). Each case below is a snapshot that
    // once made that plan read the whole queue for every target: a fan-out of 10,000 webhooks (one
    // row each) then took 4-9 s instead of 1-2 s.
    const targets = Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    /** One target's rows in due order, per target: the claim's lateral lookup. */
    const LOOKUP = `SELECT p.delivery_id FROM unnest($1::uuid[]) AS t(target)
       CROSS JOIN LATERAL (SELECT q.delivery_id FROM delivery_queue q WHERE q.target_id = t.target
                            ORDER BY q.target_id, q.due_at LIMIT 40) p`;
    type Scan = { 'Node Type': string; 'Plan Rows': number; 'Index Name'?: string };
    const queueScans = (plan: unknown): Scan[] => {
      const scans: Scan[] = [];
      const walk = (node: Record<string, unknown>) => {
        if (node['Relation Name'] === 'delivery_queue') scans.push(node as Scan);
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
      return scans;
    };
    /** Ten busy webhooks with 2,000 open deliveries each. */
    const fillWithTenTargets = () =>
      pg.query(
        `INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, due_at)
         SELECT 'msg_stats_' || t.n || '_' || g, t.id, $2, gen_random_uuid(), now() + g * interval '1 ms'
           FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n), generate_series(1, 2000) AS g`,
        [targets, workspaceId],
      );
    const removeThem = () => pg.query("DELETE FROM delivery_queue WHERE delivery_id LIKE 'msg_stats_%'");
    afterEach(async () => {
      await removeThem();
      await pg.query('VACUUM (ANALYZE) delivery_queue');
    });

    it('an ANALYZE that saw a few busy targets does not make every target a tenth of the queue', async () => {
      await fillWithTenTargets();
      await pg.query('ANALYZE delivery_queue');
      const { rows } = await pg.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${LOOKUP}`, [targets]);
      const scans = queueScans(rows[0]['QUERY PLAN']);
      expect(scans).toHaveLength(1);
      // Without the column's n_distinct setting: 2,000 rows per target, the analysed share.
      expect(scans[0]['Plan Rows']).toBeLessThanOrEqual(2);
      expect(scans[0]['Index Name']).toBe('delivery_queue_target_due_idx');
    });

    /**
     * Runs `plan` on a dispatcher's connection (DISPATCH_CONNECTION_OPTIONS) with generic plans
     * forced, right after the scheduler's VACUUM of an emptied queue: what an idle dispatcher's
     * prepared statements cache, and keep for the 10,000 rows of the next fan-out until the next
     * VACUUM or ANALYZE.
     */
    async function onEmptiedQueue(plan: (planner: PgClient) => Promise<void>): Promise<void> {
      // Empty, as on an idle system (the cases above leave a few open deliveries queued).
      await pg.query('DELETE FROM delivery_queue');
      await fillWithTenTargets();
      await removeThem();
      // The VACUUM cuts the emptied table's file to 0 pages: a sequential scan then costs nothing.
      await pg.query('VACUUM (ANALYZE) delivery_queue');
      const planner = new PgClient({ connectionString: t.databaseUrl, options: DISPATCH_CONNECTION_OPTIONS });
      await planner.connect();
      try {
        await planner.query('SET plan_cache_mode = force_generic_plan');
        await plan(planner);
      } finally {
        await planner.end();
      }
    }

    it("a plan the dispatcher's connection makes while the queue is empty after a VACUUM still probes the index", async () => {
      await onEmptiedQueue(async (planner) => {
        await planner.query(`PREPARE lookup(uuid[]) AS ${LOOKUP}`);
        const { rows } = await planner.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) EXECUTE lookup('{${targets.join(',')}}')`);
        const scans = queueScans(rows[0]['QUERY PLAN']);
        expect(scans).toHaveLength(1);
        // On a connection without DISPATCH_CONNECTION_OPTIONS: a Seq Scan.
        expect(scans[0]['Node Type']).toBe('Index Scan');
        expect(scans[0]['Index Name']).toBe('delivery_queue_target_due_idx');
      });
    });

    it("the claim's lease update finds the claimed rows by key in a plan made while the queue was empty", async () => {
      // The same snapshot as above, for the whole claim statement as the dispatcher prepares it.
      // Session 6's fan-out: the UPDATE joined the queue with the claimed ids, planned as a walk
      // of the whole queue's primary key once per claimed row (10,000 x 256 rows: 1.1 s).
      await onEmptiedQueue(async (planner) => {
        await planner.query(`PREPARE claim AS ${CLAIM_SQL}`);
        const none = '00000000-0000-0000-0000-000000000000';
        const all = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
        const { rows } = await planner.query<{ 'QUERY PLAN': unknown }>(
          `EXPLAIN (FORMAT JSON) EXECUTE claim(256, 30000, '{}', 'worker-plan-test', '${none}', '${all}', '{}', '{}', 256)`,
        );
        const updates: Record<string, unknown>[] = [];
        const walk = (node: Record<string, unknown>) => {
          if (node['Node Type'] === 'ModifyTable' && node['Operation'] === 'Update' && node['Relation Name'] === 'delivery_queue') updates.push(node);
          for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
        };
        walk((rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0].Plan);
        expect(updates).toHaveLength(1);
        const scans = queueScans([{ Plan: updates[0] }]).filter((scan) => scan !== (updates[0] as unknown));
        // One probe of the primary key for the claimed ids, not a scan of the whole queue.
        expect(scans.map((scan) => ({ node: scan['Node Type'], index: scan['Index Name'], cond: (scan as { 'Index Cond'?: string })['Index Cond'] ?? null }))).toEqual([
          { node: 'Index Scan', index: 'delivery_queue_pkey', cond: expect.stringMatching(/delivery_id = ANY/) },
        ]);
      });
    });
  });
});

import { Client as PgClient } from 'pg';
import { pruneDeliveryLog } from '@conduit/engine';
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
      await waitUntil(
        async () => (await pg.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('tuple', 'transactionid')")).rows[0].n > 0,
        10_000,
      );
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

  it('log retention never deletes a delivery that a retry re-opened while retention waited for its row', async () => {
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
      const { Pool } = await import('pg');
      const pool = new Pool({ connectionString: t.databaseUrl, max: 1 });
      try {
        // Retention picks it (FAILED, 45 days old, in its snapshot) and waits for the row lock.
        const pruning = pruneDeliveryLog(pool, 30, { batchSize: 100 });
        await waitUntil(async () => (await pg.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('tuple', 'transactionid')")).rows[0].n > 0, 10_000);
        await retrying.query('COMMIT');
        const pruned = await pruning;
        expect(pruned.deliveries).toBe(0);
      } finally {
        await pool.end();
      }
    } finally {
      await retrying.end();
    }
    expect((await pg.query("SELECT status FROM deliveries WHERE id = 'msg_oldfailed'")).rows).toEqual([{ status: 'RETRYING' }]);
    expect(await inconsistent()).toEqual([]);
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
});

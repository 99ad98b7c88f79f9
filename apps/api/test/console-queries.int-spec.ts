import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { createApiKey, errorCodes, firstError } from './support/api';
import { startTestApp, waitUntil, type TestApp } from './support/harness';

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;
const CREATE_INTEGRATION = `mutation($input: IntegrationInput!) { createIntegration(input: $input) { id } }`;
const CREATE_ACTION = `mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) { id } }`;
const CREATE_AUTOMATION = `mutation($input: AutomationInput!) { createAutomation(input: $input) { id } }`;
const CREATE_FLOW = `mutation($input: FlowInput!) { createFlow(input: $input) { id } }`;
const START_RUN = `mutation($id: ID!, $v: JSON) { startFlowRun(flowId: $id, variables: $v) { id startedAt } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }`;
const STATS = `query($range: StatsRange!, $webhookId: ID, $automationId: ID) {
  deliveryStats(range: $range, webhookId: $webhookId, automationId: $automationId) {
    range bucketSeconds attempts successRate p95DurationMs pendingDeliveries
    buckets { start total p95DurationMs counts { outcome count } }
  } }`;
const FLOW_RUNS = `query($flowId: ID!, $first: Int) { flowRuns(flowId: $flowId, first: $first) { id status startedAt variables flow { id } } }`;

type Outcome = 'SUCCESS' | 'HTTP_ERROR' | 'TIMEOUT' | 'NETWORK_ERROR' | 'BLOCKED' | 'INVALID_RESPONSE';
interface Bucket {
  start: string;
  total: number;
  p95DurationMs: number | null;
  counts: { outcome: Outcome; count: number }[];
}
interface Stats {
  range: 'HOUR' | 'DAY';
  bucketSeconds: number;
  attempts: number;
  successRate: number | null;
  p95DurationMs: number | null;
  pendingDeliveries: number;
  buckets: Bucket[];
}
interface AttemptRow {
  started_at: Date;
  outcome: Outcome;
  duration_ms: number;
  webhook_id: string | null;
  automation_id: string | null;
}
interface Run {
  id: string;
  status: string;
  startedAt: string;
  variables: Record<string, unknown>;
  flow: { id: string };
}

/** PostgreSQL's percentile_disc(0.95): the smallest value with at least 95 % of the values at or below it. */
function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1];
}

/** Outcome counts summed over every bucket. */
function totals(stats: Stats): Partial<Record<Outcome, number>> {
  const sum: Partial<Record<Outcome, number>> = {};
  for (const bucket of stats.buckets) for (const { outcome, count } of bucket.counts) sum[outcome] = (sum[outcome] ?? 0) + count;
  return sum;
}

describe('console queries: deliveryStats and flowRuns', () => {
  let t: TestApp;
  let receiver: Receiver;
  let workspaceId: string;
  let okWebhook: string;
  let failingWebhook: string;
  let automationId: string;

  const stats = async (variables: Record<string, unknown>, token?: string) => (await t.ok<{ deliveryStats: Stats }>(STATS, variables, token)).deliveryStats;

  /** Every attempt of the workspace, with the automation of its delivery, as the database holds them. */
  async function storedAttempts(): Promise<AttemptRow[]> {
    return t.app.services.db.query(
      `SELECT a.started_at, a.outcome, a.duration_ms, a.webhook_id, d.automation_id
         FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE a.workspace_id = $1`,
      [workspaceId],
    );
  }

  /** The attempts of `rows` that fall in the window of `s`, counted per bucket start and outcome. */
  function expectedBuckets(s: Stats, rows: AttemptRow[]): Map<number, { total: number; counts: Partial<Record<Outcome, number>>; durations: number[] }> {
    const step = s.bucketSeconds * 1000;
    const first = Date.parse(s.buckets[0].start);
    const expected = new Map<number, { total: number; counts: Partial<Record<Outcome, number>>; durations: number[] }>();
    for (const row of rows) {
      const at = row.started_at.getTime();
      if (at < first || at >= first + s.buckets.length * step) continue;
      const start = Math.floor(at / step) * step;
      const bucket = expected.get(start) ?? { total: 0, counts: {}, durations: [] };
      bucket.total += 1;
      bucket.counts[row.outcome] = (bucket.counts[row.outcome] ?? 0) + 1;
      bucket.durations.push(row.duration_ms);
      expected.set(start, bucket);
    }
    return expected;
  }

  /** Checks the buckets' shape (count, alignment, order, the last one holding now) and their contents against `rows`. */
  function expectBucketsMatch(s: Stats, rows: AttemptRow[], count: number, bucketSeconds: number): void {
    expect(s.bucketSeconds).toBe(bucketSeconds);
    expect(s.buckets).toHaveLength(count);
    const step = bucketSeconds * 1000;
    const starts = s.buckets.map((b) => Date.parse(b.start));
    for (const [i, start] of starts.entries()) {
      expect(start % step).toBe(0);
      if (i > 0) expect(start - starts[i - 1]).toBe(step);
    }
    const last = starts[starts.length - 1];
    expect(last).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(Date.now()).toBeLessThan(last + step + 5_000);

    const expected = expectedBuckets(s, rows);
    for (const bucket of s.buckets) {
      const want = expected.get(Date.parse(bucket.start));
      expect({ start: bucket.start, total: bucket.total, p95: bucket.p95DurationMs, counts: bucket.counts }).toEqual({
        start: bucket.start,
        total: want?.total ?? 0,
        p95: want ? p95(want.durations) : null,
        // Only the outcomes that occurred, in AttemptOutcome order.
        counts: (['SUCCESS', 'HTTP_ERROR', 'TIMEOUT', 'NETWORK_ERROR', 'BLOCKED', 'INVALID_RESPONSE'] as Outcome[])
          .filter((o) => (want?.counts[o] ?? 0) > 0)
          .map((o) => ({ outcome: o, count: want?.counts[o] })),
      });
    }
    const inWindow = [...expected.values()];
    expect(s.attempts).toBe(inWindow.reduce((n, b) => n + b.total, 0));
    expect(s.p95DurationMs).toBe(p95(inWindow.flatMap((b) => b.durations)));
  }

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await startReceiver({ paths: { '/ok': { status: 200 }, '/failing': { status: 500 }, '/automation': { status: 200, body: '{}' } } });
    workspaceId = (await t.ok<{ viewer: { workspace: { id: string } } }>('{ viewer { workspace { id } } }')).viewer.workspace.id;

    const createWebhook = async (path: string, retryPolicy: Record<string, unknown>) =>
      (await t.ok<{ createWebhook: { webhook: { id: string } } }>(CREATE_WEBHOOK, { input: { url: `${receiver.url}${path}`, events: ['ticket.created'], retryPolicy } }))
        .createWebhook.webhook.id;
    okWebhook = await createWebhook('/ok', { schedule: [], timeoutMs: 2000 });
    // One failed attempt, then a retry an hour away: its deliveries stay RETRYING (pending) for the test.
    failingWebhook = await createWebhook('/failing', { schedule: [3600], timeoutMs: 2000 });

    const integrationId = (await t.ok<{ createIntegration: { id: string } }>(CREATE_INTEGRATION, { input: { name: 'CRM', authScheme: 'NONE' } })).createIntegration.id;
    const actionId = (
      await t.ok<{ createAction: { id: string } }>(CREATE_ACTION, {
        id: integrationId,
        input: { name: 'Note contact', request: { method: 'POST', url: `${receiver.url}/automation`, bodyType: 'JSON', body: '{}' }, retryPolicy: { schedule: [], timeoutMs: 2000 } },
      })
    ).createAction.id;
    automationId = (await t.ok<{ createAutomation: { id: string } }>(CREATE_AUTOMATION, { input: { name: 'Note new contacts', events: ['contact.created'], actionId } })).createAutomation.id;

    for (let i = 0; i < 3; i++) await t.ok(PUBLISH, { input: { type: 'ticket.created', payload: { ticket: { id: i } } } });
    for (let i = 0; i < 2; i++) await t.ok(PUBLISH, { input: { type: 'contact.created', payload: { contact: { id: i } } } });
    // 3 successes and 3 failures (webhooks) and 2 successes (automation).
    await waitUntil(async () => (await storedAttempts()).length === 8, 15_000, () => 'waiting for 8 attempts');

    // Older attempts written straight to the log: 2 hours ago (in DAY, not in HOUR) and 25 hours ago (in neither).
    const [delivery] = await t.app.services.db.query<{ id: string }[]>('SELECT id FROM deliveries WHERE webhook_id = $1 LIMIT 1', [okWebhook]);
    await t.app.services.db.query(
      `INSERT INTO delivery_attempts (delivery_id, workspace_id, webhook_id, number, started_at, duration_ms, outcome, request, will_retry)
       VALUES ($1, $2, $3, 90, now() - interval '2 hours', 5000, 'TIMEOUT', '{"method":"POST","url":"x","headers":[]}', false),
              ($1, $2, $3, 91, now() - interval '25 hours', 7000, 'SUCCESS', '{"method":"POST","url":"x","headers":[]}', false)`,
      [delivery.id, workspaceId, okWebhook],
    );
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  describe('deliveryStats', () => {
    it('HOUR: 60 buckets of 60 s, oldest first, empty ones included; totals per outcome, success rate, p95 and pending deliveries', async () => {
      const s = await stats({ range: 'HOUR' });
      expect(s.range).toBe('HOUR');
      expectBucketsMatch(s, await storedAttempts(), 60, 60);
      expect(s.attempts).toBe(8);
      expect(totals(s)).toEqual({ SUCCESS: 5, HTTP_ERROR: 3 });
      expect(s.successRate).toBeCloseTo(5 / 8, 10);
      expect(s.p95DurationMs).toBeLessThan(5000);
      // The failing webhook's 3 deliveries wait for their retry.
      expect(s.pendingDeliveries).toBe(3);
      const open = await t.ok<{ deliveries: { items: unknown[] } }>('query($f: DeliveryFilter) { deliveries(filter: $f) { items { id } } }', {
        f: { status: ['PENDING', 'RETRYING'] },
      });
      expect(open.deliveries.items).toHaveLength(3);
      const empty = s.buckets.find((b) => b.total === 0);
      expect(empty).toEqual({ start: expect.any(String), total: 0, p95DurationMs: null, counts: [] });
    });

    it('DAY: 96 buckets of 900 s; includes the attempt of 2 hours ago but not the one of 25 hours ago', async () => {
      const s = await stats({ range: 'DAY' });
      expect(s.range).toBe('DAY');
      expectBucketsMatch(s, await storedAttempts(), 96, 900);
      expect(s.attempts).toBe(9);
      expect(totals(s)).toEqual({ SUCCESS: 5, HTTP_ERROR: 3, TIMEOUT: 1 });
      expect(s.successRate).toBeCloseTo(5 / 9, 10);
      expect(s.p95DurationMs).toBe(5000);
      expect(s.pendingDeliveries).toBe(3);
      const timeout = s.buckets.find((b) => b.counts.some((c) => c.outcome === 'TIMEOUT')) as Bucket;
      const twoHoursAgo = Date.now() - 2 * 3_600_000;
      expect(Date.parse(timeout.start)).toBeLessThanOrEqual(twoHoursAgo);
      expect(twoHoursAgo - Date.parse(timeout.start)).toBeLessThan(900_000 + 5_000);
    });

    it('webhookId narrows attempts and pending deliveries to one webhook; automationId to one automation', async () => {
      const rows = await storedAttempts();
      const ok = await stats({ range: 'HOUR', webhookId: okWebhook });
      expectBucketsMatch(ok, rows.filter((r) => r.webhook_id === okWebhook), 60, 60);
      expect({ attempts: ok.attempts, successRate: ok.successRate, pending: ok.pendingDeliveries, totals: totals(ok) }).toEqual({
        attempts: 3,
        successRate: 1,
        pending: 0,
        totals: { SUCCESS: 3 },
      });
      const okDay = await stats({ range: 'DAY', webhookId: okWebhook });
      expect({ attempts: okDay.attempts, successRate: okDay.successRate, totals: totals(okDay) }).toEqual({ attempts: 4, successRate: 0.75, totals: { SUCCESS: 3, TIMEOUT: 1 } });

      const failing = await stats({ range: 'HOUR', webhookId: failingWebhook });
      expectBucketsMatch(failing, rows.filter((r) => r.webhook_id === failingWebhook), 60, 60);
      expect({ attempts: failing.attempts, successRate: failing.successRate, pending: failing.pendingDeliveries, totals: totals(failing) }).toEqual({
        attempts: 3,
        successRate: 0,
        pending: 3,
        totals: { HTTP_ERROR: 3 },
      });

      const automation = await stats({ range: 'HOUR', automationId });
      expectBucketsMatch(automation, rows.filter((r) => r.automation_id === automationId), 60, 60);
      expect({ attempts: automation.attempts, successRate: automation.successRate, pending: automation.pendingDeliveries }).toEqual({ attempts: 2, successRate: 1, pending: 0 });
    });

    it('answers NOT_FOUND for a webhook or automation that is not in this workspace', async () => {
      const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Other tenant") { token } }');
      const foreign = (
        await t.ok<{ createWebhook: { webhook: { id: string } } }>(CREATE_WEBHOOK, { input: { url: `${receiver.url}/ok`, events: ['ticket.created'] } }, createWorkspace.token)
      ).createWebhook.webhook.id;
      for (const webhookId of [foreign, '00000000-0000-4000-8000-000000000000', 'not-a-webhook']) {
        const result = await t.gql(STATS, { range: 'HOUR', webhookId });
        expect({ webhookId, codes: errorCodes(result) }).toEqual({ webhookId, codes: ['NOT_FOUND'] });
      }
      const result = await t.gql(STATS, { range: 'DAY', automationId: '00000000-0000-4000-8000-000000000000' });
      expect(errorCodes(result)).toEqual(['NOT_FOUND']);
      expect(firstError(result).message).toBe('No automation with id 00000000-0000-4000-8000-000000000000 in this workspace.');
    });

    it('a VIEWER may read them; another workspace sees none of these attempts (every bucket empty, rates null)', async () => {
      const viewer = await createApiKey(t, 'VIEWER');
      expect((await stats({ range: 'HOUR' }, viewer.secret)).attempts).toBe(8);
      const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Quiet") { token } }');
      for (const [range, count] of [['HOUR', 60], ['DAY', 96]] as const) {
        const quiet = await stats({ range }, createWorkspace.token);
        expect({ attempts: quiet.attempts, successRate: quiet.successRate, p95: quiet.p95DurationMs, pending: quiet.pendingDeliveries }).toEqual({
          attempts: 0,
          successRate: null,
          p95: null,
          pending: 0,
        });
        expect(quiet.buckets).toHaveLength(count);
        expect(quiet.buckets.every((b) => b.total === 0 && b.counts.length === 0 && b.p95DurationMs === null)).toBe(true);
      }
      expect(errorCodes(await t.gql(STATS, { range: 'HOUR' }, null))).toEqual(['UNAUTHENTICATED']);
    });

    it('reads a workspace\'s recent attempts and open deliveries through the indexes added for them', async () => {
      const { db } = t.app.services;
      const indexes: { indexname: string; indexdef: string }[] = await db.query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('delivery_attempts_workspace_started_idx', 'delivery_queue_target_due_idx') ORDER BY indexname",
      );
      expect(indexes).toEqual([
        { indexname: 'delivery_attempts_workspace_started_idx', indexdef: expect.stringContaining('(workspace_id, started_at) INCLUDE (webhook_id, outcome, duration_ms)') },
        { indexname: 'delivery_queue_target_due_idx', indexdef: expect.stringContaining('(target_id, due_at)') },
      ]);
      // A handful of rows is cheaper to scan whole, so sequential scans are ruled out to see which index the planner can use.
      const explain = (sql: string) =>
        db.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          const rows: { 'QUERY PLAN': string }[] = await tx.query(`EXPLAIN ${sql}`, [workspaceId]);
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        });
      expect(await explain(`SELECT outcome, duration_ms FROM delivery_attempts WHERE workspace_id = $1 AND started_at >= now() - interval '1 day'`)).toContain(
        'delivery_attempts_workspace_started_idx',
      );
      // Open deliveries: the queue, probed by each of the workspace's targets.
      expect(
        await explain(
          `SELECT count(*) FROM delivery_queue q WHERE q.target_id IN (SELECT id FROM webhooks WHERE workspace_id = $1 AND enabled UNION ALL SELECT id FROM automations WHERE workspace_id = $1)`,
        ),
      ).toEqual(expect.stringMatching(/delivery_queue_target_due_idx[\s\S]*webhooks_workspace_idx|webhooks_workspace_idx[\s\S]*delivery_queue_target_due_idx/));
    });
  });

  describe('flowRuns', () => {
    let flowsToken: string;
    let flowId: string;
    let started: { id: string; startedAt: string }[];

    beforeAll(async () => {
      // In a workspace of its own, so that the runs' action calls do not touch the statistics above.
      flowsToken = (await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Flows") { token } }')).createWorkspace.token;
      const integrationId = (await t.ok<{ createIntegration: { id: string } }>(CREATE_INTEGRATION, { input: { name: 'Pinger', authScheme: 'NONE' } }, flowsToken)).createIntegration
        .id;
      const actionId = (
        await t.ok<{ createAction: { id: string } }>(
          CREATE_ACTION,
          { id: integrationId, input: { name: 'Ping', request: { method: 'POST', url: `${receiver.url}/automation`, bodyType: 'JSON', body: '{}' } } },
          flowsToken,
        )
      ).createAction.id;
      flowId = (await t.ok<{ createFlow: { id: string } }>(CREATE_FLOW, { input: { name: 'Ping flow', steps: [{ key: 'ping', actionId }] } }, flowsToken)).createFlow.id;
      // 21 finished runs from the last days, written straight to the table (nothing left for a worker to do)…
      await t.app.services.db.query(
        `INSERT INTO flow_runs (workspace_id, flow_id, status, variables, started_at, finished_at)
         SELECT f.workspace_id, f.id, 'SUCCEEDED', jsonb_build_object('n', n), now() - n * interval '1 hour', now() - n * interval '1 hour'
           FROM flows f, generate_series(1, 21) AS n WHERE f.id = $1`,
        [flowId],
      );
      // …and 3 started now, one after the other.
      started = [];
      for (let i = 1; i <= 3; i++) started.push((await t.ok<{ startFlowRun: { id: string; startedAt: string } }>(START_RUN, { id: flowId, v: { started: i } }, flowsToken)).startFlowRun);
    });

    const runs = async (variables: Record<string, unknown>, token = flowsToken) => (await t.ok<{ flowRuns: Run[] }>(FLOW_RUNS, { flowId, ...variables }, token)).flowRuns;

    it('lists the newest 20 runs first by default', async () => {
      const list = await runs({});
      expect(list).toHaveLength(20);
      expect(list.slice(0, 3).map((r) => r.id)).toEqual([...started].reverse().map((r) => r.id));
      expect(list.slice(3).map((r) => r.variables)).toEqual(Array.from({ length: 17 }, (_, i) => ({ n: i + 1 })));
      const times = list.map((r) => Date.parse(r.startedAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(list.every((r) => r.flow.id === flowId)).toBe(true);
    });

    it('first limits the page (1 to 100); beyond is BAD_USER_INPUT on field "first"', async () => {
      expect((await runs({ first: 2 })).map((r) => r.id)).toEqual([started[2].id, started[1].id]);
      expect(await runs({ first: 100 })).toHaveLength(24);
      for (const first of [101, 0, -1]) {
        const result = await t.gql(FLOW_RUNS, { flowId, first }, flowsToken);
        expect({ first, codes: errorCodes(result), field: result.errors?.[0]?.extensions?.field }).toEqual({ first, codes: ['BAD_USER_INPUT'], field: 'first' });
      }
      expect(firstError(await t.gql(FLOW_RUNS, { flowId, first: 101 }, flowsToken)).message).toBe('first must be from 1 to 100; got 101.');
    });

    it('a VIEWER may read them; a flow of another workspace, or an unknown id, is NOT_FOUND', async () => {
      const viewer = await createApiKey(t, 'VIEWER', flowsToken, 'flows viewer');
      expect(await runs({ first: 3 }, viewer.secret)).toHaveLength(3);
      for (const id of [flowId, '00000000-0000-4000-8000-000000000000', 'not-a-flow']) {
        const result = await t.gql(FLOW_RUNS, { flowId: id });
        expect({ id, codes: errorCodes(result), data: result.data ?? null }).toEqual({ id, codes: ['NOT_FOUND'], data: null });
      }
    });
  });
});

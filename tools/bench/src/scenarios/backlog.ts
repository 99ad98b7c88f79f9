import { performance } from 'node:perf_hooks';
import { processRssMB } from '../cpu';
import { AttemptCounter, openDeliveries } from '../database';
import { largest, median, round, smallest, ticketPayload } from '../load';
import { sleep } from '../processes';
import { createWebhooks, createWorkspace } from '../setup';
import { THROUGHPUT_GOAL_PER_SECOND } from './throughput';
import { figureValue, type Scenario, type ScenarioContext, type ScenarioResult } from './scenario';

/** DESIGN.md, Goals: 1,000,000 pending deliveries, worker RSS < 400 MB, drains at full rate. */
const GOAL_BACKLOG = 1_000_000;
const GOAL_RSS_MB = 400;
const WEBHOOKS = 10;
const EVENT_TYPE = 'event.emit.bench_backlog';

/**
 * Backlog: `--backlog` PENDING deliveries (to 10 webhooks, 10 per event) are inserted in one
 * transaction with SQL `generate_series` in the benchmark's own database — publishing a million
 * through the API would take minutes and measure publishing, not draining. Rows are shaped as
 * publishing writes them. Then the dispatchers are woken and the worker drains the lot while its
 * RSS is sampled every second (the worker runs as its own process with --roles split).
 */
export const backlogScenario: Scenario = {
  name: 'backlog',
  description: 'pending deliveries inserted with SQL, drained by the worker; worker RSS sampled',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log, signal, previous } = context;
    const workspace = await createWorkspace(env.gql, env.conduitUrl, 'bench backlog');
    const webhooks = await createWebhooks(workspace.gql, { count: WEBHOOKS, url: (i) => `${env.receiverUrl}/backlog/${i}`, events: [EVENT_TYPE] });
    const total = options.backlog;
    const events = Math.ceil(total / WEBHOOKS);
    log(`backlog: inserting ${total.toLocaleString('en-US')} pending deliveries (${events.toLocaleString('en-US')} events × ${WEBHOOKS} webhooks) with SQL`);
    const insertStart = performance.now();
    const client = await env.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `WITH e AS (
           INSERT INTO events (workspace_id, type, payload) SELECT $1, $2, $3::jsonb FROM generate_series(1, $4) RETURNING id
         ), d AS (
           INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, status, next_attempt_at, created_at)
           SELECT 'msg_' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 26)), $1, e.id, w.id, 'PENDING', now(), now()
             FROM e CROSS JOIN unnest($5::uuid[]) AS w(id)
            LIMIT $6
           RETURNING id, workspace_id, event_id, webhook_id
         )
         -- As publishing writes them: each open delivery also has its row in the queue.
         INSERT INTO delivery_queue (delivery_id, target_id, workspace_id, event_id, due_at) SELECT id, webhook_id, workspace_id, event_id, now() FROM d`,
        [workspace.id, EVENT_TYPE, JSON.stringify(ticketPayload()), events, webhooks, total],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const insertSeconds = (performance.now() - insertStart) / 1000;
    log(`backlog: inserted in ${insertSeconds.toFixed(1)} s; waking the dispatchers and draining`);

    const counter = new AttemptCounter(env.pool, { workspaceId: workspace.id });
    const rss: number[] = [];
    const rates: number[] = [];
    const sampleRss = () => {
      const value = processRssMB(env.worker.process.pid);
      if (value !== null) rss.push(value);
    };
    sampleRss();
    const drainStart = Date.now();
    await env.pool.query("SELECT pg_notify('conduit_deliveries', '')");
    const timeoutMs = Math.max(60_000, (total / 2_000) * 1000);
    let done = 0;
    let attempts = 0;
    for (let tick = 1; done < total && Date.now() - drainStart < timeoutMs && !signal.aborted; tick++) {
      await sleep(drainStart + tick * 1000 - Date.now(), signal);
      const counts = await counter.sample();
      rates.push(counts.success - done);
      done = counts.success;
      attempts = counts.total;
      sampleRss();
      if (tick % 10 === 0) log(`  ${tick} s: ${done.toLocaleString('en-US')} delivered, worker RSS ${Math.round(rss[rss.length - 1] ?? 0)} MB`);
    }
    // The last sample is partial: time the drain from the attempts' own timestamps instead.
    const { rows } = await env.pool.query<{ seconds: number | null }>(
      `SELECT extract(epoch FROM max(d.completed_at) - $2::timestamptz)::float8 AS seconds FROM deliveries d WHERE d.workspace_id = $1`,
      [workspace.id, new Date(drainStart)],
    );
    const drainSeconds = rows[0].seconds ?? (Date.now() - drainStart) / 1000;
    const open = await openDeliveries(env.pool, workspace.id);
    const rate = done / drainSeconds;
    const tenth = Math.max(1, Math.floor(rates.length / 10));
    const full = rates.slice(0, -1);
    const firstTenth = average(full.slice(0, tenth));
    const lastTenth = average(full.slice(-tenth));
    const maxRss = largest(rss);
    const throughput = figureValue(previous, 'throughput', 'deliveriesPerSecond');
    // "Full rate": what the same machine sustains end to end without a backlog (the throughput
    // scenario of this run), so the figure says whether a million waiting rows slow dispatch.
    // Without that scenario in the run, the throughput goal stands in.
    const fullRate = typeof throughput === 'number' ? throughput : THROUGHPUT_GOAL_PER_SECOND;
    return {
      scenario: this.name,
      description: this.description,
      figures: [
        { key: 'backlog', label: 'pending deliveries inserted (SQL)', value: total },
        { key: 'insertSeconds', label: 'insert time', value: round(insertSeconds, 1), unit: 's' },
        { key: 'delivered', label: 'delivered (SUCCESS attempts)', value: done },
        { key: 'drainSeconds', label: 'drain time', value: round(drainSeconds, 1), unit: 's' },
        { key: 'drainRate', label: 'drain rate', value: round(rate), unit: '/s' },
        { key: 'firstTenthRate', label: 'rate over the first / last tenth', value: `${round(firstTenth)} / ${round(lastTenth)}`, unit: '/s' },
        { key: 'perSecondMin', label: 'per-second min / median', value: `${round(smallest(full))} / ${round(median(full))}`, unit: '/s' },
        { key: 'vsThroughput', label: 'drain rate ÷ sustained end-to-end throughput', value: typeof throughput === 'number' && throughput > 0 ? round(rate / throughput, 2) : null },
        { key: 'rssStartMB', label: 'worker RSS at the start', value: round(rss[0] ?? null), unit: 'MB' },
        { key: 'rssMaxMB', label: 'worker RSS max', value: round(maxRss), unit: 'MB' },
        { key: 'rssEndMB', label: 'worker RSS at the end', value: round(rss[rss.length - 1] ?? null), unit: 'MB' },
        { key: 'failedAttempts', label: 'attempts not SUCCESS', value: attempts - done },
        { key: 'openAtEnd', label: 'deliveries still open at the end', value: open },
      ],
      goal: {
        goal: `${GOAL_BACKLOG.toLocaleString('en-US')} pending: worker RSS < ${GOAL_RSS_MB} MB, drains at full rate (≥ this run's sustained end-to-end rate)`,
        measured: `RSS max ${round(maxRss)} MB, ${round(rate)}/s over ${round(drainSeconds, 1)} s (end-to-end ${typeof throughput === 'number' ? round(throughput) : 'n/a'}/s, goal ${THROUGHPUT_GOAL_PER_SECOND.toLocaleString('en-US')}/s)`,
        met: total >= GOAL_BACKLOG && env.roles === 'split' ? maxRss !== null && maxRss < GOAL_RSS_MB && rate >= fullRate && open === 0 : null,
      },
      checks: [{ name: 'the whole backlog delivered (SUCCESS)', ok: done === total && open === 0, detail: `${done} of ${total}, ${open} open` }],
      details: { rssSamplesMB: rss.map((v) => round(v)), perSecond: rates },
    };
  },
};

function average(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

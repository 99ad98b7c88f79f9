import { performance } from 'node:perf_hooks';
import { round } from '../load';
import { sleep } from '../processes';
import { EventPublisher } from '../publisher';
import { createWebhooks, createWorkspace } from '../setup';
import type { Scenario, ScenarioContext, ScenarioResult } from './scenario';

/** DESIGN.md, Goals: one event to 10,000 webhooks, all delivered in < 5 s. */
const GOAL_WEBHOOKS = 10_000;
const GOAL_SECONDS = 5;
const EVENT_TYPE = 'event.emit.bench_fanout';
const TIMEOUT_MS = 60_000;

interface FanoutTimes {
  succeeded: number;
  total: number;
  /** From the event's publish to the first / median / last attempt committed, in ms. */
  firstMs: number | null;
  medianMs: number | null;
  lastMs: number | null;
}

/**
 * Fan-out: `--fanout` webhooks (each its own endpoint path, created through the API) subscribe to
 * one event type; one event is published and the clock runs until every delivery's attempt is
 * committed (`deliveries.completed_at − events.occurred_at`, both read from the database).
 */
export const fanoutScenario: Scenario = {
  name: 'fanout',
  description: 'one event to --fanout webhooks: publish → every attempt committed',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log, signal } = context;
    const workspace = await createWorkspace(env.gql, env.conduitUrl, 'bench fan-out');
    log(`fanout: creating ${options.fanout} webhooks through the API`);
    const createdAt = performance.now();
    await createWebhooks(workspace.gql, { count: options.fanout, url: (i) => `${env.receiverUrl}/fanout/${i}`, events: [EVENT_TYPE], concurrency: 16, signal });
    const createSeconds = (performance.now() - createdAt) / 1000;
    log(`fanout: created in ${createSeconds.toFixed(1)} s; publishing one event`);
    const publisher = new EventPublisher(env.conduitUrl, workspace.apiKey, 1);
    const publishStart = performance.now();
    let published: { id: string; deliveries: number };
    try {
      published = await publisher.publish(EventPublisher.body(EVENT_TYPE));
    } finally {
      await publisher.close();
    }
    const publishMs = performance.now() - publishStart;
    let open = published.deliveries;
    while (open > 0 && performance.now() - publishStart < TIMEOUT_MS && !signal.aborted) {
      await sleep(50, signal);
      const { rows } = await env.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM delivery_queue WHERE event_id = $1`,
        [published.id],
      );
      open = Number(rows[0].n);
    }
    const wallSeconds = (performance.now() - publishStart) / 1000;
    const times = await fanoutTimes(env.pool, published.id);
    const allSeconds = times.lastMs === null ? null : times.lastMs / 1000;
    const complete = times.succeeded === options.fanout && times.total === options.fanout;
    return {
      scenario: this.name,
      description: this.description,
      figures: [
        { key: 'webhooks', label: 'webhooks subscribed', value: options.fanout },
        { key: 'createSeconds', label: 'time to create them through the API', value: round(createSeconds, 1), unit: 's' },
        { key: 'deliveriesCreated', label: 'deliveries created by the publish', value: published.deliveries },
        { key: 'publishMs', label: 'POST /v1/events answer', value: round(publishMs), unit: 'ms' },
        { key: 'succeeded', label: 'deliveries SUCCEEDED', value: times.succeeded },
        { key: 'firstMs', label: 'publish → first attempt committed', value: round(times.firstMs), unit: 'ms' },
        { key: 'medianMs', label: 'publish → half the attempts committed', value: round(times.medianMs), unit: 'ms' },
        { key: 'allSeconds', label: 'publish → every attempt committed', value: round(allSeconds, 2), unit: 's' },
        { key: 'deliveriesPerSecond', label: 'rate over the fan-out', value: allSeconds ? round(times.succeeded / allSeconds) : null, unit: '/s' },
        { key: 'wallSeconds', label: 'seen by the benchmark (polling every 50 ms)', value: round(wallSeconds, 2), unit: 's' },
      ],
      goal: {
        goal: `one event to ${GOAL_WEBHOOKS.toLocaleString('en-US')} webhooks, all delivered in < ${GOAL_SECONDS} s`,
        measured: `${times.succeeded.toLocaleString('en-US')} delivered in ${round(allSeconds, 2)} s`,
        met: options.fanout >= GOAL_WEBHOOKS ? complete && allSeconds !== null && allSeconds < GOAL_SECONDS : null,
      },
      checks: [{ name: 'every webhook got the event (SUCCEEDED)', ok: complete, detail: `${times.succeeded} of ${options.fanout}` }],
    };
  },
};

async function fanoutTimes(pool: ScenarioContext['env']['pool'], eventId: string): Promise<FanoutTimes> {
  const { rows } = await pool.query<{ succeeded: string; total: string; first: number | null; median: number | null; last: number | null }>(
    `SELECT count(*) FILTER (WHERE d.status = 'SUCCEEDED') AS succeeded, count(*) AS total,
            min(l.lag) AS first, percentile_cont(0.5) WITHIN GROUP (ORDER BY l.lag) AS median, max(l.lag) AS last
       FROM deliveries d JOIN events e ON e.id = d.event_id
      CROSS JOIN LATERAL (SELECT extract(epoch FROM d.completed_at - e.occurred_at)::float8 * 1000 AS lag) l
      WHERE d.event_id = $1`,
    [eventId],
  );
  const row = rows[0];
  return { succeeded: Number(row.succeeded), total: Number(row.total), firstMs: row.first, medianMs: row.median, lastMs: row.last };
}

import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { deliveryStatuses, openDeliveries } from '../database';
import { largest, percentile, percentiles, round, runOpenLoop } from '../load';
import { sleep } from '../processes';
import { EventPublisher } from '../publisher';
import { createWebhooks, createWorkspace } from '../setup';
import type { Scenario, ScenarioContext, ScenarioResult } from './scenario';

/** DESIGN.md, Goals: publish → first attempt at 1,000 events/s. */
const GOAL_P50_MS = 20;
const GOAL_P99_MS = 100;
const GOAL_RATE = 1_000;
const EVENT_TYPE = 'event.emit.bench_latency';
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Publish → first attempt at a fixed rate: an open-loop publisher (a slow answer does not slow
 * the next event) sends `--latency-rate` events/s for a warm-up and then the measured window; each
 * event goes to one webhook. Latency runs from the moment the benchmark makes the publish call
 * (so time queued in front of the API counts) to the signed POST being sent
 * (`delivery_attempts.started_at`) and to the attempt being committed (`deliveries.completed_at`,
 * the write-back transaction's time), read from the database per delivery.
 */
export const latencyScenario: Scenario = {
  name: 'latency',
  description: 'publish → first attempt, open-loop publisher at a fixed rate, 1 webhook per event',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log, signal } = context;
    const workspace = await createWorkspace(env.gql, env.conduitUrl, 'bench latency');
    await createWebhooks(workspace.gql, { count: 1, url: () => `${env.receiverUrl}/latency`, events: [EVENT_TYPE] });
    const publisher = new EventPublisher(env.conduitUrl, workspace.apiKey, 64);
    const body = EventPublisher.body(EVENT_TYPE);
    const warmupMs = options.quick ? 1_000 : 3_000;
    const durationMs = warmupMs + options.latencyDurationS * 1000;
    log(`latency: ${options.latencyRate} events/s for ${warmupMs / 1000} s warm-up + ${options.latencyDurationS} s measured`);
    const publishMs: number[] = [];
    /** When each measured event's publish call was made (ms since the epoch), by event id. */
    const sentAt = new Map<string, number>();
    let accepted = 0;
    let lastAcceptedAt = 0;
    let errors = 0;
    let firstError: string | null = null;
    const startedAt = Date.now();
    let loop: { started: number; seconds: number };
    try {
      loop = await runOpenLoop({
        ratePerSecond: options.latencyRate,
        durationMs,
        signal,
        task: async () => {
          const t0 = performance.now();
          const calledAt = Date.now();
          const { id } = await publisher.publish(body);
          accepted++;
          lastAcceptedAt = Date.now();
          if (calledAt - startedAt >= warmupMs) {
            publishMs.push(performance.now() - t0);
            sentAt.set(id, calledAt);
          }
        },
        onError: (error) => {
          errors++;
          firstError ??= (error as Error).message;
        },
      });
    } finally {
      await publisher.close();
    }
    const drainStart = Date.now();
    let open = await openDeliveries(env.pool, workspace.id);
    while (open > 0 && Date.now() - drainStart < DRAIN_TIMEOUT_MS && !signal.aborted) {
      await sleep(100, signal);
      open = await openDeliveries(env.pool, workspace.id);
    }
    const { sent, committed } = await firstAttemptLags(env.pool, sentAt);
    const statuses = await deliveryStatuses(env.pool, workspace.id);
    const created = Object.values(statuses).reduce((a, b) => a + b, 0);
    const achievedRate = loop.seconds > 0 ? loop.started / loop.seconds : 0;
    // Publishing keeps up when the last event is accepted about when it was due.
    const acceptedRate = lastAcceptedAt > startedAt ? accepted / ((lastAcceptedAt - startedAt) / 1000) : 0;
    const ms = (value: number | null) => round(value, 1);
    const rateHeld = options.latencyRate >= GOAL_RATE && acceptedRate >= 0.95 * GOAL_RATE && errors === 0;
    const met = (lag: Lags) => lag.p50Ms !== null && lag.p99Ms !== null && lag.p50Ms < GOAL_P50_MS && lag.p99Ms < GOAL_P99_MS;
    return {
      scenario: this.name,
      description: this.description,
      figures: [
        { key: 'targetRate', label: 'target publish rate', value: options.latencyRate, unit: 'events/s' },
        { key: 'achievedRate', label: 'publish calls started per second', value: round(achievedRate), unit: 'events/s' },
        { key: 'acceptedRate', label: 'events accepted per second (until the last answer)', value: round(acceptedRate), unit: 'events/s' },
        { key: 'measuredDeliveries', label: 'deliveries in the measured window', value: committed.count },
        { key: 'sentP50Ms', label: 'publish → POST sent p50', value: ms(sent.p50Ms), unit: 'ms' },
        { key: 'sentP95Ms', label: 'publish → POST sent p95', value: ms(sent.p95Ms), unit: 'ms' },
        { key: 'sentP99Ms', label: 'publish → POST sent p99', value: ms(sent.p99Ms), unit: 'ms' },
        { key: 'committedP50Ms', label: 'publish → attempt committed p50', value: ms(committed.p50Ms), unit: 'ms' },
        { key: 'committedP95Ms', label: 'publish → attempt committed p95', value: ms(committed.p95Ms), unit: 'ms' },
        { key: 'committedP99Ms', label: 'publish → attempt committed p99', value: ms(committed.p99Ms), unit: 'ms' },
        { key: 'committedMaxMs', label: 'publish → attempt committed max', value: ms(committed.maxMs), unit: 'ms' },
        { key: 'publishP50Ms', label: 'POST /v1/events answer p50', value: ms(percentile(publishMs, 50)), unit: 'ms' },
        { key: 'publishP99Ms', label: 'POST /v1/events answer p99', value: ms(percentile(publishMs, 99)), unit: 'ms' },
        { key: 'publishErrors', label: 'publish errors', value: errors },
        { key: 'openAtEnd', label: 'deliveries still open at the end', value: open },
      ],
      goal: {
        goal: `publish → first attempt at ${GOAL_RATE.toLocaleString('en-US')} events/s: p50 < ${GOAL_P50_MS} ms, p99 < ${GOAL_P99_MS} ms`,
        measured: `committed p50 ${ms(committed.p50Ms)} / p99 ${ms(committed.p99Ms)} ms (sent ${ms(sent.p50Ms)} / ${ms(sent.p99Ms)} ms) at ${round(acceptedRate)} events/s accepted`,
        met: options.quick ? null : rateHeld && met(committed),
      },
      checks: [
        { name: 'every delivery SUCCEEDED', ok: created > 0 && statuses.SUCCEEDED === created, detail: JSON.stringify(statuses) },
        { name: 'no publish errors', ok: errors === 0, detail: firstError ?? undefined },
      ],
      details: { statuses, firstError, warmupMs },
    };
  },
};

interface Lags {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

function lags(values: number[]): Lags {
  const [p50Ms, p95Ms, p99Ms] = percentiles(values, [50, 95, 99]);
  return { count: values.length, p50Ms, p95Ms, p99Ms, maxMs: largest(values) };
}

/** Publish call → first attempt sent / committed, for the events in `sentAt` (first attempts that succeeded). */
async function firstAttemptLags(pool: Pool, sentAt: Map<string, number>): Promise<{ sent: Lags; committed: Lags }> {
  const { rows } = await pool.query<{ event_id: string; started: number; completed: number | null }>(
    `SELECT d.event_id, extract(epoch FROM a.started_at)::float8 * 1000 AS started,
            CASE WHEN d.status = 'SUCCEEDED' AND d.attempt_count = 1 THEN extract(epoch FROM d.completed_at)::float8 * 1000 END AS completed
       FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id AND a.number = 1
      WHERE d.event_id = ANY($1::uuid[])`,
    [[...sentAt.keys()]],
  );
  const sent: number[] = [];
  const committed: number[] = [];
  for (const row of rows) {
    const at = sentAt.get(row.event_id) as number;
    sent.push(row.started - at);
    if (row.completed !== null) committed.push(row.completed - at);
  }
  return { sent: lags(sent), committed: lags(committed) };
}

import { AttemptCounter } from '../database';
import { median, round, runClosedLoops, smallest } from '../load';
import { sleep } from '../processes';
import { EventPublisher } from '../publisher';
import { createWebhooks, createWorkspace } from '../setup';
import type { Scenario, ScenarioContext, ScenarioResult } from './scenario';

/** DESIGN.md, Goals: healthy endpoints keep ≥ 80 % of their throughput while half time out. */
const GOAL_SHARE = 0.8;
const ENDPOINTS_PER_HALF = 10;
const EVENT_TYPE = 'event.emit.bench_isolation';
const DRAIN_TIMEOUT_MS = 30_000;

interface Phase {
  /** Healthy SUCCESS attempts per second over the phase, and per one-second sample. */
  perSecond: number;
  samples: number[];
  published: number;
  errors: number;
  firstError: string | null;
}

/**
 * Isolation: 20 endpoints get every event. Phase A: all answer at once; the throughput of ten of
 * them ("healthy") is measured at saturation. Phase B: the same events, but the other ten now hang
 * until their timeout (the receiver never answers them); the healthy ten's throughput again. Both
 * phases are closed loops with a cap on the healthy backlog, so each figure is what the healthy
 * endpoints sustain; the share B ÷ A is the goal. Phase B starts with the hanging endpoints still
 * HEALTHY: each holds its full in-flight limit until the first timeouts make it FAILING.
 */
export const isolationScenario: Scenario = {
  name: 'isolation',
  description: '20 endpoints per event: throughput of 10 of them, then again while the other 10 hang until their timeout',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log } = context;
    const workspace = await createWorkspace(env.gql, env.conduitUrl, 'bench isolation');
    const healthy = await createWebhooks(workspace.gql, { count: ENDPOINTS_PER_HALF, url: (i) => `${env.receiverUrl}/isolation/ok/${i}`, events: [EVENT_TYPE] });
    const hanging = await createWebhooks(workspace.gql, {
      count: ENDPOINTS_PER_HALF,
      url: (i) => `${env.receiverUrl}/isolation/hang/${i}`,
      events: [EVENT_TYPE],
      timeoutMs: options.isolationTimeoutMs,
    });
    const hang = async (yes: boolean) => {
      const response = await fetch(`${env.receiverUrl}/_behaviour?path=/isolation/hang`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hang: yes, recordBodies: false }),
      });
      if (!response.ok) throw new Error(`the receiver refused the behaviour: ${await response.text()}`);
    };

    const counter = new AttemptCounter(env.pool, { webhookIds: healthy });
    await hang(false);
    log(`isolation: phase A, ${options.isolationPhaseS} s, all ${2 * ENDPOINTS_PER_HALF} endpoints answer`);
    const alone = await runPhase({ context, counter, type: EVENT_TYPE, healthyPerEvent: healthy.length, apiKey: workspace.apiKey });
    await drainHealthy(context, [...healthy, ...hanging]);
    await hang(true);
    log(`isolation: phase B, ${options.isolationPhaseS} s, ${ENDPOINTS_PER_HALF} of them hang (${options.isolationTimeoutMs / 1000} s timeout)`);
    const beside = await runPhase({ context, counter, type: EVENT_TYPE, healthyPerEvent: healthy.length, apiKey: workspace.apiKey });

    // The hanging half is disabled so its growing backlog stops here (its open deliveries end FAILED).
    for (const id of hanging) await workspace.gql.request('mutation ($id: ID!) { disableWebhook(id: $id) { id } }', { id });
    const healthyOpen = await drainHealthy(context, healthy);
    const { rows } = await env.pool.query<{ outcome: string; n: string }>(
      'SELECT outcome, count(*) AS n FROM delivery_attempts WHERE webhook_id = ANY($1::uuid[]) GROUP BY outcome',
      [hanging],
    );
    const hangingOutcomes = Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
    const healthyFailed = await env.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM delivery_attempts WHERE webhook_id = ANY($1::uuid[]) AND outcome <> 'SUCCESS'`,
      [healthy],
    );
    const share = alone.perSecond > 0 ? beside.perSecond / alone.perSecond : null;
    return {
      scenario: this.name,
      description: this.description,
      figures: [
        { key: 'aloneRate', label: 'A: healthy half deliveries/s, nothing hanging', value: round(alone.perSecond), unit: '/s' },
        { key: 'besideRate', label: 'B: healthy half deliveries/s, other half hanging', value: round(beside.perSecond), unit: '/s' },
        { key: 'share', label: 'B ÷ A', value: round(share, 2) },
        { key: 'besideMin', label: 'B: per-second min / median', value: `${round(smallest(beside.samples))} / ${round(median(beside.samples))}`, unit: '/s' },
        { key: 'hangingAttempts', label: 'attempts to the hanging endpoints (timed out)', value: hangingOutcomes.TIMEOUT ?? 0 },
        { key: 'hangingTimeout', label: 'timeout of the hanging endpoints', value: options.isolationTimeoutMs / 1000, unit: 's' },
        { key: 'healthyFailed', label: 'healthy attempts not SUCCESS', value: Number(healthyFailed.rows[0].n) },
        { key: 'publishErrors', label: 'publish errors', value: alone.errors + beside.errors },
      ],
      goal: {
        goal: `half the endpoints time out: healthy endpoints keep ≥ ${GOAL_SHARE * 100} % of their throughput`,
        measured: `${round(beside.perSecond)}/s of ${round(alone.perSecond)}/s: ${share === null ? 'n/a' : `${Math.round(share * 100)} %`}`,
        met: options.quick ? null : share !== null && share >= GOAL_SHARE,
      },
      checks: [
        { name: 'every delivery to a healthy endpoint SUCCEEDED', ok: healthyOpen === 0 && Number(healthyFailed.rows[0].n) === 0, detail: `${healthyOpen} still open` },
        { name: 'no publish errors', ok: alone.errors + beside.errors === 0, detail: alone.firstError ?? beside.firstError ?? undefined },
      ],
      details: { hangingOutcomes, aloneSamples: alone.samples, besideSamples: beside.samples },
    };
  },
};

/** Waits (bounded) until the healthy endpoints have nothing open; returns how many are still open. */
async function drainHealthy(context: ScenarioContext, webhookIds: string[]): Promise<number> {
  const open = async () => {
    const { rows } = await context.env.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM delivery_queue WHERE target_id = ANY($1::uuid[])`,
      [webhookIds],
    );
    return Number(rows[0].n);
  };
  const start = Date.now();
  let count = await open();
  while (count > 0 && Date.now() - start < DRAIN_TIMEOUT_MS && !context.signal.aborted) {
    await sleep(200, context.signal);
    count = await open();
  }
  return count;
}

/** One phase: closed-loop publishers, paused while the healthy backlog is over the cap; samples once a second. */
async function runPhase(options: { context: ScenarioContext; counter: AttemptCounter; type: string; healthyPerEvent: number; apiKey: string }): Promise<Phase> {
  const { context, counter, type, healthyPerEvent } = options;
  const { env, options: bench, signal } = context;
  const publisher = new EventPublisher(env.conduitUrl, options.apiKey, bench.publishers);
  const body = EventPublisher.body(type);
  await counter.skipPast();
  const state = { published: 0, errors: 0, firstError: null as string | null, committed: 0 };
  const startedAt = Date.now();
  const untilMs = startedAt + bench.isolationPhaseS * 1000;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const publishing = runClosedLoops({
    concurrency: bench.publishers,
    untilMs,
    signal: stop.signal,
    task: async () => {
      if (state.published * healthyPerEvent - state.committed > bench.maxBacklog) {
        await sleep(20, stop.signal);
        return;
      }
      await publisher.publish(body);
      state.published++;
    },
    onError: (error) => {
      state.errors++;
      state.firstError ??= (error as Error).message;
    },
  });
  const samples: number[] = [];
  try {
    for (let tick = 1; tick <= bench.isolationPhaseS && !signal.aborted; tick++) {
      await sleep(startedAt + tick * 1000 - Date.now(), signal);
      const before = state.committed;
      state.committed = (await counter.sample()).success;
      samples.push(state.committed - before);
    }
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
    await publishing;
    await publisher.close();
  }
  const seconds = (Date.now() - startedAt) / 1000;
  return { perSecond: state.committed / Math.max(seconds, 1), samples, published: state.published, errors: state.errors, firstError: state.firstError };
}

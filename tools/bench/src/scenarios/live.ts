import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { busyPercent, machineCpuTimes, processCpuSeconds, type CpuTimes } from '../cpu';
import { openDeliveries } from '../database';
import type { BenchEnvironment } from '../environment';
import { largest, percentiles, round, runOpenLoop } from '../load';
import { sleep } from '../processes';
import { EventPublisher } from '../publisher';
import { createWebhooks, createWorkspace } from '../setup';
import type { Scenario, ScenarioContext, ScenarioResult } from './scenario';

/** DESIGN.md, Goals: 1,000 graphql-ws subscribers at 500 attempts/s, every message, p99 < 200 ms. */
const GOAL_SUBSCRIBERS = 1_000;
const GOAL_RATE = 500;
const GOAL_P99_MS = 200;
const EVENT_TYPE = 'event.emit.bench_live';
const CONNECT_CONCURRENCY = 50;
const READY_TIMEOUT_MS = 30_000;
const SETTLE_TIMEOUT_MS = 10_000;

const SUBSCRIPTION = `subscription ($filter: DeliveryFilter) {
  deliveryAttempts(filter: $filter) { id deliveryId number outcome startedAt durationMs }
}`;

interface AttemptMessage {
  id: string;
  startedAt: string;
  durationMs: number;
}

interface Subscriber {
  client: Client;
  webhookId: string;
  received: number;
  ids: Set<string>;
  duplicates: number;
  errors: number;
  firstError: string | null;
  done: boolean;
}

/**
 * Live log: `--subscribers` graphql-ws clients (each its own WebSocket, authenticated with the
 * workspace's API key) subscribe to `deliveryAttempts` of one of `--live-webhooks` webhooks, as
 * the console's per-webhook live log does; events are then published open-loop so that
 * `--live-rate` attempts/s are committed in all. Each subscriber counts what it gets; the count
 * it should get is read from the database afterwards. Lag: the message's arrival at the
 * subscriber − the end of the attempt (startedAt + durationMs), i.e. write-back, commit, NOTIFY,
 * loading and the WebSocket.
 */
export const liveScenario: Scenario = {
  name: 'live',
  description: 'graphql-ws deliveryAttempts subscribers (per-webhook filter) while attempts are committed at a fixed rate',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log, signal } = context;
    const workspace = await createWorkspace(env.gql, env.conduitUrl, 'bench live');
    const webhooks = await createWebhooks(workspace.gql, { count: options.liveWebhooks, url: (i) => `${env.receiverUrl}/live/${i}`, events: [EVENT_TYPE] });
    const wsUrl = `${env.conduitUrl.replace(/^http/, 'ws')}/graphql`;
    const lags: number[] = [];
    let measuring = false;
    log(`live: connecting ${options.subscribers} graphql-ws subscribers over ${webhooks.length} webhooks`);
    const subscribers: Subscriber[] = [];
    try {
      for (let i = 0; i < options.subscribers; i += CONNECT_CONCURRENCY) {
        const batch = Array.from({ length: Math.min(CONNECT_CONCURRENCY, options.subscribers - i) }, (_, j) =>
          subscribe({ wsUrl, apiKey: workspace.apiKey, webhookId: webhooks[(i + j) % webhooks.length], onMessage: (lag) => measuring && lags.push(lag) }),
        );
        subscribers.push(...(await Promise.all(batch)));
      }
      // Subscriptions start asynchronously on the server: one probe event, and wait until every
      // subscriber has its attempt. Only then does the measured window start.
      const publisher = new EventPublisher(env.conduitUrl, workspace.apiKey, 16);
      const body = EventPublisher.body(EVENT_TYPE);
      try {
        const probe = await publisher.publish(body);
        const readyStart = Date.now();
        while (subscribers.some((s) => s.received < 1) && Date.now() - readyStart < READY_TIMEOUT_MS && !signal.aborted) await sleep(50, signal);
        const notReady = subscribers.filter((s) => s.received < 1).length;
        if (notReady > 0) throw new Error(`${notReady} of ${subscribers.length} subscribers got no probe message within ${READY_TIMEOUT_MS / 1000} s.`);
        for (const s of subscribers) {
          s.received = 0;
          s.ids.clear();
          s.duplicates = 0;
        }
        measuring = true;
        const cpuFrom = cpuSnapshot(env);
        // How long a message may wait in the bench's own event loop before its handler runs.
        const loopDelay = monitorEventLoopDelay({ resolution: 10 });
        loopDelay.enable();
        const eventsPerSecond = options.liveRate / webhooks.length;
        log(`live: publishing ${eventsPerSecond.toFixed(1)} events/s (${options.liveRate} attempts/s) for ${options.liveDurationS} s`);
        let publishErrors = 0;
        let firstPublishError: string | null = null;
        const loop = await runOpenLoop({
          ratePerSecond: eventsPerSecond,
          durationMs: options.liveDurationS * 1000,
          signal,
          task: async () => {
            await publisher.publish(body);
          },
          onError: (error) => {
            publishErrors++;
            firstPublishError ??= (error as Error).message;
          },
        });
        const cpu = cpuShares(cpuFrom, cpuSnapshot(env));
        loopDelay.disable();
        const drainStart = Date.now();
        while ((await openDeliveries(env.pool, workspace.id)) > 0 && Date.now() - drainStart < SETTLE_TIMEOUT_MS && !signal.aborted) await sleep(100, signal);
        const expected = await expectedPerWebhook(env.pool, workspace.id, probe.id);
        const settleStart = Date.now();
        while (subscribers.some((s) => s.received < (expected.get(s.webhookId) ?? 0)) && Date.now() - settleStart < SETTLE_TIMEOUT_MS && !signal.aborted) await sleep(100, signal);
        measuring = false;
        const expectedTotal = subscribers.reduce((sum, s) => sum + (expected.get(s.webhookId) ?? 0), 0);
        const receivedTotal = subscribers.reduce((sum, s) => sum + s.received, 0);
        const complete = subscribers.filter((s) => s.received === (expected.get(s.webhookId) ?? 0) && s.duplicates === 0).length;
        const attempts = [...expected.values()].reduce((a, b) => a + b, 0);
        const attemptRate = attempts / loop.seconds;
        const errors = subscribers.reduce((sum, s) => sum + s.errors, 0);
        const [p50, p95, p99] = percentiles(lags, [50, 95, 99]);
        const everyMessage = complete === subscribers.length && errors === 0;
        return {
          scenario: this.name,
          description: this.description,
          figures: [
            { key: 'subscribers', label: 'subscribers (graphql-ws connections)', value: subscribers.length },
            { key: 'webhooks', label: 'webhooks (each subscriber filters on one)', value: webhooks.length },
            { key: 'attemptRate', label: 'attempts committed per second', value: round(attemptRate), unit: '/s' },
            { key: 'messagesExpected', label: 'messages due to subscribers', value: expectedTotal },
            { key: 'messagesReceived', label: 'messages received', value: receivedTotal },
            { key: 'messagesPerSecond', label: 'messages sent per second (all subscribers)', value: round(receivedTotal / loop.seconds), unit: '/s' },
            { key: 'complete', label: 'subscribers that got every message, once', value: complete },
            { key: 'lagP50Ms', label: 'lag p50 (attempt done → message)', value: round(p50, 1), unit: 'ms' },
            { key: 'lagP95Ms', label: 'lag p95', value: round(p95, 1), unit: 'ms' },
            { key: 'lagP99Ms', label: 'lag p99', value: round(p99, 1), unit: 'ms' },
            { key: 'lagMaxMs', label: 'lag max', value: round(largest(lags), 1), unit: 'ms' },
            { key: 'subscriberErrors', label: 'subscription errors', value: errors },
            { key: 'publishErrors', label: 'publish errors', value: publishErrors },
            { key: 'apiCpu', label: env.worker === env.conduit ? 'Conduit process CPU (publishing window)' : 'Conduit api process CPU (publishing window)', value: round(cpu.api), unit: '% of a core' },
            ...(env.worker === env.conduit ? [] : [{ key: 'workerCpu', label: 'Conduit worker process CPU (publishing window)', value: round(cpu.worker), unit: '% of a core' }]),
            { key: 'benchCpu', label: 'benchmark process CPU (the subscribers and the publisher)', value: round(cpu.bench), unit: '% of a core' },
            { key: 'benchLoopDelayP99Ms', label: 'benchmark event-loop delay p99 (publishing window)', value: round(loopDelay.percentile(99) / 1e6, 1), unit: 'ms' },
            { key: 'machineBusy', label: 'machine CPU busy, all processes (publishing window)', value: round(cpu.machine), unit: '% of all cores' },
          ],
          goal: {
            goal: `${GOAL_SUBSCRIBERS.toLocaleString('en-US')} subscribers at ${GOAL_RATE} attempts/s: every subscriber gets every message, p99 < ${GOAL_P99_MS} ms`,
            measured: `${complete} of ${subscribers.length} complete, p99 ${round(p99, 1)} ms at ${round(attemptRate)} attempts/s`,
            met: subscribers.length >= GOAL_SUBSCRIBERS && attemptRate >= 0.95 * GOAL_RATE ? everyMessage && p99 !== null && p99 < GOAL_P99_MS : null,
          },
          checks: [
            { name: 'every subscriber got every message of its webhook, once', ok: everyMessage && expectedTotal > 0, detail: `${receivedTotal} of ${expectedTotal}; ${errors} errors${firstSubscriberError(subscribers)}` },
            { name: 'no publish errors', ok: publishErrors === 0, detail: firstPublishError ?? undefined },
          ],
        };
      } finally {
        await publisher.close();
      }
    } finally {
      await Promise.all(subscribers.map((s) => s.client.dispose()));
    }
  },
};

interface CpuSnapshot {
  atMs: number;
  api: number | null;
  worker: number | null;
  bench: number;
  machine: CpuTimes;
}

function cpuSnapshot(env: BenchEnvironment): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    atMs: Date.now(),
    api: processCpuSeconds(env.conduit.process.pid),
    worker: env.worker === env.conduit ? null : processCpuSeconds(env.worker.process.pid),
    bench: (own.user + own.system) / 1e6,
    machine: machineCpuTimes(),
  };
}

/** CPU over the publishing window: per process in % of one core, the machine in % of all cores. */
function cpuShares(from: CpuSnapshot, to: CpuSnapshot): Record<'api' | 'worker' | 'bench' | 'machine', number | null> {
  const seconds = (to.atMs - from.atMs) / 1000;
  const share = (a: number | null, b: number | null) => (a === null || b === null || seconds <= 0 ? null : (100 * (b - a)) / seconds);
  return { api: share(from.api, to.api), worker: share(from.worker, to.worker), bench: share(from.bench, to.bench), machine: busyPercent(from.machine, to.machine) };
}

function firstSubscriberError(subscribers: Subscriber[]): string {
  const failed = subscribers.find((s) => s.firstError);
  return failed ? `; first: ${failed.firstError}` : '';
}

/** Connects one graphql-ws client and subscribes it to one webhook's attempts. */
async function subscribe(options: { wsUrl: string; apiKey: string; webhookId: string; onMessage: (lagMs: number) => void }): Promise<Subscriber> {
  let connected!: () => void;
  let failed!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    connected = resolve;
    failed = reject;
  });
  const client = createClient({
    url: options.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${options.apiKey}` },
    lazy: false,
    retryAttempts: 0,
    on: { connected: () => connected(), closed: (event) => failed(new Error(`closed before connecting: ${JSON.stringify(event)}`)) },
  });
  const subscriber: Subscriber = { client, webhookId: options.webhookId, received: 0, ids: new Set(), duplicates: 0, errors: 0, firstError: null, done: false };
  client.subscribe<{ deliveryAttempts: AttemptMessage }>(
    { query: SUBSCRIPTION, variables: { filter: { webhookId: options.webhookId } } },
    {
      next: (message) => {
        const attempt = message.data?.deliveryAttempts;
        if (!attempt) return;
        const lag = Date.now() - (Date.parse(attempt.startedAt) + attempt.durationMs);
        if (subscriber.ids.has(attempt.id)) subscriber.duplicates++;
        subscriber.ids.add(attempt.id);
        subscriber.received++;
        options.onMessage(lag);
      },
      error: (error) => {
        subscriber.errors++;
        subscriber.firstError ??= error instanceof Error ? error.message : JSON.stringify(error);
      },
      complete: () => {
        subscriber.done = true;
      },
    },
  );
  await ready;
  return subscriber;
}

/** Attempts committed per webhook in the workspace, the probe event's excepted. */
async function expectedPerWebhook(pool: ScenarioContext['env']['pool'], workspaceId: string, probeEventId: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ webhook_id: string; n: string }>(
    `SELECT a.webhook_id, count(*) AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
      WHERE a.workspace_id = $1 AND d.event_id <> $2 GROUP BY a.webhook_id`,
    [workspaceId, probeEventId],
  );
  return new Map(rows.map((r) => [r.webhook_id, Number(r.n)]));
}

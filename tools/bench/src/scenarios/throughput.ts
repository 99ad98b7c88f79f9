import { Pool as HttpPool } from 'undici';
import {
  AttemptCounter,
  commitLag,
  deliveryStatuses,
  exactAttemptCounts,
  openDeliveries,
  type AttemptCounts,
} from '../database';
import { busyPercent, machineCpuTimes, processCpuSeconds, type CpuTimes } from '../cpu';
import type { BenchEnvironment } from '../environment';
import { median, round, runClosedLoops, ticketPayload } from '../load';
import { sleep } from '../processes';
import type { Scenario, ScenarioContext, ScenarioResult } from './scenario';

/** DESIGN.md, Goals: end-to-end throughput. */
export const THROUGHPUT_GOAL_PER_SECOND = 5_000;

interface Sample {
  /** ms since the scenario started publishing. */
  atMs: number;
  committed: AttemptCounts;
  published: number;
  created: number;
}

/** CPU used so far by each process of the run, and by the whole machine. */
interface CpuSnapshot {
  atMs: number;
  conduit: number | null;
  receiver: number | null;
  bench: number;
  machine: CpuTimes;
}

interface PublishState {
  published: number;
  created: number;
  errors: number;
  firstError: string | null;
  pausedMs: number;
  /** Deliveries created and not yet attempted, as of the last sample. */
  backlog: number;
}

/**
 * End-to-end throughput: publishers POST events (each fanned out to every benchmark webhook) as
 * fast as Conduit keeps up, while committed SUCCESS attempts are counted once a second in the
 * database. Publishers pause while the backlog exceeds --max-backlog, so the figure is a
 * sustained rate, not the speed of filling a queue. Then waits (bounded) for the backlog to drain.
 */
export const throughputScenario: Scenario = {
  name: 'throughput',
  description: 'publish (POST /v1/events) → signed POST to a loopback receiver → 2xx → attempt row committed',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log, signal } = context;
    const body = JSON.stringify({ type: env.eventType, payload: ticketPayload() });
    const http = new HttpPool(env.conduitUrl, { connections: options.publishers, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const headers = { authorization: `Bearer ${env.apiKey}`, 'content-type': 'application/json' };
    const state: PublishState = { published: 0, created: 0, errors: 0, firstError: null, pausedMs: 0, backlog: 0 };
    const counter = new AttemptCounter(env.pool);
    const before = await counter.sample();
    const receivedBefore = await receiverCount(env.receiverUrl);

    const publishSeconds = options.warmupS + options.durationS;
    log(`throughput: publishing for ${options.warmupS} s warm-up + ${options.durationS} s measured, ${options.publishers} publishers, ${env.webhookIds.length} webhooks per event`);
    const startedAt = Date.now();
    const publishEnd = startedAt + publishSeconds * 1000;
    const samples: Sample[] = [{ atMs: 0, committed: before, published: 0, created: 0 }];
    const windowEndTick = options.warmupS + options.durationS;
    let cpuFrom: CpuSnapshot | null = null;
    let cpuTo: CpuSnapshot | null = null;

    // Publishers stop at the deadline, on SIGINT, or when sampling fails.
    const stopPublishing = new AbortController();
    const onAbort = (): void => stopPublishing.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const publishing = runClosedLoops({
      concurrency: options.publishers,
      untilMs: publishEnd,
      signal: stopPublishing.signal,
      task: async () => {
        if (state.backlog > options.maxBacklog) {
          await sleep(20, stopPublishing.signal);
          state.pausedMs += 20;
          return;
        }
        const response = await http.request({ method: 'POST', path: '/v1/events', headers, body });
        const text = await response.body.text();
        if (response.statusCode !== 202) throw new Error(`POST /v1/events answered ${response.statusCode}: ${text.slice(0, 300)}`);
        state.published++;
        state.created += (JSON.parse(text) as { deliveries: number }).deliveries;
      },
      onError: (error) => {
        state.errors++;
        state.firstError ??= (error as Error).message;
      },
    });

    try {
      // One sample per second at fixed times, so the window boundaries fall on samples.
      for (let tick = 1; tick <= publishSeconds && !signal.aborted; tick++) {
        await sleep(startedAt + tick * 1000 - Date.now(), signal);
        const committed = await counter.sample();
        samples.push({ atMs: Date.now() - startedAt, committed, published: state.published, created: state.created });
        if (tick === options.warmupS) cpuFrom = cpuSnapshot(env, startedAt);
        if (tick === windowEndTick) cpuTo = cpuSnapshot(env, startedAt);
        state.backlog = state.created - (committed.total - before.total);
        if (tick % 5 === 0 || tick === publishSeconds) {
          const previous = samples[samples.length - 2];
          log(`  ${tick} s: ${perSecond(previous, samples[samples.length - 1]).toFixed(0)} deliveries/s, backlog ${state.backlog}, published ${state.published}`);
        }
      }
    } finally {
      stopPublishing.abort();
      signal.removeEventListener('abort', onAbort);
      await publishing;
      await http.close();
    }

    log(`throughput: publishing stopped; waiting up to ${options.drainTimeoutS} s for the backlog to drain`);
    const drainStart = Date.now();
    let open = await openDeliveries(env.pool);
    while (open > 0 && Date.now() - drainStart < options.drainTimeoutS * 1000 && !signal.aborted) {
      await sleep(250, signal);
      open = await openDeliveries(env.pool);
    }
    const drained = open === 0;
    const drainSeconds = (Date.now() - drainStart) / 1000;

    const after = await exactAttemptCounts(env.pool);
    const statuses = await deliveryStatuses(env.pool);
    const receivedAfter = await receiverCount(env.receiverUrl);
    const first = samples[Math.min(options.warmupS, samples.length - 1)];
    const last = samples[Math.min(options.warmupS + options.durationS, samples.length - 1)];
    const windowSeconds = (last.atMs - first.atMs) / 1000;
    const sustained = windowSeconds > 0 ? (last.committed.success - first.committed.success) / windowSeconds : null;
    const publishRate = windowSeconds > 0 ? (last.published - first.published) / windowSeconds : null;
    const perSecondRates = samples.slice(options.warmupS + 1, options.warmupS + options.durationS + 1).map((s, i) => perSecond(samples[options.warmupS + i], s));
    const cpu = cpuShares(cpuFrom, cpuTo);
    const lag = await commitLag(env.pool, new Date(startedAt + first.atMs), new Date(startedAt + last.atMs));
    const committedSuccess = after.success - before.success;
    const failedAttempts = after.total - after.success - (before.total - before.success);

    return {
      scenario: this.name,
      description: this.description,
      figures: [
        { key: 'webhooks', label: 'webhooks per event (fan-out)', value: env.webhookIds.length },
        { key: 'eventsPublished', label: 'events published', value: state.published },
        { key: 'deliveriesCreated', label: 'deliveries created', value: state.created },
        { key: 'publishRate', label: 'publish rate (measured window)', value: round(publishRate), unit: 'events/s' },
        { key: 'deliveriesCommitted', label: 'deliveries committed (SUCCESS attempts)', value: committedSuccess },
        { key: 'deliveriesPerSecond', label: 'sustained deliveries/s (measured window)', value: round(sustained), unit: '/s' },
        { key: 'windowSeconds', label: 'measured window', value: round(windowSeconds, 1), unit: 's' },
        { key: 'perSecondMin', label: 'per-second deliveries: min', value: round(min(perSecondRates)), unit: '/s' },
        { key: 'perSecondMedian', label: 'per-second deliveries: median', value: round(median(perSecondRates)), unit: '/s' },
        { key: 'perSecondMax', label: 'per-second deliveries: max', value: round(max(perSecondRates)), unit: '/s' },
        { key: 'goalPerSecond', label: 'goal (DESIGN.md), sustained 60 s', value: THROUGHPUT_GOAL_PER_SECOND, unit: '/s' },
        { key: 'goalMet', label: 'goal met', value: sustained !== null && sustained >= THROUGHPUT_GOAL_PER_SECOND && windowSeconds >= 59 },
        { key: 'drained', label: 'backlog drained', value: drained },
        { key: 'drainSeconds', label: 'drain time after publishing stopped', value: round(drainSeconds, 1), unit: 's' },
        { key: 'openAtEnd', label: 'deliveries still open at the end', value: open },
        { key: 'lagP50Ms', label: 'publish → commit lag p50 (saturated)', value: round(lag.p50Ms), unit: 'ms' },
        { key: 'lagP95Ms', label: 'publish → commit lag p95 (saturated)', value: round(lag.p95Ms), unit: 'ms' },
        { key: 'lagP99Ms', label: 'publish → commit lag p99 (saturated)', value: round(lag.p99Ms), unit: 'ms' },
        { key: 'lagMaxMs', label: 'publish → commit lag max (saturated)', value: round(lag.maxMs), unit: 'ms' },
        { key: 'failedAttempts', label: 'attempts not SUCCESS', value: failedAttempts },
        { key: 'publishErrors', label: 'publish errors', value: state.errors },
        { key: 'publishersPausedShare', label: 'publishers paused on the backlog cap', value: round((100 * state.pausedMs) / (options.publishers * publishSeconds * 1000), 1), unit: '%' },
        { key: 'receiverCount', label: 'requests the receiver got', value: receivedAfter - receivedBefore },
        { key: 'conduitCpu', label: 'Conduit process CPU (measured window)', value: round(cpu.conduit), unit: '% of a core' },
        { key: 'receiverCpu', label: 'receiver process CPU (measured window)', value: round(cpu.receiver), unit: '% of a core' },
        { key: 'benchCpu', label: 'benchmark process CPU (measured window)', value: round(cpu.bench), unit: '% of a core' },
        { key: 'machineBusy', label: 'machine CPU busy, all processes (measured window)', value: round(cpu.machine), unit: '% of all cores' },
        { key: 'conduitErrorLogs', label: 'error lines Conduit logged', value: env.conduit.errorLines },
      ],
      details: {
        warmupSeconds: options.warmupS,
        maxBacklog: options.maxBacklog,
        publishers: options.publishers,
        firstPublishError: state.firstError,
        conduitFirstErrors: env.conduit.firstErrors,
        deliveryStatuses: statuses,
        lagDeliveries: lag.deliveries,
        samples: samples.map((s) => ({ atMs: s.atMs, success: s.committed.success, attempts: s.committed.total, published: s.published, created: s.created })),
      },
    };
  },
};

function cpuSnapshot(env: BenchEnvironment, startedAt: number): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    atMs: Date.now() - startedAt,
    conduit: processCpuSeconds(env.conduit.process.pid),
    receiver: processCpuSeconds(env.receiver.process.pid),
    bench: (own.user + own.system) / 1e6,
    machine: machineCpuTimes(),
  };
}

/** CPU shares over the measured window: per process in % of one core, the machine in % of all. */
function cpuShares(from: CpuSnapshot | null, to: CpuSnapshot | null): { conduit: number | null; receiver: number | null; bench: number | null; machine: number | null } {
  if (!from || !to || to.atMs <= from.atMs) return { conduit: null, receiver: null, bench: null, machine: null };
  const seconds = (to.atMs - from.atMs) / 1000;
  const share = (a: number | null, b: number | null) => (a === null || b === null ? null : (100 * (b - a)) / seconds);
  return { conduit: share(from.conduit, to.conduit), receiver: share(from.receiver, to.receiver), bench: share(from.bench, to.bench), machine: busyPercent(from.machine, to.machine) };
}

function perSecond(from: Sample, to: Sample): number {
  const seconds = (to.atMs - from.atMs) / 1000;
  return seconds > 0 ? (to.committed.success - from.committed.success) / seconds : 0;
}

function min(values: number[]): number | null {
  return values.length ? Math.min(...values) : null;
}

function max(values: number[]): number | null {
  return values.length ? Math.max(...values) : null;
}

async function receiverCount(receiverUrl: string): Promise<number> {
  const response = await fetch(`${receiverUrl}/_stats`, { signal: AbortSignal.timeout(5_000) });
  return ((await response.json()) as { count: number }).count;
}

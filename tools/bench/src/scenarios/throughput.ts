import { busyPercent, machineCpuTimes, postgresBackendCpu, postgresCpuBetween, processCpuSeconds, type CpuTimes } from '../cpu';
import {
  AttemptCounter,
  commitLag,
  deliveryStatuses,
  exactAttemptCounts,
  openDeliveries,
  type AttemptCounts,
  type CommitLag,
} from '../database';
import type { BenchEnvironment } from '../environment';
import { largest as max, median, round, runClosedLoops, smallest as min } from '../load';
import type { BenchOptions } from '../options';
import { sleep } from '../processes';
import { EventPublisher } from '../publisher';
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from './scenario';

/** DESIGN.md, Goals: end-to-end throughput. */
export const THROUGHPUT_GOAL_PER_SECOND = 5_000;

interface Sample {
  /** ms since publishing started. */
  atMs: number;
  committed: AttemptCounts;
  published: number;
  created: number;
}

/** CPU used so far by each process of the run, and by the whole machine. */
interface CpuSnapshot {
  atMs: number;
  conduit: number | null;
  worker: number | null;
  receiver: number | null;
  bench: number;
  postgres: Map<number, number>;
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

interface Measurement {
  startedAt: number;
  samples: Sample[];
  cpuFrom: CpuSnapshot | null;
  cpuTo: CpuSnapshot | null;
}

interface Drain {
  drained: boolean;
  seconds: number;
  open: number;
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
    const counter = new AttemptCounter(env.pool);
    const before = await counter.sample();
    const receivedBefore = await receiverCount(env.receiverUrl);
    log(
      `throughput: publishing for ${options.warmupS} s warm-up + ${options.durationS} s measured, ` +
        `${options.publishers} publishers, ${env.webhookIds.length} webhooks per event`,
    );
    const state: PublishState = { published: 0, created: 0, errors: 0, firstError: null, pausedMs: 0, backlog: 0 };
    const measurement = await publishAndSample({ context, counter, before, state });

    log(`throughput: publishing stopped; waiting up to ${options.drainTimeoutS} s for the backlog to drain`);
    const drain = await waitForDrain(env, options.drainTimeoutS, signal);
    const after = await exactAttemptCounts(env.pool);
    const { samples, startedAt } = measurement;
    const first = samples[Math.min(options.warmupS, samples.length - 1)];
    const last = samples[Math.min(options.warmupS + options.durationS, samples.length - 1)];
    const lag = await commitLag(env.pool, new Date(startedAt + first.atMs), new Date(startedAt + last.atMs));
    const figureList = figures({ env, options, state, measurement, drain, lag, first, last, committed: { before, after }, received: (await receiverCount(env.receiverUrl)) - receivedBefore });
    const value = (key: string) => figureList.find((f) => f.key === key)?.value;
    const sustained = value('deliveriesPerSecond');
    const delivered = after.success - before.success;
    return {
      scenario: this.name,
      description: this.description,
      figures: figureList,
      goal: {
        goal: `≥ ${THROUGHPUT_GOAL_PER_SECOND.toLocaleString('en-US')} deliveries/s sustained for 60 s`,
        measured: `${Number(sustained ?? 0).toLocaleString('en-US')}/s over ${value('windowSeconds')} s`,
        met: options.durationS >= 60 ? value('goalMet') === true : null,
      },
      checks: [
        { name: 'every published delivery committed as SUCCESS', ok: drain.drained && delivered === state.created && state.created > 0, detail: `${delivered} of ${state.created}` },
        { name: 'no publish errors', ok: state.errors === 0, detail: state.firstError ?? undefined },
        { name: 'no failed attempts', ok: after.total - after.success === before.total - before.success },
      ],
      details: {
        warmupSeconds: options.warmupS,
        maxBacklog: options.maxBacklog,
        publishers: options.publishers,
        firstPublishError: state.firstError,
        conduitFirstErrors: env.conduit.firstErrors,
        deliveryStatuses: await deliveryStatuses(env.pool),
        lagDeliveries: lag.deliveries,
        samples: samples.map((s) => ({ atMs: s.atMs, success: s.committed.success, attempts: s.committed.total, published: s.published, created: s.created })),
      },
    };
  },
};

/**
 * Runs the publishers for warm-up + duration and samples the committed attempts once a second at
 * fixed times, so the measured window starts and ends on a sample.
 */
async function publishAndSample(options: { context: ScenarioContext; counter: AttemptCounter; before: AttemptCounts; state: PublishState }): Promise<Measurement> {
  const { context, counter, before, state } = options;
  const { env, options: bench, log, signal } = context;
  const publishSeconds = bench.warmupS + bench.durationS;
  const startedAt = Date.now();
  const measurement: Measurement = { startedAt, samples: [{ atMs: 0, committed: before, published: 0, created: 0 }], cpuFrom: null, cpuTo: null };
  // Publishers stop at the deadline, on SIGINT, or when sampling fails.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const publisher = new EventPublisher(env.conduitUrl, env.apiKey, bench.publishers);
  const publishing = publish({ publisher, env, bench, state, untilMs: startedAt + publishSeconds * 1000, signal: stop.signal });
  try {
    for (let tick = 1; tick <= publishSeconds && !signal.aborted; tick++) {
      await sleep(startedAt + tick * 1000 - Date.now(), signal);
      const committed = await counter.sample();
      measurement.samples.push({ atMs: Date.now() - startedAt, committed, published: state.published, created: state.created });
      if (tick === bench.warmupS) measurement.cpuFrom = await cpuSnapshot(env, startedAt);
      if (tick === publishSeconds) measurement.cpuTo = await cpuSnapshot(env, startedAt);
      state.backlog = state.created - (committed.total - before.total);
      if (tick % 5 === 0 || tick === publishSeconds) {
        const [previous, latest] = measurement.samples.slice(-2);
        log(`  ${tick} s: ${perSecond(previous, latest).toFixed(0)} deliveries/s, backlog ${state.backlog}, published ${state.published}`);
      }
    }
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
    await publishing;
    await publisher.close();
  }
  return measurement;
}

/** Closed-loop publishers on keep-alive connections; each pauses while the backlog is over the cap. */
function publish(options: { publisher: EventPublisher; env: BenchEnvironment; bench: BenchOptions; state: PublishState; untilMs: number; signal: AbortSignal }): Promise<void> {
  const { publisher, env, bench, state, signal } = options;
  const body = EventPublisher.body(env.eventType);
  return runClosedLoops({
    concurrency: bench.publishers,
    untilMs: options.untilMs,
    signal,
    task: async () => {
      if (state.backlog > bench.maxBacklog) {
        await sleep(20, signal);
        state.pausedMs += 20;
        return;
      }
      const { deliveries } = await publisher.publish(body);
      state.published++;
      state.created += deliveries;
    },
    onError: (error) => {
      state.errors++;
      state.firstError ??= (error as Error).message;
    },
  });
}

async function waitForDrain(env: BenchEnvironment, timeoutS: number, signal: AbortSignal): Promise<Drain> {
  const start = Date.now();
  let open = await openDeliveries(env.pool);
  while (open > 0 && Date.now() - start < timeoutS * 1000 && !signal.aborted) {
    await sleep(250, signal);
    open = await openDeliveries(env.pool);
  }
  return { drained: open === 0, seconds: (Date.now() - start) / 1000, open };
}

function figures(options: {
  env: BenchEnvironment;
  options: BenchOptions;
  state: PublishState;
  measurement: Measurement;
  drain: Drain;
  lag: CommitLag;
  first: Sample;
  last: Sample;
  committed: { before: AttemptCounts; after: AttemptCounts };
  received: number;
}): Figure[] {
  const { env, options: bench, state, measurement, drain, lag, first, last, committed } = options;
  const { samples } = measurement;
  const windowSeconds = (last.atMs - first.atMs) / 1000;
  const sustained = windowSeconds > 0 ? (last.committed.success - first.committed.success) / windowSeconds : null;
  const publishRate = windowSeconds > 0 ? (last.published - first.published) / windowSeconds : null;
  const perSecondRates = samples.slice(bench.warmupS + 1, bench.warmupS + bench.durationS + 1).map((s, i) => perSecond(samples[bench.warmupS + i], s));
  const cpu = cpuShares(measurement.cpuFrom, measurement.cpuTo);
  const failed = (after: AttemptCounts) => after.total - after.success;
  const publishSeconds = bench.warmupS + bench.durationS;
  return [
    { key: 'webhooks', label: 'webhooks per event (fan-out)', value: env.webhookIds.length },
    { key: 'eventsPublished', label: 'events published', value: state.published },
    { key: 'deliveriesCreated', label: 'deliveries created', value: state.created },
    { key: 'publishRate', label: 'publish rate (measured window)', value: round(publishRate), unit: 'events/s' },
    { key: 'deliveriesCommitted', label: 'deliveries committed (SUCCESS attempts)', value: committed.after.success - committed.before.success },
    { key: 'deliveriesPerSecond', label: 'sustained deliveries/s (measured window)', value: round(sustained), unit: '/s' },
    { key: 'windowSeconds', label: 'measured window', value: round(windowSeconds, 1), unit: 's' },
    { key: 'perSecondMin', label: 'per-second deliveries: min', value: round(min(perSecondRates)), unit: '/s' },
    { key: 'perSecondMedian', label: 'per-second deliveries: median', value: round(median(perSecondRates)), unit: '/s' },
    { key: 'perSecondMax', label: 'per-second deliveries: max', value: round(max(perSecondRates)), unit: '/s' },
    { key: 'goalPerSecond', label: 'goal (DESIGN.md), sustained 60 s', value: THROUGHPUT_GOAL_PER_SECOND, unit: '/s' },
    { key: 'goalMet', label: 'goal met', value: sustained !== null && sustained >= THROUGHPUT_GOAL_PER_SECOND && windowSeconds >= 59 },
    { key: 'drained', label: 'backlog drained', value: drain.drained },
    { key: 'drainSeconds', label: 'drain time after publishing stopped', value: round(drain.seconds, 1), unit: 's' },
    { key: 'openAtEnd', label: 'deliveries still open at the end', value: drain.open },
    { key: 'lagP50Ms', label: 'publish → commit lag p50 (saturated)', value: round(lag.p50Ms), unit: 'ms' },
    { key: 'lagP95Ms', label: 'publish → commit lag p95 (saturated)', value: round(lag.p95Ms), unit: 'ms' },
    { key: 'lagP99Ms', label: 'publish → commit lag p99 (saturated)', value: round(lag.p99Ms), unit: 'ms' },
    { key: 'lagMaxMs', label: 'publish → commit lag max (saturated)', value: round(lag.maxMs), unit: 'ms' },
    { key: 'failedAttempts', label: 'attempts not SUCCESS', value: failed(committed.after) - failed(committed.before) },
    { key: 'publishErrors', label: 'publish errors', value: state.errors },
    { key: 'publishersPausedShare', label: 'publishers paused on the backlog cap', value: round((100 * state.pausedMs) / (bench.publishers * publishSeconds * 1000), 1), unit: '%' },
    { key: 'receiverCount', label: 'requests the receiver got', value: options.received },
    ...(env.worker === env.conduit
      ? [{ key: 'conduitCpu', label: 'Conduit process CPU (measured window)', value: round(cpu.conduit), unit: '% of a core' }]
      : [
          { key: 'conduitCpu', label: 'Conduit api process CPU (measured window)', value: round(cpu.conduit), unit: '% of a core' },
          { key: 'workerCpu', label: 'Conduit worker process CPU (measured window)', value: round(cpu.worker), unit: '% of a core' },
        ]),
    { key: 'postgresCpu', label: 'PostgreSQL backends of this database CPU (measured window)', value: round(cpu.postgres), unit: '% of a core' },
    { key: 'receiverCpu', label: 'receiver process CPU (measured window)', value: round(cpu.receiver), unit: '% of a core' },
    { key: 'benchCpu', label: 'benchmark process CPU (measured window)', value: round(cpu.bench), unit: '% of a core' },
    { key: 'machineBusy', label: 'machine CPU busy, all processes (measured window)', value: round(cpu.machine), unit: '% of all cores' },
    { key: 'conduitErrorLogs', label: 'error lines Conduit logged', value: env.conduit.errorLines + (env.worker === env.conduit ? 0 : env.worker.errorLines) },
  ];
}

async function cpuSnapshot(env: BenchEnvironment, startedAt: number): Promise<CpuSnapshot> {
  const own = process.cpuUsage();
  const postgres = await postgresBackendCpu(env.pool);
  return {
    postgres,
    atMs: Date.now() - startedAt,
    conduit: processCpuSeconds(env.conduit.process.pid),
    worker: env.worker === env.conduit ? null : processCpuSeconds(env.worker.process.pid),
    receiver: processCpuSeconds(env.receiver.process.pid),
    bench: (own.user + own.system) / 1e6,
    machine: machineCpuTimes(),
  };
}

/** CPU shares over the measured window: per process in % of one core, the machine in % of all. */
function cpuShares(from: CpuSnapshot | null, to: CpuSnapshot | null): Record<'conduit' | 'worker' | 'receiver' | 'bench' | 'postgres' | 'machine', number | null> {
  if (!from || !to || to.atMs <= from.atMs) return { conduit: null, worker: null, receiver: null, bench: null, postgres: null, machine: null };
  const seconds = (to.atMs - from.atMs) / 1000;
  const share = (a: number | null, b: number | null) => (a === null || b === null ? null : (100 * (b - a)) / seconds);
  return {
    conduit: share(from.conduit, to.conduit),
    worker: share(from.worker, to.worker),
    receiver: share(from.receiver, to.receiver),
    bench: share(from.bench, to.bench),
    postgres: (100 * postgresCpuBetween(from.postgres, to.postgres)) / seconds,
    machine: busyPercent(from.machine, to.machine),
  };
}

function perSecond(from: Sample, to: Sample): number {
  const seconds = (to.atMs - from.atMs) / 1000;
  return seconds > 0 ? (to.committed.success - from.committed.success) / seconds : 0;
}


async function receiverCount(receiverUrl: string): Promise<number> {
  const response = await fetch(`${receiverUrl}/_stats`, { signal: AbortSignal.timeout(5_000) });
  return ((await response.json()) as { count: number }).count;
}

import path from 'node:path';
import { parseArgs } from 'node:util';

/** What one benchmark run does; every duration is bounded so a run always ends by itself. */
export interface BenchOptions {
  quick: boolean;
  /** Measured window of the throughput scenario, after its warm-up. */
  durationS: number;
  /** Publishing before the measured window starts (connections, JIT, caches). */
  warmupS: number;
  /** Longest wait for the backlog to drain once publishing stops. */
  drainTimeoutS: number;
  /** Length of the raw-http loop. */
  rawDurationS: number;
  /** Webhooks subscribed to the published type: each event is that many deliveries. */
  webhooks: number;
  /** Concurrent publishers (keep-alive connections to POST /v1/events). */
  publishers: number;
  /** Requests in flight in the raw-http loop. */
  rawConcurrency: number;
  /** Publishers pause while more deliveries than this are published but not yet attempted. */
  maxBacklog: number;
  /** One Conduit process in role `all`, or separate `api` and `worker` processes (default). */
  roles: 'all' | 'split';
  /** Scenarios to run (default: all, in their order). */
  scenarios: string[] | null;
  /** Latency: events/s published open-loop, and for how long. */
  latencyRate: number;
  latencyDurationS: number;
  /** Fan-out: webhooks one event goes to. */
  fanout: number;
  /** Isolation: length of each phase, and the timeout of the hanging endpoints. */
  isolationPhaseS: number;
  isolationTimeoutMs: number;
  /** Backlog: pending deliveries inserted before the worker drains them. */
  backlog: number;
  /** Live log: graphql-ws subscribers, attempts/s, webhooks the attempts are spread over, window. */
  subscribers: number;
  liveRate: number;
  liveWebhooks: number;
  liveDurationS: number;
  /** executeAction: calls measured (and as many raw calls). */
  actionCalls: number;
  /** Leave the database (DATABASE_URL only) for EXPLAIN ANALYZE afterwards. */
  keepDatabase: boolean;
  /** Where to write the JSON report, or null for none. */
  jsonPath: string | null;
  /** Directory for a CPU profile of the Conduit process (node --cpu-prof), or null. */
  profileDir: string | null;
}

export const USAGE = `Usage: npm run bench -- [options]
  --quick              a short run of every scenario (under a minute), smaller sizes: a smoke check
  --duration <s>       measured window of the throughput scenario (default 60, quick 6)
  --webhooks <n>       webhooks subscribed to the published event type (default 10)
  --publishers <n>     concurrent publishers to POST /v1/events (default 16)
  --raw-concurrency <n> requests in flight in the raw-http loop (default 64)
  --max-backlog <n>    publishers pause above this many unsent deliveries (default 20000)
  --roles <all|split>  one Conduit process (role all) or an api and a worker process (default split)
  --scenarios <a,b>    run only these scenarios (throughput, raw-http, latency, fanout, isolation,
                       backlog, live, execute-action)
  --latency-rate <n>   events/s published open-loop in the latency scenario (default 1000)
  --latency-duration <s> (default 30, quick 3)
  --fanout <n>         webhooks one event fans out to (default 10000, quick 500)
  --isolation-phase <s> length of each isolation phase (default 30, quick 4)
  --isolation-timeout <s> timeout of the hanging endpoints (default 10, quick 2)
  --backlog <n>        pending deliveries inserted with SQL and drained (default 1000000, quick 10000)
  --subscribers <n>    graphql-ws subscribers of deliveryAttempts (default 1000, quick 100)
  --live-rate <n>      attempts/s while they listen (default 500)
  --live-webhooks <n>  webhooks those attempts are spread over (default 10)
  --live-duration <s>  (default 20, quick 3)
  --action-calls <n>   executeAction calls measured, and as many raw calls (default 500, quick 50)
  --keep-database      with DATABASE_URL: leave the benchmark's database for EXPLAIN ANALYZE afterwards
  --json [file]        write the results as JSON (default tools/bench/results/<timestamp>.json)
  --profile <dir>      run Conduit with node --cpu-prof, writing the profile into <dir>
  -h, --help
Environment: DATABASE_URL (a PostgreSQL server: a fresh database conduit_bench_<random> is
created on it and dropped at the end; unset: Conduit starts its embedded PostgreSQL in a temp dir).`;

/** Thrown for bad command-line input; the CLI prints the message and the usage. */
export class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}: got "${raw}".`);
  return value;
}

/**
 * `--json` takes an optional file: when it is last or followed by another option, the default
 * path is used. parseArgs has no optional values, so the bare form is rewritten first.
 */
function expandBareJson(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i] === '--json' && (next === undefined || next.startsWith('-'))) out.push('--json=');
    else out.push(argv[i]);
  }
  return out;
}

export function defaultJsonPath(root: string, now = new Date()): string {
  return path.join(root, 'tools/bench/results', `${now.toISOString().replace(/[:.]/g, '-')}.json`);
}

/** Parses the CLI arguments; null when --help was asked. */
export function parseOptions(argv: string[], root: string): BenchOptions | null {
  const { values } = parseArgs({
    args: expandBareJson(argv),
    options: {
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      webhooks: { type: 'string' },
      publishers: { type: 'string' },
      'raw-concurrency': { type: 'string' },
      'max-backlog': { type: 'string' },
      roles: { type: 'string' },
      scenarios: { type: 'string' },
      'latency-rate': { type: 'string' },
      'latency-duration': { type: 'string' },
      fanout: { type: 'string' },
      'isolation-phase': { type: 'string' },
      'isolation-timeout': { type: 'string' },
      backlog: { type: 'string' },
      subscribers: { type: 'string' },
      'live-rate': { type: 'string' },
      'live-webhooks': { type: 'string' },
      'live-duration': { type: 'string' },
      'action-calls': { type: 'string' },
      'keep-database': { type: 'boolean' },
      json: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const roles = values.roles ?? 'split';
  if (roles !== 'all' && roles !== 'split') throw new UsageError(`--roles must be all or split: got "${roles}".`);
  const scenarios = values.scenarios ? values.scenarios.split(',').map((name) => name.trim()).filter(Boolean) : null;
  return {
    quick,
    durationS: positiveInt('duration', values.duration, quick ? 6 : 60, 3_600),
    warmupS: quick ? 2 : 5,
    drainTimeoutS: quick ? 8 : 60,
    rawDurationS: quick ? 2 : 10,
    roles,
    scenarios,
    latencyRate: positiveInt('latency-rate', values['latency-rate'], 1_000, 100_000),
    latencyDurationS: positiveInt('latency-duration', values['latency-duration'], quick ? 3 : 30, 3_600),
    fanout: positiveInt('fanout', values.fanout, quick ? 500 : 10_000, 100_000),
    isolationPhaseS: positiveInt('isolation-phase', values['isolation-phase'], quick ? 4 : 30, 3_600),
    isolationTimeoutMs: positiveInt('isolation-timeout', values['isolation-timeout'], quick ? 2 : 10, 30) * 1000,
    backlog: positiveInt('backlog', values.backlog, quick ? 10_000 : 1_000_000, 20_000_000),
    subscribers: positiveInt('subscribers', values.subscribers, quick ? 100 : 1_000, 20_000),
    liveRate: positiveInt('live-rate', values['live-rate'], 500, 100_000),
    liveWebhooks: positiveInt('live-webhooks', values['live-webhooks'], 10, 10_000),
    liveDurationS: positiveInt('live-duration', values['live-duration'], quick ? 3 : 20, 3_600),
    actionCalls: positiveInt('action-calls', values['action-calls'], quick ? 50 : 500, 100_000),
    webhooks: positiveInt('webhooks', values.webhooks, 10, 10_000),
    publishers: positiveInt('publishers', values.publishers, 16, 1_000),
    rawConcurrency: positiveInt('raw-concurrency', values['raw-concurrency'], 64, 1_000),
    maxBacklog: positiveInt('max-backlog', values['max-backlog'], 20_000, 10_000_000),
    keepDatabase: values['keep-database'] ?? false,
    jsonPath: values.json === undefined ? null : values.json === '' ? defaultJsonPath(root) : path.resolve(values.json),
    profileDir: values.profile ? path.resolve(values.profile) : null,
  };
}

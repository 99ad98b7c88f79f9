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
  /** Where to write the JSON report, or null for none. */
  jsonPath: string | null;
  /** Directory for a CPU profile of the Conduit process (node --cpu-prof), or null. */
  profileDir: string | null;
}

export const USAGE = `Usage: npm run bench -- [options]
  --quick              a short run (under a minute): 15 s measured, short drain and raw loop
  --duration <s>       measured window of the throughput scenario (default 60, quick 15)
  --webhooks <n>       webhooks subscribed to the published event type (default 10)
  --publishers <n>     concurrent publishers to POST /v1/events (default 16)
  --raw-concurrency <n> requests in flight in the raw-http loop (default 64)
  --max-backlog <n>    publishers pause above this many unsent deliveries (default 20000)
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
      json: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  return {
    quick,
    durationS: positiveInt('duration', values.duration, quick ? 15 : 60, 3_600),
    warmupS: quick ? 2 : 5,
    drainTimeoutS: quick ? 8 : 60,
    rawDurationS: quick ? 4 : 10,
    webhooks: positiveInt('webhooks', values.webhooks, 10, 10_000),
    publishers: positiveInt('publishers', values.publishers, 16, 1_000),
    rawConcurrency: positiveInt('raw-concurrency', values['raw-concurrency'], 64, 1_000),
    maxBacklog: positiveInt('max-backlog', values['max-backlog'], 20_000, 10_000_000),
    jsonPath: values.json === undefined ? null : values.json === '' ? defaultJsonPath(root) : path.resolve(values.json),
    profileDir: values.profile ? path.resolve(values.profile) : null,
  };
}

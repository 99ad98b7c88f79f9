#!/usr/bin/env node
// Runs the test receiver as its own process (the benchmark does). Prints {"url": ...} as one
// JSON line on stdout once listening, so a parent process can read where to send requests.
import { parseArgs } from 'node:util';
import type { Behaviour } from './behaviour';
import { startReceiver } from './receiver';

const USAGE = `Usage: receiver [options]
  --port <n>          port to listen on (default 0: a free port)
  --host <address>    address to bind (default 127.0.0.1)
  --status <code>     status of a normal answer (default 200)
  --latency <ms>      delay before answering (default 0)
  --error-rate <0..1> share of requests answered with --fail-status (default 0)
  --fail-first <n>    answer --fail-status to the first n requests
  --fail-status <code> status of a failed answer (default 500)
  --retry-after <v>   Retry-After header on non-2xx answers
  --hang              never answer
  --count-only        keep no per-request records, only counters (for load tests)
Control surface: GET /_stats, GET /_requests[?limit=n], POST /_behaviour[?path=/prefix] (JSON behaviour),
POST /_reset`;

function parseNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new Error(`--${name} must be a number: got "${value}".`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      status: { type: 'string' },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      'fail-first': { type: 'string' },
      'fail-status': { type: 'string' },
      'retry-after': { type: 'string' },
      hang: { type: 'boolean' },
      'count-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const behaviour: Behaviour = {
    status: parseNumber('status', values.status),
    latencyMs: parseNumber('latency', values.latency),
    errorRate: parseNumber('error-rate', values['error-rate']),
    failFirst: parseNumber('fail-first', values['fail-first']),
    failStatus: parseNumber('fail-status', values['fail-status']),
    retryAfter: values['retry-after'],
    hang: values.hang,
    recordBodies: values['count-only'] ? false : undefined,
  };
  const receiver = await startReceiver({
    port: parseNumber('port', values.port) ?? 0,
    host: values.host,
    behaviour,
  });
  process.stdout.write(`${JSON.stringify({ url: receiver.url })}\n`);

  const stop = (): void => {
    receiver.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`receiver: ${error instanceof Error ? error.message : String(error)}\nRun with --help for the options.\n`);
  process.exit(2);
});

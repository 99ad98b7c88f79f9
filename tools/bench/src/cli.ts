#!/usr/bin/env node
// Runs Conduit's benchmark: starts a loopback receiver and Conduit as separate processes on a
// database of their own, runs the scenarios in order, prints a table on stdout (progress goes to
// stderr) and optionally writes JSON. Children are always stopped, also on errors and Ctrl-C.
import os from 'node:os';
import path from 'node:path';
import { cleanUp, startEnvironment, type BenchEnvironment, type Teardown } from './environment';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options';
import { ChildProcesses } from './processes';
import { formatTable, machineInfo, writeJson, type BenchReport } from './report';
import { backlogScenario } from './scenarios/backlog';
import { executeActionScenario } from './scenarios/execute-action';
import { fanoutScenario } from './scenarios/fanout';
import { isolationScenario } from './scenarios/isolation';
import { latencyScenario } from './scenarios/latency';
import { liveScenario } from './scenarios/live';
import { rawHttpScenario } from './scenarios/raw-http';
import type { Scenario, ScenarioResult } from './scenarios/scenario';
import { throughputScenario } from './scenarios/throughput';

/** The scenarios, in the order they run. Each DESIGN.md goal gets its own file in scenarios/. */
export const SCENARIOS: Scenario[] = [
  throughputScenario,
  rawHttpScenario,
  latencyScenario,
  fanoutScenario,
  isolationScenario,
  backlogScenario,
  liveScenario,
  executeActionScenario,
];
/**
 * How long Conduit gets to stop after SIGTERM before SIGKILL. Under --profile it must exit by
 * itself for node to write the profile (an api process can take up to its own hard-exit time).
 */
const STOP_GRACE_MS = { normal: 15_000, quick: 5_000, profile: 60_000 };
const ROOT = path.resolve(__dirname, '../../../..');

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

/**
 * Between scenarios: VACUUM (ANALYZE) the delivery tables, so that the cleanup of one scenario's
 * hundreds of thousands of rows (autovacuum would start on them within the next minute) does not
 * land in the next scenario's measured window. Production runs autovacuum in the background; here
 * each figure should be about its own scenario.
 */
async function settle(env: BenchEnvironment, log: (message: string) => void): Promise<void> {
  const started = Date.now();
  await env.pool.query('VACUUM (ANALYZE) events, deliveries, delivery_queue, delivery_attempts');
  log(`vacuumed the delivery tables between scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function run(options: BenchOptions, signal: AbortSignal, children: ChildProcesses): Promise<BenchReport> {
  const loadAverageAtStart = os.loadavg()[0];
  const teardown: Teardown = { pool: null, database: null, tempDir: null };
  const results: ScenarioResult[] = [];
  let env: BenchEnvironment | null = null;
  let error: string | null = null;
  const chosen = options.scenarios ? SCENARIOS.filter((s) => options.scenarios?.includes(s.name)) : SCENARIOS;
  try {
    env = await startEnvironment({ root: ROOT, bench: options, children, teardown, log });
    for (const [index, scenario] of chosen.entries()) {
      if (signal.aborted) break;
      if (index > 0) await settle(env, log);
      const started = Date.now();
      results.push(await scenario.run({ env, options, log, signal, previous: results }));
      log(`${scenario.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    if (signal.aborted) error = 'interrupted';
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  } finally {
    log('stopping Conduit and the receiver');
    await children.stopAll(options.profileDir ? STOP_GRACE_MS.profile : options.quick ? STOP_GRACE_MS.quick : STOP_GRACE_MS.normal);
    await cleanUp(teardown, log, options.keepDatabase);
  }
  const machine = machineInfo({
    root: ROOT,
    postgres: env?.database.postgresVersion ?? null,
    database: env ? `${env.database.kind}: ${env.database.name}` : null,
    loadAverageAtStart,
  });
  return { machine, options, results, error };
}

async function main(): Promise<number> {
  let options: BenchOptions | null;
  try {
    options = parseOptions(process.argv.slice(2), ROOT);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const children = new ChildProcesses();
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: no more waiting.
      children.killAll();
      process.exit(130);
    }
    log(`${signal}: stopping (again to kill at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const unknown = (options.scenarios ?? []).filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown scenario(s): ${unknown.join(', ')}. Known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const report = await run(options, controller.signal, children);
  process.stdout.write(`${formatTable(report)}\n`);
  if (options.jsonPath) {
    writeJson(options.jsonPath, report);
    log(`wrote ${path.relative(process.cwd(), options.jsonPath)}`);
  }
  if (report.error) {
    log(`failed: ${report.error}`);
    return controller.signal.aborted ? 130 : 1;
  }
  const failed = report.results.flatMap((r) => (r.checks ?? []).filter((c) => !c.ok).map((c) => `${r.scenario}: ${c.name}`));
  if (failed.length > 0) {
    log(`completeness checks failed: ${failed.join('; ')}`);
    return 3;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

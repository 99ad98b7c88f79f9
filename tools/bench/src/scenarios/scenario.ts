import type { BenchEnvironment } from '../environment';
import type { BenchOptions } from '../options';
import type { Log } from '../processes';

/** One measured number, as printed in the table and written to the JSON report. */
export interface Figure {
  /** Stable machine name, e.g. `deliveriesPerSecond`. */
  key: string;
  label: string;
  value: number | string | boolean | null;
  unit?: string;
}

/** A DESIGN.md goal and whether this run met it (null: not judged, e.g. a --quick run's sizes). */
export interface Goal {
  goal: string;
  measured: string;
  met: boolean | null;
}

/**
 * A completeness check: everything that should have been delivered was, nothing failed that
 * should not have. Never a timing: `--quick` runs in CI and fails on a check, not on a figure.
 */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ScenarioResult {
  scenario: string;
  description: string;
  figures: Figure[];
  goal?: Goal;
  checks?: Check[];
  /** Raw material behind the figures (per-second samples, statuses), for the JSON report. */
  details?: Record<string, unknown>;
}

export interface ScenarioContext {
  env: BenchEnvironment;
  options: BenchOptions;
  log: Log;
  /** Aborted on SIGINT/SIGTERM: stop early, return what was measured. */
  signal: AbortSignal;
  /** Results of the scenarios that ran before this one. */
  previous: readonly ScenarioResult[];
}

/** One benchmark scenario, in a file of its own under scenarios/; the CLI runs them in order. */
export interface Scenario {
  name: string;
  description: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

export function figureValue(results: readonly ScenarioResult[], scenario: string, key: string): Figure['value'] | undefined {
  return results.find((r) => r.scenario === scenario)?.figures.find((f) => f.key === key)?.value;
}

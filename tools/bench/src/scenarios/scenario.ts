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

export interface ScenarioResult {
  scenario: string;
  description: string;
  figures: Figure[];
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

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions } from './options';
import type { Figure, ScenarioResult } from './scenarios/scenario';

/** Where the figures were measured. */
export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  totalMemoryMiB: number;
  node: string;
  platform: string;
  postgres: string | null;
  database: string | null;
  gitCommit: string | null;
  /** Tracked files differ from the commit (others may be editing the working tree). */
  gitDirty: boolean | null;
  /** 1-minute load average before the run started: other work on the machine skews the figures. */
  loadAverageAtStart: number;
}

export interface BenchReport {
  machine: MachineInfo;
  options: BenchOptions;
  results: ScenarioResult[];
  /** Set when the run ended early (error or signal). */
  error: string | null;
}

export function machineInfo(options: { root: string; postgres: string | null; database: string | null; loadAverageAtStart: number }): MachineInfo {
  const { root } = options;
  const cpus = os.cpus();
  // --no-optional-locks: only read, never refresh the index (others work in this tree).
  const status = git(root, ['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no']);
  return {
    date: new Date().toISOString(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    postgres: options.postgres,
    database: options.database,
    gitCommit: git(root, ['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
    loadAverageAtStart: Math.round(options.loadAverageAtStart * 100) / 100,
  };
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function formatValue(figure: Figure): string {
  const { value, unit } = figure;
  if (value === null) return 'n/a';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = typeof value === 'number' ? value.toLocaleString('en-US') : value;
  return unit ? `${text} ${unit}` : text;
}

/** The results as a plain-text table for stdout. */
export function formatTable(report: BenchReport): string {
  const rows: string[][] = [];
  for (const result of report.results) {
    for (const figure of result.figures) rows.push([result.scenario, figure.label, formatValue(figure)]);
  }
  const m = report.machine;
  const goals = report.results
    .filter((r) => r.goal)
    .map((r) => {
      const goal = r.goal as NonNullable<ScenarioResult['goal']>;
      return [r.scenario, goal.goal, goal.measured, goal.met === null ? 'not judged' : goal.met ? 'MET' : 'NOT MET'];
    });
  const checks = report.results.flatMap((r) => (r.checks ?? []).map((c) => [r.scenario, c.name, c.ok ? 'ok' : 'FAILED', c.ok ? '' : (c.detail ?? '')]));
  return [
    `Conduit benchmark, ${m.date}: ${m.cpus} × ${m.cpuModel}, ${m.totalMemoryMiB} MiB, Node ${m.node}, load average before the run ${m.loadAverageAtStart}`,
    `PostgreSQL: ${m.postgres ?? 'unknown'} (${m.database ?? 'no database'}); Conduit roles: ${report.options.roles}; commit ${m.gitCommit?.slice(0, 12) ?? 'unknown'}${m.gitDirty ? ' + local changes' : ''}`,
    '',
    ...table(['scenario', 'figure', 'value'], rows, [2]),
    ...(goals.length ? ['', 'Goals (DESIGN.md)', ...table(['scenario', 'goal', 'measured', 'result'], goals, [])] : []),
    ...(checks.length ? ['', 'Completeness checks', ...table(['scenario', 'check', 'result', 'detail'], checks, [])] : []),
    ...(report.error ? ['', `The run ended early: ${report.error}`] : []),
  ].join('\n');
}

/** A plain-text table; columns in `right` are right-aligned. */
function table(header: string[], rows: string[][], right: number[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function writeJson(file: string, report: BenchReport): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

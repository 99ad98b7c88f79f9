import fs from 'node:fs';
import os from 'node:os';
import type { Pool } from 'pg';

/** Linux reports process times in clock ticks; 100 per second on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or null off Linux or once it is gone. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export interface CpuTimes {
  busyMs: number;
  totalMs: number;
}

/** Whole-machine CPU time so far, every process included (others may share the machine). */
export function machineCpuTimes(): CpuTimes {
  let busyMs = 0;
  let totalMs = 0;
  for (const cpu of os.cpus()) {
    const { user, nice, sys, irq, idle } = cpu.times;
    busyMs += user + nice + sys + irq;
    totalMs += user + nice + sys + irq + idle;
  }
  return { busyMs, totalMs };
}

/** Share of all cores that was busy between two readings, in %. */
export function busyPercent(from: CpuTimes, to: CpuTimes): number | null {
  const total = to.totalMs - from.totalMs;
  return total > 0 ? (100 * (to.busyMs - from.busyMs)) / total : null;
}

/** Resident memory of a process in MB (VmRSS, 10^6 bytes), or null off Linux or once it is gone. */
export function processRssMB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? (Number(match[1]) * 1024) / 1e6 : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL backends connected to the benchmark's database (by
 * pid, from pg_stat_activity), keyed by pid: backends come and go, so callers diff per pid.
 */
export async function postgresBackendCpu(pool: Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== null) cpu.set(pid, seconds);
  }
  return cpu;
}

/** CPU seconds the backends used between two readings (backends present in both). */
export function postgresCpuBetween(from: Map<number, number>, to: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of to) total += seconds - (from.get(pid) ?? seconds);
  return total;
}

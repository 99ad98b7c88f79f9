import fs from 'node:fs';
import os from 'node:os';

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

import type { RunStatus } from '../../generated/graphql';

/** How a run's or a step's status is shown. */
export function runStatusBadge(status: RunStatus): { label: string; color: string } {
  switch (status) {
    case 'PENDING':
      return { label: 'Pending', color: 'gray' };
    case 'RUNNING':
      return { label: 'Running', color: 'blue' };
    case 'SUCCEEDED':
      return { label: 'Succeeded', color: 'teal' };
    case 'FAILED':
      return { label: 'Failed', color: 'red' };
    default: {
      const unknown: never = status;
      return { label: String(unknown), color: 'gray' };
    }
  }
}

export function isFinished(status: RunStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/** How long a run took, or has been running: milliseconds between start and finish (or now). */
export function runDurationMs(run: { startedAt: string; finishedAt: string | null }, now: number = Date.now()): number {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, end - Date.parse(run.startedAt));
}

/** "2 of 3 steps done" for a run's steps. */
export function stepProgress(steps: readonly { status: RunStatus }[]): string {
  const done = steps.filter((s) => isFinished(s.status)).length;
  return `${done} of ${steps.length} step${steps.length === 1 ? '' : 's'} done`;
}

/**
 * Retry schedules (webhooks, actions) as typed into a form: waits in seconds between attempts,
 * "5, 300, 1800". The API's rule: each wait is a number of seconds greater than 0.
 */

export function formatSchedule(schedule: readonly number[]): string {
  return schedule.join(', ');
}

/** The message for a form's `validate`, or null when the schedule reads. */
export function scheduleProblem(text: string): string | null {
  const parsed = parseSchedule(text);
  return 'error' in parsed ? parsed.error : null;
}

/** "5, 300, 1800" → [5, 300, 1800]; an error message for anything that is not a list of positive numbers. */
export function parseSchedule(text: string): { schedule: number[] } | { error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const schedule: number[] = [];
  for (const part of parts) {
    const seconds = Number(part);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      return { error: `"${part}" is not a number of seconds greater than 0. Write the waits like 5, 300, 1800.` };
    }
    schedule.push(seconds);
  }
  return { schedule };
}

/** A wait as people read it: "5 s", "5 min", "2 h", "1.5 h". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${trim(seconds)} s`;
  if (seconds < 3600) return `${trim(seconds / 60)} min`;
  if (seconds < 86_400) return `${trim(seconds / 3600)} h`;
  return `${trim(seconds / 86_400)} d`;
}

function trim(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** "8 attempts: at once, then after 5 s, 5 min, …" for the help text under the schedule. */
export function describeSchedule(schedule: readonly number[]): string {
  if (schedule.length === 0) return 'One attempt, no retries.';
  return `${schedule.length + 1} attempts: at once, then after ${schedule.map(formatWait).join(', ')}.`;
}

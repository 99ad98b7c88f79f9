import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { sleep } from './processes';

/** A realistic event payload (a created ticket, ~0.5 kB of JSON) used by every scenario. */
export function ticketPayload(): Record<string, unknown> {
  return {
    ticket: {
      id: 'TCK-10482',
      subject: 'Order #1002 arrived damaged',
      status: 'open',
      priority: 'high',
      channel: 'email',
      tags: ['shipping', 'damaged', 'vip'],
      customer: { id: 'c_8f2d1', email: 'maria.lopez@example.com', name: 'María López', locale: 'es-ES' },
      assignee: { id: 't_31', name: 'Support Bot' },
      custom_fields: { order_id: '1002', store: 'Madrid', height: 172 },
      created_at: '2025-11-20T10:15:30.000Z',
    },
  };
}

/**
 * The body Conduit sends for `payload` (same shape as the engine's buildWebhookBody), so the raw
 * loop moves the same bytes per request as a delivery.
 */
export function deliveryShapedBody(options: { eventType: string; payload: unknown; url: string }): string {
  const type = JSON.stringify(options.eventType);
  return (
    `{"type":${type},"timestamp":"${new Date().toISOString()}","data":${JSON.stringify(options.payload)},` +
    `"hook":{"id":"00000000-0000-4000-8000-000000000000","event":${type},"target":${JSON.stringify(options.url)}}}`
  );
}

/**
 * Runs `task` in `concurrency` closed loops until `untilMs` (Date.now() time) or the signal.
 * A loop whose task throws backs off briefly, so a refused connection cannot spin the CPU.
 */
export async function runClosedLoops(options: {
  concurrency: number;
  untilMs: number;
  signal: AbortSignal;
  task: () => Promise<void>;
  onError: (error: unknown) => void;
}): Promise<void> {
  // Each loop's sleep listens to the signal for a moment: more than node's default of 10.
  setMaxListeners(options.concurrency + 10, options.signal);
  const loop = async (): Promise<void> => {
    while (Date.now() < options.untilMs && !options.signal.aborted) {
      try {
        await options.task();
      } catch (error) {
        options.onError(error);
        await sleep(50, options.signal);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number | null, digits = 0): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The p-th percentile (0..100) of `values` by nearest rank, or null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  return percentiles(values, [p])[0];
}

/** Several percentiles of `values`, sorting once (Float64Array: millions of samples are fine). */
export function percentiles(values: readonly number[], ps: number[]): (number | null)[] {
  if (values.length === 0) return ps.map(() => null);
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
}

/** The largest / smallest value, or null for none (no spread: arrays may hold millions). */
export function largest(values: readonly number[]): number | null {
  let best: number | null = null;
  for (const v of values) if (best === null || v > best) best = v;
  return best;
}

export function smallest(values: readonly number[]): number | null {
  let best: number | null = null;
  for (const v of values) if (best === null || v < best) best = v;
  return best;
}

/**
 * Calls `task` at a fixed rate (open loop: a slow answer does not slow the next call) until
 * `durationMs` has passed or the signal fires; waits for the calls in flight before resolving.
 * `seconds` is the time calls were being started (the calls' own wait excluded).
 * Calls are started in small bursts on a 5 ms tick, as many as the schedule says are due.
 */
export async function runOpenLoop(options: {
  ratePerSecond: number;
  durationMs: number;
  signal: AbortSignal;
  task: (index: number) => Promise<void>;
  onError: (error: unknown) => void;
}): Promise<{ started: number; seconds: number }> {
  const startedAt = performance.now();
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  while (!options.signal.aborted) {
    const elapsed = performance.now() - startedAt;
    if (elapsed >= options.durationMs) break;
    const due = Math.floor((elapsed / 1000) * options.ratePerSecond);
    while (started < due) {
      const call = options
        .task(started++)
        .catch(options.onError)
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
    await sleep(5, options.signal);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  await Promise.all(inFlight);
  return { started, seconds };
}

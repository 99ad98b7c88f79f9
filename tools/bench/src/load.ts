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

import pino from 'pino';
import type { HttpExchange, HttpRequest } from '../http/sender';
import { Dispatcher } from './dispatcher';
import type { AttemptRecord, ClaimOptions, ClaimedDelivery, CompletionEffects, DispatchStore } from './types';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** An in-memory queue with the same claim/lease semantics as PgDispatchStore. */
class MemoryStore implements DispatchStore {
  readonly open = new Map<string, ClaimedDelivery & { dueAt: number; leased: boolean }>();
  readonly records: AttemptRecord[] = [];

  add(delivery: ClaimedDelivery): void {
    this.open.set(delivery.id, { ...delivery, dueAt: 0, leased: false });
  }

  async claim(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    const now = Date.now();
    const claimed: ClaimedDelivery[] = [];
    for (const d of this.open.values()) {
      if (claimed.length >= options.limit) break;
      if (d.leased || d.dueAt > now || options.excludeWebhookIds.includes(d.targetId)) continue;
      d.leased = true;
      claimed.push(d);
    }
    return claimed;
  }

  async release(ids: string[]): Promise<void> {
    for (const id of ids) {
      const d = this.open.get(id);
      if (d) d.leased = false;
    }
  }

  async complete(records: AttemptRecord[]): Promise<CompletionEffects> {
    for (const r of records) {
      this.records.push(r);
      const d = this.open.get(r.deliveryId);
      if (!d) continue;
      if (r.status === 'RETRYING') Object.assign(d, { leased: false, dueAt: r.nextAttemptAt?.getTime() ?? 0, attemptCount: r.number });
      else this.open.delete(r.deliveryId);
    }
    return { attemptIds: records.map((_, i) => String(i)), healthChanges: [], disabled: [] };
  }

  async nextDueAt(): Promise<Date | null> {
    let min: number | null = null;
    for (const d of this.open.values()) if (!d.leased && (min === null || d.dueAt < min)) min = d.dueAt;
    return min === null ? null : new Date(min);
  }
}

/** Answers after `latencyMs`, tracking the most requests in flight per URL. */
class FakeSender {
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  constructor(private readonly respond: (url: string) => { status: number; latencyMs: number }) {}

  async send(request: HttpRequest): Promise<HttpExchange> {
    const { status, latencyMs } = this.respond(request.url);
    const current = (this.inFlight.get(request.url) ?? 0) + 1;
    this.inFlight.set(request.url, current);
    this.maxInFlight.set(request.url, Math.max(current, this.maxInFlight.get(request.url) ?? 0));
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    this.inFlight.set(request.url, (this.inFlight.get(request.url) ?? 1) - 1);
    const ok = status >= 200 && status < 300;
    return { outcome: ok ? 'SUCCESS' : 'HTTP_ERROR', status, headers: [], body: '', bodyTruncated: false, durationMs: latencyMs, finalUrl: request.url };
  }
}

function delivery(id: number, webhook: string, overrides: Partial<ClaimedDelivery['target']> = {}): ClaimedDelivery {
  return {
    id: `msg_${String(id).padStart(26, '0')}`,
    workspaceId: 'ws',
    eventId: 'ev',
    kind: 'webhook',
    targetId: webhook,
    webhookId: webhook,
    attemptCount: 0,
    eventType: 'ticket.created',
    occurredAt: new Date(0),
    payloadJson: '{}',
    target: { url: `http://target/${webhook}`, headers: [], secretCiphertexts: [SECRET], timeoutMs: 1000, schedule: [0.05], maxInFlight: 20, health: 'HEALTHY', rateLimitPerSecond: null, ...overrides },
  };
}

function dispatcher(store: DispatchStore, sender: FakeSender, concurrency: number): Dispatcher {
  return new Dispatcher({
    store,
    sender,
    decryptSecret: (c) => c,
    workerId: 'test',
    userAgent: 'test',
    logger: pino({ level: 'silent' }),
    policy: { concurrency, batchSize: 100, idlePollMs: 200, flushDelayMs: 1 },
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - start;
}

describe('Dispatcher with many endpoints', () => {
  it('keeps the event loop free and delivers everything when capacity is the limit (100 endpoints, 32 slots)', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 1000; i++) store.add(delivery(i, `w${i % 100}`));
    const sender = new FakeSender(() => ({ status: 200, latencyMs: 5 }));
    const d = dispatcher(store, sender, 32);
    d.start();
    // A timer must still fire on time while the dispatcher works (a busy loop would starve it).
    const lag = await new Promise<number>((resolve) => {
      const at = Date.now();
      setTimeout(() => resolve(Date.now() - at - 50), 50);
    });
    await until(() => store.records.length === 1000, 10_000);
    await d.stop(1000);
    expect(lag).toBeLessThan(200);
    expect(store.open.size).toBe(0);
    expect(new Set(store.records.map((r) => r.deliveryId)).size).toBe(1000);
  });

  it('holds a FAILING endpoint to one request in flight while a healthy one uses its limit, and retries on schedule', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 40; i++) store.add(delivery(i, 'sick', { health: 'FAILING', schedule: [] }));
    for (let i = 40; i < 200; i++) store.add(delivery(i, 'well'));
    const sender = new FakeSender((url) => (url.endsWith('/sick') ? { status: 500, latencyMs: 20 } : { status: 200, latencyMs: 10 }));
    const d = dispatcher(store, sender, 64);
    d.start();
    const healthyDone = await until(() => store.records.filter((r) => r.webhookId === 'well').length === 160, 10_000);
    await until(() => store.records.filter((r) => r.webhookId === 'sick').length === 40, 10_000);
    await d.stop(1000);
    expect(sender.maxInFlight.get('http://target/sick')).toBe(1);
    expect(sender.maxInFlight.get('http://target/well')).toBe(20);
    // 160 healthy deliveries at 20 in flight × 10 ms ≈ 80 ms: not held behind 40 × 20 ms of the sick one.
    expect(healthyDone).toBeLessThan(600);
    expect(store.records.filter((r) => r.webhookId === 'sick').every((r) => r.status === 'FAILED')).toBe(true);
  });

  it('sends a retry again after its scheduled wait with the same delivery id', async () => {
    const store = new MemoryStore();
    store.add(delivery(1, 'flaky'));
    let calls = 0;
    const sender = new FakeSender(() => ({ status: calls++ === 0 ? 503 : 200, latencyMs: 1 }));
    const d = dispatcher(store, sender, 8);
    d.start();
    await until(() => store.records.length === 2, 5_000);
    await d.stop(1000);
    expect(store.records.map((r) => [r.deliveryId, r.number, r.status])).toEqual([
      [delivery(1, 'x').id, 1, 'RETRYING'],
      [delivery(1, 'x').id, 2, 'SUCCEEDED'],
    ]);
    const gap = store.records[1].startedAt.getTime() - store.records[0].startedAt.getTime();
    expect(gap).toBeGreaterThanOrEqual(40); // 50 ms −20 %
  });
});

describe('Dispatcher.stop', () => {
  it('waits for requests in flight up to the drain time, writes their attempts, and releases what is still unfinished', async () => {
    const store = new MemoryStore();
    store.add(delivery(1, 'quick'));
    store.add(delivery(2, 'slow'));
    const sender = new FakeSender((url) => (url.endsWith('/slow') ? { status: 200, latencyMs: 2_000 } : { status: 200, latencyMs: 50 }));
    const d = dispatcher(store, sender, 8);
    d.start();
    await until(() => (sender.inFlight.get('http://target/slow') ?? 0) === 1 && (sender.inFlight.get('http://target/quick') ?? 0) === 1, 2_000);
    const started = Date.now();
    await d.stop(300);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The quick one finished during the drain and was written; the slow one is released for another worker.
    expect(store.records.map((r) => r.deliveryId)).toEqual([delivery(1, 'x').id]);
    expect(store.open.get(delivery(2, 'x').id)?.leased).toBe(false);
  });
});

describe('Dispatcher with automation deliveries', () => {
  it('hands them to the injected executor (not the webhook sender), retries failures on the action schedule and keeps context only on success', async () => {
    const store = new MemoryStore();
    const automation = (id: number): ClaimedDelivery => ({ ...delivery(id, 'auto-1', { schedule: [0.02] }), kind: 'automation', targetId: 'auto-1', webhookId: null });
    store.add(automation(1));
    const sender = new FakeSender(() => ({ status: 200, latencyMs: 1 }));
    let calls = 0;
    const d = new Dispatcher({
      store,
      sender,
      decryptSecret: (c) => c,
      workerId: 'test',
      userAgent: 'test',
      logger: pino({ level: 'silent' }),
      policy: { concurrency: 8, batchSize: 10, idlePollMs: 50, flushDelayMs: 1 },
      executeAutomation: async () => {
        calls++;
        const ok = calls > 1;
        return {
          outcome: ok ? 'SUCCESS' : 'HTTP_ERROR',
          status: ok ? 200 : 503,
          durationMs: 1,
          request: { method: 'GET', url: 'http://api/users?email=a%2Bb', headers: [], body: null },
          response: { status: ok ? 200 : 503, headers: [], body: '{}', bodyTruncated: false },
          error: ok ? null : 'HTTP 503',
          context: { subject: 'a+b', name: 'customer', data: { id: calls } },
        };
      },
    });
    d.start();
    await until(() => store.records.length === 2, 5_000);
    await d.stop(1000);
    expect(sender.maxInFlight.size).toBe(0);
    expect(store.records.map((r) => [r.kind, r.targetId, r.webhookId, r.outcome, r.status, r.number])).toEqual([
      ['automation', 'auto-1', null, 'HTTP_ERROR', 'RETRYING', 1],
      ['automation', 'auto-1', null, 'SUCCESS', 'SUCCEEDED', 2],
    ]);
    expect(store.records[0].context).toBeNull();
    expect(store.records[1].context).toEqual({ subject: 'a+b', name: 'customer', data: { id: 2 } });
  });

  it('does not retry an attempt the executor marks final (a template error), whatever its outcome', async () => {
    const store = new MemoryStore();
    store.add({ ...delivery(1, 'auto-2', { schedule: [0.01, 0.01] }), kind: 'automation', targetId: 'auto-2', webhookId: null });
    const d = new Dispatcher({
      store,
      sender: new FakeSender(() => ({ status: 200, latencyMs: 1 })),
      decryptSecret: (c) => c,
      workerId: 'test',
      userAgent: 'test',
      logger: pino({ level: 'silent' }),
      policy: { concurrency: 8, batchSize: 10, idlePollMs: 50, flushDelayMs: 1 },
      executeAutomation: async () => ({
        outcome: 'BLOCKED',
        durationMs: 0,
        request: { method: 'GET', url: 'http://api/users', headers: [], body: null },
        response: null,
        error: 'TEMPLATE_ERROR: unknown variable "ticket"',
        retryable: false,
      }),
    });
    d.start();
    await until(() => store.records.length === 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await d.stop(1000);
    expect(store.records).toHaveLength(1);
    expect(store.records[0]).toMatchObject({ status: 'FAILED', willRetry: false, error: expect.stringContaining('TEMPLATE_ERROR') });
  });
});

import { startReceiver, type Behaviour, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, waitUntil, type TestApp } from './support/harness';

/**
 * Receivers that misbehave on purpose (tools/receiver's hostile behaviours), each on its own
 * webhook with a short retry schedule: every failure is classified and retried (or not) as
 * DESIGN.md says, within the attempt's deadline, and never stalls the worker.
 */

const DELIVERY = `query($id: ID!) { delivery(id: $id) { id status attemptCount
  attempts { number outcome durationMs error willRetry startedAt nextAttemptAt response { status bodyTruncated body headers { name value } } } } }`;

interface Attempt {
  number: number;
  outcome: string;
  durationMs: number;
  error: string | null;
  willRetry: boolean;
  startedAt: string;
  nextAttemptAt: string | null;
  response: { status: number; bodyTruncated: boolean; body: string | null; headers: { name: string; value: string }[] } | null;
}
interface Delivery {
  id: string;
  status: string;
  attemptCount: number;
  attempts: Attempt[];
}

/** Timeout of every webhook here: the smallest a user may set. */
const TIMEOUT_MS = 1_000;

interface Case {
  behaviour: Behaviour;
  /** Retry waits in seconds (attempts = schedule.length + 1). */
  schedule: number[];
  /** Default TIMEOUT_MS. */
  timeoutMs?: number;
}

const CASES: Record<string, Case> = {
  hang: { behaviour: { hang: true }, schedule: [0.3] },
  reset: { behaviour: { reset: true }, schedule: [0.3] },
  // ~120 bytes at 100 ms each: 12 s, far past the 1 s deadline that covers headers and body.
  dribbleForever: { behaviour: { dribbleMs: 100 }, schedule: [0.3] },
  // ~110 bytes at 1 ms: a few hundred ms on a busy machine, inside a 5 s deadline.
  dribbleWithin: { behaviour: { dribbleMs: 1, status: 200, body: 'ok' }, schedule: [0.3], timeoutMs: 5_000 },
  giganticBody: { behaviour: { bodyBytes: 200 * 1024 * 1024 }, schedule: [0.3] },
  giganticError: { behaviour: { bodyBytes: 200 * 1024 * 1024, status: 503 }, schedule: [0.3] },
  giganticHeaders: { behaviour: { headerBytes: 256 * 1024 }, schedule: [0.3] },
  garbage: { behaviour: { garbage: 'SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n' }, schedule: [0.3] },
  redirectLoop: { behaviour: { status: 302, location: '/redirectLoop' }, schedule: [0.3] },
  tooManyRequests: { behaviour: { failFirst: 1, failStatus: 429, retryAfter: '2' }, schedule: [1, 5] },
  requestTimeout: { behaviour: { failFirst: 1, failStatus: 408 }, schedule: [0.3] },
  unprocessable: { behaviour: { status: 422 }, schedule: [0.3] },
};

describe('hostile receivers: each misbehaviour is classified and retried as DESIGN.md says', () => {
  let t: TestApp;
  let receiver: Receiver;
  const deliveryIds: Record<string, string> = {};
  let publishedAt = 0;

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_DISABLE_AFTER_FAILURES: '1000' });
    receiver = await startReceiver({ paths: Object.fromEntries(Object.entries(CASES).map(([name, c]) => [`/${name}`, c.behaviour])) });
    for (const [name, c] of Object.entries(CASES)) {
      await t.ok('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
        i: { url: `${receiver.url}/${name}`, events: ['ticket.created'], filter: { case: name }, retryPolicy: { schedule: c.schedule, timeoutMs: c.timeoutMs ?? TIMEOUT_MS } },
      });
    }
    publishedAt = Date.now();
    for (const name of Object.keys(CASES)) {
      const { publishEvent } = await t.ok<{ publishEvent: { deliveries: { id: string }[] } }>(
        'mutation($i: PublishEventInput!) { publishEvent(input: $i) { deliveries { id } } }',
        { i: { type: 'ticket.created', payload: { case: name } } },
      );
      expect(publishEvent.deliveries).toHaveLength(1);
      deliveryIds[name] = publishEvent.deliveries[0].id;
    }
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  async function finished(name: string, timeoutMs = 15_000): Promise<Delivery> {
    let delivery: Delivery | null = null;
    await waitUntil(
      async () => {
        delivery = (await t.ok<{ delivery: Delivery }>(DELIVERY, { id: deliveryIds[name] })).delivery;
        return delivery.status === 'SUCCEEDED' || delivery.status === 'FAILED';
      },
      timeoutMs,
      () => `${name}: ${JSON.stringify(delivery)}`,
    );
    return delivery as unknown as Delivery;
  }

  function requestsTo(name: string) {
    return receiver.requests.filter((r) => r.path === `/${name}`);
  }

  it('a receiver that never answers: TIMEOUT at the 1 s deadline, retried, then FAILED', async () => {
    const d = await finished('hang');
    expect(d.attempts.map((a) => [a.outcome, a.willRetry])).toEqual([
      ['TIMEOUT', true],
      ['TIMEOUT', false],
    ]);
    for (const a of d.attempts) {
      expect(a.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(a.durationMs).toBeLessThan(TIMEOUT_MS + 500);
    }
    expect(d.status).toBe('FAILED');
    expect(requestsTo('hang')).toHaveLength(2);
  });

  it('a receiver that resets the connection: NETWORK_ERROR saying the connection closed, retried', async () => {
    const d = await finished('reset');
    expect(d.attempts.map((a) => [a.outcome, a.willRetry])).toEqual([
      ['NETWORK_ERROR', true],
      ['NETWORK_ERROR', false],
    ]);
    expect(d.attempts[0].error).toMatch(/closed before a complete response|reset/i);
    expect(d.attempts[0].response).toBeNull();
  });

  it('a receiver that answers byte by byte past the deadline: TIMEOUT at 1 s (the deadline covers headers and body), retried', async () => {
    const d = await finished('dribbleForever');
    expect(d.attempts.map((a) => [a.outcome, a.willRetry])).toEqual([
      ['TIMEOUT', true],
      ['TIMEOUT', false],
    ]);
    for (const a of d.attempts) expect(a.durationMs).toBeLessThan(TIMEOUT_MS + 500);
  });

  it('a receiver that answers byte by byte within the deadline: SUCCESS, sent once', async () => {
    const d = await finished('dribbleWithin');
    expect(d.attempts.map((a) => [a.outcome, a.response?.status, a.response?.body])).toEqual([['SUCCESS', 200, 'ok']]);
    expect(d.status).toBe('SUCCEEDED');
    expect(requestsTo('dribbleWithin')).toHaveLength(1);
  });

  it('a 200 with a 200 MB body: SUCCESS, the body read only up to the 64 kB the log keeps, quickly', async () => {
    const d = await finished('giganticBody');
    expect(d.attempts).toHaveLength(1);
    const [a] = d.attempts;
    expect([a.outcome, a.response?.status, a.response?.bodyTruncated]).toEqual(['SUCCESS', 200, true]);
    expect(a.response?.body).toHaveLength(65_536);
    expect(a.durationMs).toBeLessThan(TIMEOUT_MS); // the rest was not downloaded
  });

  it('a 503 with a 200 MB body: HTTP_ERROR with the body truncated at 64 kB, retried', async () => {
    const d = await finished('giganticError');
    expect(d.attempts.map((a) => [a.outcome, a.response?.status, a.response?.bodyTruncated, a.willRetry])).toEqual([
      ['HTTP_ERROR', 503, true, true],
      ['HTTP_ERROR', 503, true, false],
    ]);
  });

  it('a response with 256 kB of headers: INVALID_RESPONSE, retried', async () => {
    const d = await finished('giganticHeaders');
    expect(d.attempts.map((a) => [a.outcome, a.willRetry])).toEqual([
      ['INVALID_RESPONSE', true],
      ['INVALID_RESPONSE', false],
    ]);
    expect(d.attempts[0].error).toMatch(/header/i);
  });

  it('garbage instead of HTTP: INVALID_RESPONSE naming the receiver, retried', async () => {
    const d = await finished('garbage');
    expect(d.attempts.map((a) => [a.outcome, a.willRetry])).toEqual([
      ['INVALID_RESPONSE', true],
      ['INVALID_RESPONSE', false],
    ]);
    expect(d.attempts[0].error).toContain(`127.0.0.1:${receiver.port}`);
    expect(d.attempts[0].error).toMatch(/invalid HTTP response/);
  });

  it('a redirect loop: not followed, one HTTP_ERROR 302 attempt, not retried (FAILED)', async () => {
    const d = await finished('redirectLoop');
    expect(d.attempts.map((a) => [a.outcome, a.response?.status, a.willRetry])).toEqual([['HTTP_ERROR', 302, false]]);
    expect(d.attempts[0].error).toMatch(/redirects are not followed/);
    expect(d.status).toBe('FAILED');
    expect(requestsTo('redirectLoop')).toHaveLength(1);
  });

  it('429 with Retry-After: 2 is retried after 2 s (not the scheduled 1 s), then succeeds', async () => {
    const d = await finished('tooManyRequests');
    expect(d.attempts.map((a) => [a.outcome, a.response?.status, a.willRetry])).toEqual([
      ['HTTP_ERROR', 429, true],
      ['SUCCESS', 200, false],
    ]);
    const planned = new Date(d.attempts[0].nextAttemptAt as string).getTime() - new Date(d.attempts[0].startedAt).getTime();
    // Retry-After 2 s (+ up to 20 %) clamped to 2x the scheduled 1 s wait: 2 s, where the schedule alone gives 0.8-1.2 s.
    expect(planned).toBeGreaterThanOrEqual(2_000);
    expect(planned).toBeLessThan(2_100 + d.attempts[0].durationMs);
    const [first, second] = requestsTo('tooManyRequests');
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(1_950);
    expect(first.headers['webhook-id']).toBe(second.headers['webhook-id']);
  });

  it('408 is retried; 422 is final after one attempt', async () => {
    const timeout = await finished('requestTimeout');
    expect(timeout.attempts.map((a) => [a.outcome, a.response?.status])).toEqual([
      ['HTTP_ERROR', 408],
      ['SUCCESS', 200],
    ]);
    const rejected = await finished('unprocessable');
    expect(rejected.attempts.map((a) => [a.outcome, a.response?.status, a.willRetry])).toEqual([['HTTP_ERROR', 422, false]]);
  });

  it('all of it together finished within a few seconds: no hostile receiver held the worker', async () => {
    for (const name of Object.keys(CASES)) await finished(name);
    expect(Date.now() - publishedAt).toBeLessThan(12_000);
    const { rows } = await t.app.services.db.query("SELECT count(*)::int AS n FROM delivery_queue WHERE lease_until IS NOT NULL").then((r: { n: number }[]) => ({ rows: r }));
    expect(rows[0].n).toBe(0);
  });
});

import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, waitUntil, type TestApp } from './support/harness';

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url health } } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id deliveries { id } } }`;
const DELIVERY = `query($id: ID!) { delivery(id: $id) { id status attemptCount lastError
  attempts { number outcome startedAt willRetry nextAttemptAt response { status } request { headers { name value } body } } } }`;

interface Attempt {
  number: number;
  outcome: string;
  startedAt: string;
  willRetry: boolean;
  response: { status: number } | null;
  request: { headers: { name: string; value: string }[]; body: string };
}
interface DeliveryResult {
  delivery: { id: string; status: string; attemptCount: number; lastError: string | null; attempts: Attempt[] };
}

describe('webhook delivery end to end', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_DISABLE_AFTER_FAILURES: '6' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });
  beforeEach(() => receiver.reset());
  afterEach(async () => {
    // Each test starts with no webhooks, so its events reach only its own receiver paths.
    const { webhooks } = await t.ok<{ webhooks: { id: string }[] }>('{ webhooks { id } }');
    for (const w of webhooks) await t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: w.id });
  });

  async function createWebhook(path: string, input: Record<string, unknown> = {}) {
    const data = await t.ok<{ createWebhook: { secret: string; webhook: { id: string } } }>(CREATE, {
      input: { url: `${receiver.url}${path}`, events: ['ticket.*'], ...input },
    });
    return data.createWebhook;
  }

  async function publish(payload: Record<string, unknown> = { ticket: { id: 1, subject: 'Printer on fire' } }, type = 'ticket.created') {
    const data = await t.ok<{ publishEvent: { id: string; deliveries: { id: string }[] } }>(PUBLISH, { input: { type, payload } });
    return data.publishEvent;
  }

  async function deliveryOf(id: string) {
    return (await t.ok<DeliveryResult>(DELIVERY, { id })).delivery;
  }

  it('POSTs {type, timestamp, data, hook} signed with Standard Webhooks headers that standardwebhooks verifies', async () => {
    const { secret, webhook } = await createWebhook('/signed', { headers: [{ name: 'X-Tenant', value: 'acme' }] });
    const event = await publish();
    const [request] = await receiver.waitFor(1);
    expect(request.method).toBe('POST');
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      type: 'ticket.created',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { ticket: { id: 1, subject: 'Printer on fire' } },
      hook: { id: webhook.id, event: 'ticket.created', target: `${receiver.url}/signed` },
    });
    expect(request.headers['webhook-id']).toBe(event.deliveries[0].id);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^Conduit-Webhooks\//);
    expect(request.headers['x-tenant']).toBe('acme');
    const verified = new StandardWebhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(verified).toEqual(body);
    await waitUntil(async () => (await deliveryOf(event.deliveries[0].id)).status === 'SUCCEEDED');
    const delivery = await deliveryOf(event.deliveries[0].id);
    expect(delivery.attempts).toHaveLength(1);
    // The logged request body is exactly what was sent.
    expect(delivery.attempts[0].request.body).toBe(request.body);
  });

  it('retries a receiver that fails twice: exactly 3 attempts on the short schedule, same webhook-id each time', async () => {
    receiver.setBehaviour({ failFirst: 2, failStatus: 503 }, '/flaky');
    await createWebhook('/flaky', { retryPolicy: { schedule: [0.5, 0.5], timeoutMs: 2000 } });
    const event = await publish();
    const requests = await receiver.waitFor(3, 10_000);
    await waitUntil(async () => (await deliveryOf(event.deliveries[0].id)).status === 'SUCCEEDED', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // nothing more arrives
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.deliveries[0].id]));
    const gaps = [requests[1].receivedAt - requests[0].receivedAt, requests[2].receivedAt - requests[1].receivedAt];
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(400); // 0.5 s −20 % jitter
      expect(gap).toBeLessThan(1_500);
    }
    const delivery = await deliveryOf(event.deliveries[0].id);
    expect(delivery.attempts.map((a) => [a.number, a.outcome, a.response?.status, a.willRetry])).toEqual([
      [1, 'HTTP_ERROR', 503, true],
      [2, 'HTTP_ERROR', 503, true],
      [3, 'SUCCESS', 200, false],
    ]);
  });

  it('ends FAILED (dead letter) after the last attempt of the schedule', async () => {
    receiver.setBehaviour({ status: 500 }, '/down');
    await createWebhook('/down', { retryPolicy: { schedule: [0.2, 0.2], timeoutMs: 2000 } });
    const event = await publish();
    await waitUntil(async () => (await deliveryOf(event.deliveries[0].id)).status === 'FAILED', 10_000);
    const delivery = await deliveryOf(event.deliveries[0].id);
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((a) => a.outcome)).toEqual(['HTTP_ERROR', 'HTTP_ERROR', 'HTTP_ERROR']);
    expect(delivery.attempts[2].willRetry).toBe(false);
    const failed = await t.ok<{ deliveries: { items: { id: string }[] } }>(
      `query($f: DeliveryFilter) { deliveries(filter: $f) { items { id } } }`,
      { f: { status: ['FAILED'] } },
    );
    expect(failed.deliveries.items.map((d) => d.id)).toContain(event.deliveries[0].id);
  });

  it('does not retry a 4xx other than 408/429', async () => {
    receiver.setBehaviour({ status: 422 }, '/reject');
    await createWebhook('/reject', { retryPolicy: { schedule: [0.2, 0.2], timeoutMs: 2000 } });
    const event = await publish();
    await waitUntil(async () => (await deliveryOf(event.deliveries[0].id)).status === 'FAILED', 10_000);
    expect((await deliveryOf(event.deliveries[0].id)).attempts).toHaveLength(1);
  });
});

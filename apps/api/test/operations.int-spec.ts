import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, waitUntil, type TestApp } from './support/harness';

/** What an operator sees: Prometheus metrics and request ids in the logs. */

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }`;

/** The value of one sample line of the exposition text, e.g. `name{a="b"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operations', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await startReceiver({ paths: { '/down': { status: 500 } } });
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  async function scrape(): Promise<string> {
    const response = await fetch(`${t.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  }

  it('GET /metrics counts committed attempts by outcome with a latency histogram, open deliveries, queue lag and target health', async () => {
    await t.ok(CREATE, { input: { url: `${receiver.url}/up`, events: ['ticket.created'] } });
    // Fails and waits an hour before its retry: its deliveries stay open (RETRYING).
    await t.ok(CREATE, { input: { url: `${receiver.url}/down`, events: ['ticket.created'], retryPolicy: { schedule: [3600], timeoutMs: 2000 } } });
    for (let i = 0; i < 3; i++) await t.ok(PUBLISH, { input: { type: 'ticket.created', payload: { ticket: { id: i } } } });

    let text = '';
    await waitUntil(async () => {
      text = await scrape();
      return (sample(text, 'conduit_delivery_attempts_total{kind="webhook",outcome="SUCCESS"}') ?? 0) >= 3 &&
        (sample(text, 'conduit_delivery_attempts_total{kind="webhook",outcome="HTTP_ERROR"}') ?? 0) >= 3;
    }, 15_000, () => text.split('\n').filter((l) => l.startsWith('conduit_delivery_attempts_total')).join('\n'));

    expect(sample(text, 'conduit_delivery_attempts_total{kind="webhook",outcome="SUCCESS"}')).toBe(3);
    expect(sample(text, 'conduit_delivery_attempts_total{kind="webhook",outcome="HTTP_ERROR"}')).toBe(3);
    expect(sample(text, 'conduit_deliveries_completed_total{kind="webhook",status="SUCCEEDED"}')).toBe(3);
    expect(sample(text, 'conduit_delivery_attempt_duration_seconds_count{kind="webhook",outcome="SUCCESS"}')).toBe(3);
    expect(sample(text, 'conduit_delivery_attempt_duration_seconds_bucket{le="+Inf",kind="webhook",outcome="SUCCESS"}')).toBe(3);
    expect(sample(text, 'conduit_deliveries_open{status="RETRYING"}')).toBe(3);
    expect(sample(text, 'conduit_deliveries_open{status="PENDING"}')).toBe(0);
    expect(sample(text, 'conduit_deliveries_oldest_due_seconds')).toBe(0); // the retries are not due for an hour

    // Health gauges agree with what the API reports for the two webhooks.
    const { webhooks } = await t.ok<{ webhooks: { health: string }[] }>('{ webhooks { health } }');
    for (const health of ['HEALTHY', 'DEGRADED', 'FAILING', 'DISABLED']) {
      expect(sample(text, `conduit_targets{kind="webhook",health="${health}"}`)).toBe(webhooks.filter((w) => w.health === health).length);
    }
    expect(sample(text, 'conduit_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('every log line written for a request carries its X-Request-Id, and answers return it', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'platform-req-42' },
      body: JSON.stringify({ query: 'mutation { login(email: "nobody@example.com", password: "wrong password") { token } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('platform-req-42');
    const line = t.logs.map((l) => JSON.parse(l) as { msg: string; requestId?: string }).find((l) => l.msg === 'failed sign-in' && l.requestId === 'platform-req-42');
    expect(line).toBeDefined();

    // Without one (or with one that is not a sane id) the API makes its own.
    const own = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

import net from 'node:net';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, subscribe, type TestApp } from './support/harness';
import { startConduitProcess, type ConduitProcess } from './support/process';

describe('processes sharing one database', () => {
  let api: TestApp;
  let worker: ConduitProcess;
  let receiver: Receiver;
  let workerPort: number;

  beforeAll(async () => {
    // This process serves the API only; every attempt is made by the separate worker process.
    api = await startTestApp({ CONDUIT_ROLE: 'api' });
    receiver = await startReceiver();
    workerPort = await freePort();
    worker = startConduitProcess({
      CONDUIT_ROLE: 'worker',
      PORT: String(workerPort),
      DATABASE_URL: api.databaseUrl,
      CONDUIT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      CONDUIT_ALLOW_PRIVATE_TARGETS: '127.0.0.1/32',
    });
    await worker.waitForLog('worker started');
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
    await api?.stop();
  });

  it('an api process without a worker streams attempts made by a worker process within a second', async () => {
    expect(api.app.worker).toBeNull();
    const created = await api.ok<{ createWebhook: { webhook: { id: string } } }>(
      'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }',
      { i: { url: `${receiver.url}/from-worker`, events: ['ticket.created'] } },
    );
    const live = subscribe<{ deliveryAttempts: { deliveryId: string; outcome: string; startedAt: string } }>(
      api.ws(),
      'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { deliveryId outcome startedAt } }',
      { f: { webhookId: created.createWebhook.webhook.id } },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { publishEvent } = await api.ok<{ publishEvent: { deliveries: { id: string }[] } }>(
        'mutation($i: PublishEventInput!) { publishEvent(input: $i) { deliveries { id } } }',
        { i: { type: 'ticket.created', payload: { ticket: { id: i } } } },
      );
      ids.push(publishEvent.deliveries[0].id);
    }
    const messages = await live.waitFor(5, 5_000);
    const arrived = Date.now();
    expect(messages.map((m) => m.deliveryAttempts.deliveryId).sort()).toEqual([...ids].sort());
    for (const m of messages) {
      expect(m.deliveryAttempts.outcome).toBe('SUCCESS');
      expect(arrived - new Date(m.deliveryAttempts.startedAt).getTime()).toBeLessThan(1_500);
    }
    expect(receiver.requests.map((r) => r.headers['webhook-id']).sort()).toEqual([...ids].sort());
    live.stop();
  });

  it('the worker answers /healthz and stops cleanly on SIGTERM', async () => {
    expect(worker.output.join('')).toContain('"role":"worker"');
    const health = await fetch(`http://127.0.0.1:${workerPort}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${workerPort}/readyz`)).status).toBe(200);
    // The worker serves no GraphQL.
    expect((await fetch(`http://127.0.0.1:${workerPort}/graphql`, { method: 'POST' })).status).toBe(404);
    const code = await worker.stop('SIGTERM');
    expect(code).toBe(0);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

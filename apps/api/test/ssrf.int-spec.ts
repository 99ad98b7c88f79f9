import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, waitUntil, type TestApp } from './support/harness';
import { errorCodes, firstError } from './support/api';

/**
 * The SSRF guard end to end, through the API, as a deployment runs by default
 * (CONDUIT_ALLOW_PRIVATE_TARGETS unset): private, loopback, link-local, metadata and special
 * addresses in every spelling are refused when saved; names resolving to them are BLOCKED when
 * sent; redirects into private space are not followed. A receiver on loopback proves nothing
 * ever reached it.
 */

const CREATE_WEBHOOK = 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }';
const CREATE_ACTION = 'mutation($id: ID!, $i: ActionDefinitionInput!) { createAction(integrationId: $id, input: $i) { id } }';
const TEST_ACTION = 'mutation($id: ID!, $in: JSON!) { testAction(id: $id, inputs: $in) { result { ok errorCode error status } } }';

/** Literal addresses in every spelling the URL parser and the guard must see through. */
function literalTargets(port: number): [string, string][] {
  return [
    ['loopback', `http://127.0.0.1:${port}/x`],
    ['loopback, short form 127.1', `http://127.1:${port}/x`],
    ['loopback, decimal', `http://2130706433:${port}/x`],
    ['loopback, hex', `http://0x7f000001:${port}/x`],
    ['loopback, dotted hex', `http://0x7f.0x0.0x0.0x1:${port}/x`],
    ['loopback, octal', `http://0177.0.0.1:${port}/x`],
    ['loopback, octal whole', `http://017700000001:${port}/x`],
    ['loopback IPv6', `http://[::1]:${port}/x`],
    ['loopback IPv4-mapped IPv6', `http://[::ffff:127.0.0.1]:${port}/x`],
    ['unspecified 0.0.0.0', `http://0.0.0.0:${port}/x`],
    ['private 10/8', 'http://10.0.0.1/x'],
    ['private 172.16/12', 'http://172.16.5.4/x'],
    ['private 192.168/16', 'http://192.168.1.1/x'],
    ['carrier-grade NAT', 'http://100.64.0.1/x'],
    ['link-local / cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['metadata, decimal', 'http://2852039166/latest/meta-data/'],
    ['metadata, IPv4-mapped IPv6', 'http://[::ffff:169.254.169.254]/latest/meta-data/'],
    ['metadata, NAT64', 'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/'],
    ['AWS IPv6 metadata (unique-local)', 'http://[fd00:ec2::254]/latest/meta-data/'],
    ['IPv6 link-local', 'http://[fe80::1]/x'],
    ['multicast', 'http://224.0.0.1/x'],
  ];
}

describe('SSRF guard end to end (CONDUIT_ALLOW_PRIVATE_TARGETS unset)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let integrationId: string;

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_ALLOW_PRIVATE_TARGETS: '' });
    receiver = await startReceiver();
    const { createIntegration } = await t.ok<{ createIntegration: { id: string } }>('mutation { createIntegration(input: { name: "Internal", authScheme: NONE }) { id } }');
    integrationId = createIntegration.id;
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });
  afterEach(() => {
    // Whatever a test tried, nothing reached the receiver on loopback.
    expect(receiver.requests).toEqual([]);
  });

  it('refuses webhooks to private, loopback, link-local, metadata, IPv6-mapped, decimal, octal and hex addresses when saved, naming the setting', async () => {
    const accepted: string[] = [];
    for (const [name, url] of literalTargets(receiver.port)) {
      const result = await t.gql(CREATE_WEBHOOK, { i: { url, events: ['ticket.created'] } });
      if (!result.errors) accepted.push(`${name}: ${url}`);
      else {
        expect({ name, codes: errorCodes(result) }).toEqual({ name, codes: ['BAD_USER_INPUT'] });
        expect({ name, message: firstError(result).message }).toEqual({ name, message: expect.stringContaining('CONDUIT_ALLOW_PRIVATE_TARGETS') });
        expect(firstError(result).extensions?.field).toBe('url');
      }
    }
    expect(accepted).toEqual([]);
    const { webhooks } = await t.ok<{ webhooks: unknown[] }>('{ webhooks { id } }');
    expect(webhooks).toEqual([]);
  });

  it('refuses moving an existing webhook to a private address (updateWebhook)', async () => {
    // A public address is accepted (nothing is sent unless an event is published).
    const { createWebhook } = await t.ok<{ createWebhook: { webhook: { id: string } } }>(CREATE_WEBHOOK, { i: { url: 'https://hooks.example.com/in', events: ['nothing.matches.this'] } });
    for (const [name, url] of literalTargets(receiver.port)) {
      const result = await t.gql('mutation($id: ID!, $url: String!) { updateWebhook(id: $id, input: { url: $url }) { url } }', { id: createWebhook.webhook.id, url });
      expect({ name, codes: errorCodes(result) }).toEqual({ name, codes: ['BAD_USER_INPUT'] });
    }
    const { webhook } = await t.ok<{ webhook: { url: string } }>('query($id: ID!) { webhook(id: $id) { url } }', { id: createWebhook.webhook.id });
    expect(webhook.url).toBe('https://hooks.example.com/in');
    await t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: createWebhook.webhook.id });
  });

  it('a webhook to a host name that resolves to loopback is BLOCKED when sent (checked after DNS), not retried', async () => {
    for (const host of ['localhost', 'LocalHost']) {
      const created = await t.gql<{ createWebhook: { webhook: { id: string } } }>(CREATE_WEBHOOK, {
        i: { url: `http://${host}:${receiver.port}/by-name`, events: ['ticket.created'], retryPolicy: { schedule: [0.2], timeoutMs: 2_000 } },
      });
      if (created.errors) {
        // Refusing the name outright is as good.
        expect(errorCodes(created)).toEqual(['BAD_USER_INPUT']);
        continue;
      }
      const { publishEvent } = await t.ok<{ publishEvent: { deliveries: { id: string }[] } }>('mutation { publishEvent(input: { type: "ticket.created", payload: { n: 1 } }) { deliveries { id } } }');
      let delivery: { status: string; attempts: { outcome: string; error: string; willRetry: boolean }[] } | null = null;
      await waitUntil(async () => {
        delivery = (await t.ok<{ delivery: typeof delivery }>('query($id: ID!) { delivery(id: $id) { status attempts { outcome error willRetry } } }', { id: publishEvent.deliveries[0].id })).delivery;
        return delivery?.status === 'FAILED';
      }, 10_000, () => JSON.stringify(delivery));
      const d = delivery as unknown as { attempts: { outcome: string; error: string; willRetry: boolean }[] };
      expect(d.attempts.map((a) => [a.outcome, a.willRetry])).toEqual([['BLOCKED', false]]);
      expect(d.attempts[0].error).toMatch(/127\.0\.0\.1|loopback/);
      expect(d.attempts[0].error).toContain('CONDUIT_ALLOW_PRIVATE_TARGETS');
      await t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: created.data?.createWebhook.webhook.id });
    }
  });

  it('refuses actions with a private literal URL when saved, and BLOCKS one whose templated host or name resolves to private space', async () => {
    for (const [name, url] of literalTargets(receiver.port)) {
      const result = await t.gql(CREATE_ACTION, { id: integrationId, i: { name: 'Probe', request: { method: 'GET', url } } });
      expect({ name, codes: errorCodes(result) }).toEqual({ name, codes: ['BAD_USER_INPUT'] });
    }
    const { createAction } = await t.ok<{ createAction: { id: string } }>(CREATE_ACTION, {
      id: integrationId,
      i: { name: 'Templated host', inputs: [{ name: 'Host', key: 'host', type: 'STRING', required: true }], request: { method: 'GET', url: 'http://{{ input.host }}/probe' } },
    });
    // (A bracketed IPv6 host cannot come out of a template: it is refused as a TEMPLATE_ERROR.)
    for (const host of [`127.0.0.1:${receiver.port}`, `localhost:${receiver.port}`, '169.254.169.254', `2130706433:${receiver.port}`, `0x7f.1:${receiver.port}`]) {
      const { testAction } = await t.ok<{ testAction: { result: { ok: boolean; errorCode: string; error: string } } }>(TEST_ACTION, { id: createAction.id, in: { host } });
      expect({ host, ok: testAction.result.ok, code: testAction.result.errorCode }).toEqual({ host, ok: false, code: 'BLOCKED' });
    }
  });
});

describe('SSRF guard: redirects into private space', () => {
  let t: TestApp;
  let inside: Receiver;
  let allowed: Receiver;

  beforeAll(async () => {
    // Only 127.0.0.2 is opened, standing for a public receiver; 127.0.0.1 stands for private space.
    t = await startTestApp({ CONDUIT_ALLOW_PRIVATE_TARGETS: '127.0.0.2/32' });
    inside = await startReceiver();
    allowed = await startReceiver({
      host: '127.0.0.2',
      paths: {
        '/to-private': { status: 302, location: `http://127.0.0.1:${inside.port}/secret` },
        '/to-metadata': { status: 307, location: 'http://169.254.169.254/latest/meta-data/iam/' },
        '/to-name': { status: 301, location: `http://localhost:${inside.port}/secret` },
      },
    });
  });
  afterAll(async () => {
    await inside?.close();
    await allowed?.close();
    await t?.stop();
  });

  it('a webhook redirected to loopback, metadata or a private name is not followed: one HTTP_ERROR 3xx, nothing reaches private space', async () => {
    const ids: string[] = [];
    for (const path of ['/to-private', '/to-metadata', '/to-name']) {
      await t.ok(CREATE_WEBHOOK, { i: { url: `${allowed.url}${path}`, events: ['ticket.created'], filter: { path } } });
      const { publishEvent } = await t.ok<{ publishEvent: { deliveries: { id: string }[] } }>('mutation($p: JSON!) { publishEvent(input: { type: "ticket.created", payload: $p }) { deliveries { id } } }', { p: { path } });
      ids.push(publishEvent.deliveries[0].id);
    }
    for (const id of ids) {
      let d: { status: string; attempts: { outcome: string; error: string; response: { status: number } | null }[] } | null = null;
      await waitUntil(async () => {
        d = (await t.ok<{ delivery: typeof d }>('query($id: ID!) { delivery(id: $id) { status attempts { outcome error response { status } } } }', { id })).delivery;
        return d?.status === 'FAILED';
      }, 10_000, () => JSON.stringify(d));
      const delivery = d as unknown as { attempts: { outcome: string; error: string; response: { status: number } | null }[] };
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0].outcome).toBe('HTTP_ERROR');
      expect(delivery.attempts[0].error).toMatch(/redirects are not followed/);
    }
    expect(allowed.requests).toHaveLength(3);
    expect(inside.requests).toEqual([]);
  });

  it('an action redirected into private space is not followed either, and the allow-list opens only what it names', async () => {
    const { createIntegration } = await t.ok<{ createIntegration: { id: string } }>('mutation { createIntegration(input: { name: "Redirecting", authScheme: NONE }) { id } }');
    const { createAction } = await t.ok<{ createAction: { id: string } }>(CREATE_ACTION, { id: createIntegration.id, i: { name: 'Follow me', request: { method: 'GET', url: `${allowed.url}/to-private` } } });
    const { testAction } = await t.ok<{ testAction: { result: { ok: boolean; status: number } } }>(TEST_ACTION, { id: createAction.id, in: {} });
    expect(testAction.result).toMatchObject({ ok: false, status: 302 });
    // 127.0.0.1 is not in the allow-list: still refused.
    expect(errorCodes(await t.gql(CREATE_WEBHOOK, { i: { url: `${inside.url}/secret`, events: ['ticket.created'] } }))).toEqual(['BAD_USER_INPUT']);
    expect(inside.requests).toEqual([]);
  });
});

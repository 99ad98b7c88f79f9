import zlib from 'node:zlib';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { STANDARD_EVENT_TYPES } from '@conduit/shared';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/harness';
import { createApiKey, errorCodes, firstError, http, type CreatedKey } from './support/api';

const PUBLISH = 'mutation($input: PublishEventInput!) { publishEvent(input: $input) { id type payload idempotencyKey occurredAt deliveries { id } } }';
const EVENTS = 'query($type: String, $first: Int, $after: String) { events(type: $type, first: $first, after: $after) { id type } }';
const REGISTER = 'mutation($input: EventTypeInput!) { registerEventType(input: $input) { name description example schema } }';

interface PublishedEvent {
  id: string;
  type: string;
  payload: unknown;
  idempotencyKey: string | null;
  occurredAt: string;
  deliveries: { id: string }[];
}

describe('events: publishing, the catalogue and REST ingestion', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhookId: string;
  let developer: CreatedKey;
  let viewer: CreatedKey;

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await startReceiver();
    const created = await t.ok<{ createWebhook: { webhook: { id: string } } }>(
      'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }',
      { input: { url: `${receiver.url}/events`, events: ['ticket.*'] } },
    );
    webhookId = created.createWebhook.webhook.id;
    developer = await createApiKey(t, 'DEVELOPER');
    viewer = await createApiKey(t, 'VIEWER');
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  function publish(input: Record<string, unknown>, token?: string): Promise<GraphQLResponse<{ publishEvent: PublishedEvent }>> {
    return t.gql<{ publishEvent: PublishedEvent }>(PUBLISH, { input }, token);
  }

  async function countRows(table: 'events' | 'deliveries'): Promise<number> {
    const [row] = (await t.app.services.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
    return row.n;
  }

  async function deliveriesOfWebhook(): Promise<number> {
    const [row] = (await t.app.services.db.query('SELECT count(*)::int AS n FROM deliveries WHERE webhook_id = $1', [webhookId])) as { n: number }[];
    return row.n;
  }

  function postEvent(body: string, token: string | null, contentType = 'application/json') {
    return http(t, '/v1/events', {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  }

  describe('publishEvent validation', () => {
    it('refuses an unknown type with BAD_USER_INPUT naming close matches in the message and extensions.suggestions, storing nothing', async () => {
      const before = await countRows('events');
      const result = await publish({ type: 'ticket.craeted', payload: { ticket: { id: 1 } } });
      const error = firstError(result);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('Unknown event type "ticket.craeted"');
      expect(error.message).toContain('Did you mean "ticket.created"');
      expect(error.extensions?.suggestions).toEqual(expect.arrayContaining(['ticket.created']));
      expect((error.extensions?.suggestions as string[])[0]).toBe('ticket.created');
      expect(await countRows('events')).toBe(before);
    });

    it('explains how to publish a type that resembles nothing in the catalogue', async () => {
      const error = firstError(await publish({ type: 'zzqx.wvut', payload: {} }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', suggestions: [] });
      expect(error.message).toMatch(/registerEventType/);
      expect(error.message).toMatch(/event\.emit\.<name>/);
    });

    it('refuses a payload over 256 kB and accepts one just under it', async () => {
      const before = await countRows('events');
      const tooBig = await publish({ type: 'ticket.created', payload: { blob: 'x'.repeat(256 * 1024) } });
      expect(errorCodes(tooBig)).toEqual(['BAD_USER_INPUT']);
      expect(firstError(tooBig).message).toMatch(/256 kB/);
      expect(await countRows('events')).toBe(before);

      const justUnder = await publish({ type: 'contact.created', payload: { blob: 'x'.repeat(256 * 1024 - 20) } });
      expect(justUnder.errors).toBeUndefined();
      expect(await countRows('events')).toBe(before + 1);
    });

    it('refuses a payload that is not a JSON object (array, string, number, null)', async () => {
      const before = await countRows('events');
      for (const payload of [[1, 2], 'text', 42, true]) {
        const result = await publish({ type: 'ticket.created', payload });
        expect({ payload, codes: errorCodes(result) }).toEqual({ payload, codes: ['BAD_USER_INPUT'] });
        expect(firstError(result).message).toMatch(/payload must be a JSON object/);
      }
      expect(errorCodes(await publish({ type: 'ticket.created', payload: null }))).toEqual(['BAD_USER_INPUT']);
      expect(await countRows('events')).toBe(before);
    });
  });

  describe('idempotency', () => {
    it('returns the first event for a repeated idempotencyKey and creates no new deliveries', async () => {
      const first = await t.ok<{ publishEvent: PublishedEvent }>(PUBLISH, { input: { type: 'ticket.created', payload: { n: 1 }, idempotencyKey: 'order-1001' } });
      expect(first.publishEvent.idempotencyKey).toBe('order-1001');
      expect(first.publishEvent.deliveries).toHaveLength(1);
      const deliveriesBefore = await deliveriesOfWebhook();
      const eventsBefore = await countRows('events');

      const again = await t.ok<{ publishEvent: PublishedEvent }>(PUBLISH, { input: { type: 'ticket.created', payload: { n: 2 }, idempotencyKey: 'order-1001' } });
      expect(again.publishEvent.id).toBe(first.publishEvent.id);
      expect(again.publishEvent.payload).toEqual({ n: 1 });
      expect(again.publishEvent.deliveries.map((d) => d.id)).toEqual(first.publishEvent.deliveries.map((d) => d.id));
      expect(await deliveriesOfWebhook()).toBe(deliveriesBefore);
      expect(await countRows('events')).toBe(eventsBefore);
    });

    it('concurrent publishes with the same key yield one event and one delivery', async () => {
      const deliveriesBefore = await deliveriesOfWebhook();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => t.ok<{ publishEvent: PublishedEvent }>(PUBLISH, { input: { type: 'ticket.updated', payload: { i }, idempotencyKey: 'burst-7' } })),
      );
      expect(new Set(results.map((r) => r.publishEvent.id)).size).toBe(1);
      expect(await deliveriesOfWebhook()).toBe(deliveriesBefore + 1);
    });

    it('the same key in another workspace is a different event', async () => {
      const first = await t.ok<{ publishEvent: PublishedEvent }>(PUBLISH, { input: { type: 'contact.created', payload: {}, idempotencyKey: 'shared-key' } });
      const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Other team") { token } }');
      const other = await t.ok<{ publishEvent: PublishedEvent }>(PUBLISH, { input: { type: 'contact.created', payload: {}, idempotencyKey: 'shared-key' } }, createWorkspace.token);
      expect(other.publishEvent.id).not.toBe(first.publishEvent.id);
    });
  });

  describe('the event catalogue', () => {
    it('registerEventType refuses an invalid name with a message that says what is wrong and states the rule', async () => {
      const cases: [string, RegExp][] = [
        ['Billing.Invoice', /uppercase letters in segment "Billing"/],
        ['billing..paid', /empty segment/],
        ['billing.*', /wildcard/],
        ['billing.invoice paid', /character " "/],
        ['', /is empty/],
      ];
      for (const [name, problem] of cases) {
        const result = await t.gql(REGISTER, { input: { name } });
        expect({ name, codes: errorCodes(result) }).toEqual({ name, codes: ['BAD_USER_INPUT'] });
        expect(firstError(result).message).toMatch(problem);
        expect(firstError(result).message).toMatch(/dot-separated segments/);
        expect(firstError(result).extensions?.field).toBe('name');
      }
      const { eventTypes } = await t.ok<{ eventTypes: { name: string }[] }>('{ eventTypes { name } }');
      expect(eventTypes).toHaveLength(STANDARD_EVENT_TYPES.length);
    });

    it('registerEventType cannot redefine a standard type (CONFLICT) and leaves it unchanged', async () => {
      const standard = STANDARD_EVENT_TYPES.find((e) => e.name === 'ticket.created');
      const result = await t.gql(REGISTER, { input: { name: 'ticket.created', description: 'hijacked', example: { x: 1 } } });
      expect(errorCodes(result)).toEqual(['CONFLICT']);
      expect(firstError(result).message).toMatch(/standard event type/);
      const { eventTypes } = await t.ok<{ eventTypes: { name: string; description: string; example: unknown }[] }>('{ eventTypes { name description example } }');
      expect(eventTypes.find((e) => e.name === 'ticket.created')).toEqual({ name: 'ticket.created', description: standard?.description, example: standard?.example });
    });

    it('a registered type is listed and can then be published (and not before)', async () => {
      const before = await publish({ type: 'billing.invoice.paid', payload: { amount: 10 } });
      expect(errorCodes(before)).toEqual(['BAD_USER_INPUT']);

      const schema = { type: 'object', properties: { amount: { type: 'number' } } };
      const { registerEventType } = await t.ok<{ registerEventType: { name: string; description: string; example: unknown; schema: unknown } }>(REGISTER, {
        input: { name: 'billing.invoice.paid', description: 'An invoice was paid.', example: { amount: 42 }, schema },
      });
      expect(registerEventType).toEqual({ name: 'billing.invoice.paid', description: 'An invoice was paid.', example: { amount: 42 }, schema });
      const { eventTypes } = await t.ok<{ eventTypes: { name: string; description: string }[] }>('{ eventTypes { name description } }');
      expect(eventTypes.find((e) => e.name === 'billing.invoice.paid')?.description).toBe('An invoice was paid.');

      const after = await publish({ type: 'billing.invoice.paid', payload: { amount: 10 } });
      expect(after.errors).toBeUndefined();
      expect(after.data?.publishEvent).toMatchObject({ type: 'billing.invoice.paid', payload: { amount: 10 } });
      // A typo of the registered type is now suggested.
      const typo = firstError(await publish({ type: 'billing.invoice.piad', payload: {} }));
      expect(typo.extensions?.suggestions).toEqual(expect.arrayContaining(['billing.invoice.paid']));
    });

    it('registerEventType refuses a schema that is not a JSON Schema object', async () => {
      const result = await t.gql(REGISTER, { input: { name: 'billing.refund', schema: ['not', 'an', 'object'] } });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(firstError(result).extensions?.field).toBe('schema');
    });

    it('accepts custom event.emit.<anything> types without registration, but not malformed ones', async () => {
      for (const type of ['event.emit.typing', 'event.emit.typing.start', 'event.emit.order_shipped-v2']) {
        const result = await publish({ type, payload: { ok: true } });
        expect({ type, errors: result.errors ?? [] }).toEqual({ type, errors: [] });
        expect(result.data?.publishEvent.type).toBe(type);
      }
      for (const type of ['event.emit.', 'event.emit.Typing', 'event.emit..x']) {
        expect({ type, codes: errorCodes(await publish({ type, payload: {} })) }).toEqual({ type, codes: ['BAD_USER_INPUT'] });
      }
    });
  });

  describe('REST ingestion: POST /v1/events', () => {
    it('accepts an event with an API key: 202 {id, deliveries}, stored and fanned out', async () => {
      const response = await postEvent(JSON.stringify({ type: 'ticket.created', payload: { ticket: { id: 77 } } }), developer.secret);
      expect(response.status).toBe(202);
      const body = response.json as { id: string; deliveries: number };
      expect(body).toMatchObject({ id: expect.any(String), deliveries: 1 });
      const stored = await t.ok<{ event: { type: string; payload: unknown; deliveries: { id: string }[] } }>('query($id: ID!) { event(id: $id) { type payload deliveries { id } } }', { id: body.id });
      expect(stored.event).toMatchObject({ type: 'ticket.created', payload: { ticket: { id: 77 } } });
      expect(stored.event.deliveries).toHaveLength(1);
    });

    it('a repeated idempotencyKey returns the same id with no new deliveries', async () => {
      const body = JSON.stringify({ type: 'ticket.updated', payload: { v: 1 }, idempotencyKey: 'rest-1' });
      const first = await postEvent(body, developer.secret);
      expect(first.status).toBe(202);
      const second = await postEvent(body, developer.secret);
      expect(second.status).toBeLessThan(300);
      expect(second.json).toMatchObject({ id: (first.json as { id: string }).id, deliveries: 0 });
    });

    it('answers 401 with a JSON error for a missing or bad key', async () => {
      const before = await countRows('events');
      for (const token of [null, 'cdk_abcdefgh_wrong', 'not-even-a-key']) {
        const response = await postEvent(JSON.stringify({ type: 'ticket.created', payload: {} }), token);
        expect({ token, status: response.status }).toEqual({ token, status: 401 });
        expect(response.headers.get('content-type')).toMatch(/application\/json/);
        expect(response.json).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
      }
      expect(await countRows('events')).toBe(before);
    });

    it('answers 403 to a VIEWER key and stores nothing', async () => {
      const before = await countRows('events');
      const response = await postEvent(JSON.stringify({ type: 'ticket.created', payload: {} }), viewer.secret);
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/DEVELOPER/) } });
      expect(await countRows('events')).toBe(before);
    });

    it('answers 400 with a JSON error to a body that is not valid JSON, or lacks a type', async () => {
      const badJson = await postEvent('{"type": "ticket.created", "payload": {', developer.secret);
      expect(badJson.status).toBe(400);
      expect(badJson.json).toMatchObject({ error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/not valid JSON/) } });
      const noType = await postEvent(JSON.stringify({ payload: {} }), developer.secret);
      expect(noType.status).toBe(400);
      expect(noType.json).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'type' } });
    });

    it('answers 400 naming close matches for an unknown type', async () => {
      const response = await postEvent(JSON.stringify({ type: 'ticket.craeted', payload: {} }), developer.secret);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: { code: 'BAD_USER_INPUT', suggestions: expect.arrayContaining(['ticket.created']) } });
    });

    it('answers 400 to a payload over 256 kB and 413 to a body far over it', async () => {
      const before = await countRows('events');
      const overPayload = await postEvent(JSON.stringify({ type: 'ticket.created', payload: { blob: 'x'.repeat(260 * 1024) } }), developer.secret);
      expect(overPayload.status).toBe(400);
      expect(overPayload.json).toMatchObject({ error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/256 kB/) } });
      const hugeBody = await postEvent(JSON.stringify({ type: 'ticket.created', payload: { blob: 'x'.repeat(2 * 1024 * 1024) } }), developer.secret);
      expect(hugeBody.status).toBe(413);
      expect(hugeBody.json).toMatchObject({ error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/too large/) } });
      expect(await countRows('events')).toBe(before);
    });
    it('reads the body as express.json() did: gzip, deflate and br, JSON content types, the request id; 415, 400 and 413 for what it cannot take, storing nothing', async () => {
      const event = JSON.stringify({ type: 'ticket.created', payload: { ticket: { id: 'compressed' } } });
      const post = (path: string, headers: Record<string, string>, body: Buffer | string) =>
        fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${developer.secret}`, ...headers }, body });
      const compressions = [
        ['gzip', zlib.gzipSync],
        ['deflate', zlib.deflateSync],
        ['br', zlib.brotliCompressSync],
      ] as const;
      for (const [encoding, compress] of compressions) {
        const response = await post('/v1/events?from=test', { 'content-type': 'application/json', 'content-encoding': encoding, 'x-request-id': `ingest-${encoding}` }, compress(Buffer.from(event)));
        expect({ encoding, status: response.status }).toEqual({ encoding, status: 202 });
        expect(response.headers.get('x-request-id')).toBe(`ingest-${encoding}`);
        expect(await response.json()).toMatchObject({ id: expect.any(String), deliveries: 1, duplicate: false });
      }
      expect((await post('/v1/events/', { 'content-type': 'application/vnd.acme+json; charset=UTF-8' }, event)).status).toBe(202);

      const before = await countRows('events');
      const refused = async (headers: Record<string, string>, body: Buffer | string) => {
        const response = await post('/v1/events', headers, body);
        return { status: response.status, id: response.headers.get('x-request-id'), body: (await response.json()) as { error: { code: string; message: string; field?: string } } };
      };
      const latin1 = await refused({ 'content-type': 'application/json; charset=iso-8859-1' }, event);
      expect(latin1).toMatchObject({ status: 415, id: expect.any(String), body: { error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/UTF-8/) } } });
      expect(await refused({ 'content-type': 'application/json', 'content-encoding': 'zstd' }, event)).toMatchObject({ status: 415 });
      const corrupt = await refused({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from('not gzip at all'));
      expect(corrupt).toMatchObject({ status: 400, body: { error: { code: 'BAD_USER_INPUT' } } });
      // The limit applies to what the body inflates to (300 kB), not to the bytes sent.
      const bomb = zlib.gzipSync(Buffer.from(JSON.stringify({ type: 'ticket.created', payload: { blob: ' '.repeat(2 * 1024 * 1024) } })));
      expect(bomb.length).toBeLessThan(10_000);
      expect(await refused({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb)).toMatchObject({ status: 413, body: { error: { message: expect.stringMatching(/too large/) } } });
      expect(await refused({ 'content-type': 'application/json' }, '"ticket.created"')).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/not valid JSON/) } } });
      expect(await refused({ 'content-type': 'text/plain' }, event)).toMatchObject({ status: 400, body: { error: { field: 'type' } } });
      expect(await refused({}, event)).toMatchObject({ status: 400, body: { error: { field: 'type' } } });
      expect(await countRows('events')).toBe(before);
    });
  });

  describe('health endpoints', () => {
    it('/healthz and /readyz answer 200 without authentication', async () => {
      const healthz = await http(t, '/healthz');
      expect(healthz.status).toBe(200);
      expect(healthz.json).toEqual({ status: 'ok' });
      const readyz = await http(t, '/readyz');
      expect(readyz.status).toBe(200);
      expect(readyz.json).toEqual({ status: 'ready' });
    });
  });

  describe('events(type, first, after)', () => {
    async function page(type: string | null, first: number, after: string | null): Promise<{ id: string; type: string }[]> {
      return (await t.ok<{ events: { id: string; type: string }[] }>(EVENTS, { type, first, after })).events;
    }

    async function allPages(type: string, first: number): Promise<string[][]> {
      const pages: string[][] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i++) {
        const items = await page(type, first, after);
        if (items.length === 0) break;
        expect(items.every((e) => e.type === type)).toBe(true);
        pages.push(items.map((e) => e.id));
        after = items[items.length - 1].id;
      }
      return pages;
    }

    it('pages newest first by type, each event exactly once', async () => {
      const published: string[] = [];
      for (let i = 0; i < 5; i++) {
        published.push((await t.ok<{ publishEvent: PublishedEvent }>(PUBLISH, { input: { type: 'department.created', payload: { i } } })).publishEvent.id);
        await t.ok(PUBLISH, { input: { type: 'department.updated', payload: { i } } });
      }
      const pages = await allPages('department.created', 2);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual([...published].reverse());
    });

    it('does not skip events that occurred within the same millisecond as the page boundary', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await t.ok<{ publishEvent: PublishedEvent }>(PUBLISH, { input: { type: 'bot.created', payload: { i } } })).publishEvent.id);
      // Under load many events share a millisecond; timestamps keep microseconds.
      await t.app.services.db.query(
        `UPDATE events SET occurred_at = timestamptz '2031-05-04 10:00:00.123000+00' + (array_position($1::uuid[], id) * interval '10 microseconds') WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const pages = await allPages('bot.created', 2);
      expect(pages.flat()).toEqual([...ids].reverse());
    });

    it('refuses an `after` that is not an event of this workspace', async () => {
      for (const after of ['00000000-0000-4000-8000-000000000000', 'nope']) {
        const result = await t.gql(EVENTS, { type: null, first: 2, after });
        expect({ after, codes: errorCodes(result) }).toEqual({ after, codes: ['BAD_USER_INPUT'] });
      }
    });
  });
});

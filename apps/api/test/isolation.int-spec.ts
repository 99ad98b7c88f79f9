import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { ADMIN_PASSWORD, startTestApp, subscribe, waitUntil, type TestApp } from './support/harness';
import { createApiKey, errorCodes, firstError, pause, type CreatedKey } from './support/api';

const CREATE_WEBHOOK = 'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id secretHint } } }';
const PUBLISH = 'mutation($input: PublishEventInput!) { publishEvent(input: $input) { id deliveries { id } } }';
const ATTEMPTS_SUBSCRIPTION = 'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { id deliveryId outcome delivery { id } } }';
const WEBHOOK_STATE = 'query($id: ID!) { webhook(id: $id) { id url description enabled secretHint headers { name value } } }';

/** Everything a user could read about one workspace, in one request. */
const EVERYTHING = `{
  viewer { role workspace { id } }
  webhooks { id url description headers { name value } secretHint enabled }
  events(first: 500) { id type payload deliveries { id } }
  deliveries(first: 500) { items { id status webhook { id headers { name value } } event { id type payload }
    attempts { id outcome request { method url headers { name value } body } response { status body headers { name value } } error } } }
}`;

interface Workspace {
  token: string;
  id: string;
  webhookId: string;
  /** A second webhook, disabled, to prove enableWebhook changes nothing across workspaces. */
  disabledWebhookId: string;
  /** A webhook whose receiver answers 422, so its delivery ends FAILED (retry/recover would reopen it). */
  failingWebhookId: string;
  secret: string;
  eventId: string;
  deliveryId: string;
  failedDeliveryId: string;
  apiKey: CreatedKey;
}

interface Everything {
  viewer: { role: string; workspace: { id: string } };
  webhooks: { id: string; headers: { name: string; value: string }[] }[];
  events: { id: string }[];
  deliveries: { items: { id: string; attempts: { request: { headers: { name: string; value: string }[] } }[] }[] };
}

describe('workspace isolation, roles and secrets', () => {
  let t: TestApp;
  let receiver: Receiver;
  let a: Workspace;
  let b: Workspace;
  /** Every secret the tests saw; none may appear in a log line. */
  const secrets: string[] = [];

  async function settled(): Promise<void> {
    await waitUntil(async () => {
      const [row] = (await t.app.services.db.query("SELECT count(*)::int AS n FROM deliveries WHERE status IN ('PENDING','RETRYING')")) as { n: number }[];
      return row.n === 0;
    }, 10_000);
  }

  async function setUpWorkspace(token: string, label: string): Promise<Workspace> {
    const { viewer } = await t.ok<{ viewer: { workspace: { id: string } } }>('{ viewer { workspace { id } } }', {}, token);
    const created = await t.ok<{ createWebhook: { secret: string; webhook: { id: string } } }>(
      CREATE_WEBHOOK,
      {
        input: {
          url: `${receiver.url}/${label}`,
          events: ['ticket.*'],
          description: `${label} main`,
          headers: [
            { name: 'Authorization', value: 'Bearer xyz' },
            { name: 'X-Tenant', value: label },
          ],
        },
      },
      token,
    );
    const disabled = await t.ok<{ createWebhook: { webhook: { id: string } } }>(CREATE_WEBHOOK, { input: { url: `${receiver.url}/${label}-off`, events: ['contact.*'] } }, token);
    await t.ok('mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: disabled.createWebhook.webhook.id }, token);
    const failing = await t.ok<{ createWebhook: { webhook: { id: string } } }>(
      CREATE_WEBHOOK,
      { input: { url: `${receiver.url}/${label}-reject`, events: ['ticket.*'], retryPolicy: { schedule: [], timeoutMs: 2000 } } },
      token,
    );
    const event = await t.ok<{ publishEvent: { id: string; deliveries: { id: string }[] } }>(PUBLISH, { input: { type: 'ticket.created', payload: { ticket: { id: label } } } }, token);
    await settled();
    const rows = (await t.app.services.db.query('SELECT id, webhook_id AS "webhookId", status FROM deliveries WHERE event_id = $1', [event.publishEvent.id])) as {
      id: string;
      webhookId: string;
      status: string;
    }[];
    const delivered = rows.find((r) => r.webhookId === created.createWebhook.webhook.id);
    const failed = rows.find((r) => r.webhookId === failing.createWebhook.webhook.id);
    expect([delivered?.status, failed?.status]).toEqual(['SUCCEEDED', 'FAILED']);
    const apiKey = await createApiKey(t, 'DEVELOPER', token, `${label} key`);
    secrets.push(created.createWebhook.secret, apiKey.secret, token);
    return {
      token,
      id: viewer.workspace.id,
      webhookId: created.createWebhook.webhook.id,
      disabledWebhookId: disabled.createWebhook.webhook.id,
      failingWebhookId: failing.createWebhook.webhook.id,
      secret: created.createWebhook.secret,
      eventId: event.publishEvent.id,
      deliveryId: delivered?.id ?? '',
      failedDeliveryId: failed?.id ?? '',
      apiKey,
    };
  }

  /** The rows a mutation could touch, to prove that a refused one wrote nothing. */
  async function snapshot(): Promise<string> {
    const tables = ['workspaces', 'memberships', 'users', 'api_keys', 'event_types', 'events', 'webhooks', 'deliveries', 'delivery_attempts', 'automations', 'context_records', 'flows', 'flow_runs'];
    const parts: string[] = [];
    for (const table of tables) {
      const rows: unknown[] = await t.app.services.db.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
      parts.push(`${table}: ${JSON.stringify(rows)}`);
    }
    return parts.join('\n');
  }

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await startReceiver({ paths: { '/A-reject': { status: 422 }, '/B-reject': { status: 422 } } });
    secrets.push(t.ownerToken, ADMIN_PASSWORD);
    const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Workspace B") { token } }');
    a = await setUpWorkspace(t.ownerToken, 'A');
    b = await setUpWorkspace(createWorkspace.token, 'B');
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  describe('across workspaces', () => {
    it('reads of another workspace\'s webhook, delivery or event answer NOT_FOUND, exactly as for an id that does not exist', async () => {
      const reads: [string, string, string][] = [
        ['webhook', 'query($id: ID!) { webhook(id: $id) { id url } }', a.webhookId],
        ['delivery', 'query($id: ID!) { delivery(id: $id) { id status } }', a.deliveryId],
        ['event', 'query($id: ID!) { event(id: $id) { id payload } }', a.eventId],
      ];
      for (const [field, query, foreignId] of reads) {
        const foreign = await t.gql<Record<string, unknown>>(query, { id: foreignId }, b.token);
        const own = await t.gql<Record<string, unknown>>(query, { id: foreignId }, a.token);
        const missing = await t.gql<Record<string, unknown>>(query, { id: field === 'delivery' ? 'msg_00000000000000000000000000' : '00000000-0000-4000-8000-000000000000' }, b.token);
        expect({ field, value: own.data?.[field] }).toEqual({ field, value: expect.objectContaining({ id: foreignId }) });
        expect({ field, value: foreign.data?.[field] ?? null }).toEqual({ field, value: null });
        expect({ field, errors: errorCodes(foreign) }).toEqual({ field, errors: ['NOT_FOUND'] });
        expect({ field, errors: errorCodes(missing) }).toEqual({ field, errors: ['NOT_FOUND'] });
        // Nothing of the other workspace's row shows, only the id the caller sent.
        expect(JSON.stringify(foreign)).not.toMatch(/receiver|payload|status/);
      }
    });

    it('writes to another workspace\'s webhooks, deliveries, events and API keys answer NOT_FOUND and change nothing', async () => {
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const writes: [string, string, Record<string, unknown>][] = [
        ['updateWebhook', 'mutation($id: ID!) { updateWebhook(id: $id, input: { description: "pwned", url: "http://127.0.0.1:9/x" }) { id } }', { id: a.webhookId }],
        ['deleteWebhook', 'mutation($id: ID!) { deleteWebhook(id: $id) }', { id: a.webhookId }],
        ['rotateWebhookSecret', 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: a.webhookId }],
        ['disableWebhook', 'mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: a.webhookId }],
        ['enableWebhook', 'mutation($id: ID!) { enableWebhook(id: $id) { id } }', { id: a.disabledWebhookId }],
        ['sendTestEvent', 'mutation($id: ID!) { sendTestEvent(webhookId: $id) { id } }', { id: a.webhookId }],
        ['retryDelivery', 'mutation($id: ID!) { retryDelivery(id: $id) { id } }', { id: a.failedDeliveryId }],
        ['replayEvent', 'mutation($id: ID!) { replayEvent(eventId: $id) { id } }', { id: a.eventId }],
        ['replayEvent to a foreign webhook', 'mutation($e: ID!, $w: ID!) { replayEvent(eventId: $e, webhookId: $w) { id } }', { e: b.eventId, w: a.webhookId }],
        ['recoverDeliveries', 'mutation($id: ID!, $s: DateTime!) { recoverDeliveries(webhookId: $id, since: $s) }', { id: a.failingWebhookId, s: since }],
        ['revokeApiKey', 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: a.apiKey.id }],
      ];
      const before = await snapshot();
      for (const [name, query, variables] of writes) {
        const result = await t.gql(query, variables, b.token);
        expect({ name, codes: errorCodes(result), data: result.data ?? null }).toEqual({ name, codes: ['NOT_FOUND'], data: null });
      }
      await pause(200); // a write that slipped through would have woken the dispatcher by now
      expect(await snapshot()).toBe(before);
      // A's key still works.
      expect((await t.gql('{ viewer { role } }', {}, a.apiKey.secret)).errors).toBeUndefined();
    });

    it('lists (webhooks, deliveries, events, apiKeys) show only the caller\'s workspace', async () => {
      const idsOf = async (token: string) => {
        const data = await t.ok<Everything & { apiKeys: { id: string }[] }>(`{ apiKeys { id } ${EVERYTHING.slice(1, -1)} }`, {}, token);
        return {
          webhooks: data.webhooks.map((w) => w.id),
          events: data.events.map((e) => e.id),
          deliveries: data.deliveries.items.map((d) => d.id),
          apiKeys: data.apiKeys.map((k) => k.id),
        };
      };
      const [seenByA, seenByB] = [await idsOf(a.token), await idsOf(b.token)];
      expect(seenByA.webhooks.sort()).toEqual([a.webhookId, a.disabledWebhookId, a.failingWebhookId].sort());
      expect(seenByB.webhooks.sort()).toEqual([b.webhookId, b.disabledWebhookId, b.failingWebhookId].sort());
      expect(seenByA.events).toContain(a.eventId);
      expect(seenByA.deliveries).toEqual(expect.arrayContaining([a.deliveryId, a.failedDeliveryId]));
      expect(seenByA.apiKeys).toContain(a.apiKey.id);
      for (const [mine, theirs] of [
        [seenByA, seenByB],
        [seenByB, seenByA],
      ]) {
        for (const list of ['webhooks', 'events', 'deliveries', 'apiKeys'] as const) {
          expect({ list, shared: mine[list].filter((id) => theirs[list].includes(id)) }).toEqual({ list, shared: [] });
        }
      }
      // Filtering by the other workspace's ids finds nothing either.
      for (const filter of [{ webhookId: a.webhookId }, { eventId: a.eventId }]) {
        const page = await t.ok<{ deliveries: { items: unknown[] } }>('query($f: DeliveryFilter) { deliveries(filter: $f) { items { id } } }', { f: filter }, b.token);
        expect({ filter, items: page.deliveries.items }).toEqual({ filter, items: [] });
      }
    });

    it('event types registered in one workspace are unknown in the other', async () => {
      await t.ok('mutation { registerEventType(input: { name: "billing.invoice.paid" }) { name } }', {}, b.token);
      const { eventTypes } = await t.ok<{ eventTypes: { name: string }[] }>('{ eventTypes { name } }', {}, a.token);
      expect(eventTypes.map((e) => e.name)).not.toContain('billing.invoice.paid');
      const result = await t.gql(PUBLISH, { input: { type: 'billing.invoice.paid', payload: {} } }, a.token);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(firstError(result).extensions?.suggestions).not.toContain('billing.invoice.paid');
    });

    it('a deliveryAttempts subscriber in workspace B receives nothing from workspace A\'s attempts', async () => {
      const inA = subscribe<{ deliveryAttempts: { deliveryId: string } }>(t.ws(a.token), ATTEMPTS_SUBSCRIPTION);
      const inB = subscribe<{ deliveryAttempts: { deliveryId: string } }>(t.ws(b.token), ATTEMPTS_SUBSCRIPTION);
      const inBFilteredOnA = subscribe<{ deliveryAttempts: { deliveryId: string } }>(t.ws(b.token), ATTEMPTS_SUBSCRIPTION, { f: { webhookId: a.webhookId } });
      await pause(200); // let the subscriptions register before anything is published
      const eventA = await t.ok<{ publishEvent: { deliveries: { id: string }[] } }>(PUBLISH, { input: { type: 'ticket.updated', payload: { n: 1 } } }, a.token);
      const idsA = eventA.publishEvent.deliveries.map((d) => d.id);
      await waitUntil(() => idsA.every((id) => inA.messages.some((m) => m.deliveryAttempts.deliveryId === id)), 10_000);
      await pause(300);
      expect(inB.messages).toEqual([]);
      expect(inBFilteredOnA.messages).toEqual([]);

      // B's own attempts do reach B's subscriber, and not A's.
      const eventB = await t.ok<{ publishEvent: { deliveries: { id: string }[] } }>(PUBLISH, { input: { type: 'ticket.updated', payload: { n: 2 } } }, b.token);
      const idsB = eventB.publishEvent.deliveries.map((d) => d.id);
      await waitUntil(() => idsB.every((id) => inB.messages.some((m) => m.deliveryAttempts.deliveryId === id)), 10_000);
      await pause(300);
      expect(inB.messages.map((m) => m.deliveryAttempts.deliveryId).sort()).toEqual([...idsB].sort());
      expect(inA.messages.map((m) => m.deliveryAttempts.deliveryId).sort()).toEqual([...idsA].sort());
      expect(inBFilteredOnA.messages).toEqual([]);
      expect([inA.errors, inB.errors, inBFilteredOnA.errors]).toEqual([[], [], []]);
      for (const s of [inA, inB, inBFilteredOnA]) s.stop();
      await settled();
    });
  });

  describe('roles', () => {
    let viewerKey: CreatedKey;

    beforeAll(async () => {
      viewerKey = await createApiKey(t, 'VIEWER', a.token, 'read only');
      secrets.push(viewerKey.secret);
      await t.ok('{ viewer { role } }', {}, viewerKey.secret); // first use stamps lastUsedAt before the snapshots
    });

    /** One call of each mutation, with arguments that would succeed for an OWNER of workspace A. */
    function mutationSamples(): Record<string, [string, Record<string, unknown>]> {
      const since = new Date(Date.now() - 3_600_000).toISOString();
      return {
        createWorkspace: ['mutation { createWorkspace(name: "viewer made this") { token } }', {}],
        switchWorkspace: ['mutation($id: ID!) { switchWorkspace(id: $id) { token } }', { id: a.id }],
        createApiKey: ['mutation { createApiKey(name: "viewer made this", role: VIEWER) { secret } }', {}],
        revokeApiKey: ['mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: a.apiKey.id }],
        registerEventType: ['mutation { registerEventType(input: { name: "viewer.made.this" }) { name } }', {}],
        publishEvent: [PUBLISH, { input: { type: 'ticket.created', payload: { by: 'viewer' } } }],
        createWebhook: [CREATE_WEBHOOK, { input: { url: `${receiver.url}/viewer`, events: ['*'] } }],
        updateWebhook: ['mutation($id: ID!) { updateWebhook(id: $id, input: { description: "viewer" }) { id } }', { id: a.webhookId }],
        deleteWebhook: ['mutation($id: ID!) { deleteWebhook(id: $id) }', { id: a.webhookId }],
        rotateWebhookSecret: ['mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: a.webhookId }],
        enableWebhook: ['mutation($id: ID!) { enableWebhook(id: $id) { id } }', { id: a.disabledWebhookId }],
        disableWebhook: ['mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id: a.webhookId }],
        sendTestEvent: ['mutation($id: ID!) { sendTestEvent(webhookId: $id) { id } }', { id: a.webhookId }],
        retryDelivery: ['mutation($id: ID!) { retryDelivery(id: $id) { id } }', { id: a.failedDeliveryId }],
        replayEvent: ['mutation($id: ID!) { replayEvent(eventId: $id) { id } }', { id: a.eventId }],
        recoverDeliveries: ['mutation($id: ID!, $s: DateTime!) { recoverDeliveries(webhookId: $id, since: $s) }', { id: a.failingWebhookId, s: since }],
        addMember: ['mutation { addMember(input: { email: "viewer-made-this@example.com", role: OWNER }) { temporaryPassword } }', {}],
        // An API key has no password to change (FORBIDDEN for every key, whatever its role).
        changePassword: ['mutation { changePassword(currentPassword: "whatever it is", newPassword: "viewer made this") }', {}],
        ...memberMutationSamples('00000000-0000-4000-8000-000000000000'),
        // Integrations and automations: the role is checked before any id is looked up, so any id will do.
        ...integrationMutationSamples('00000000-0000-4000-8000-000000000000'),
      };
    }

    /** The role is checked before the member is looked up, so any user id will do. */
    function memberMutationSamples(userId: string): Record<string, [string, Record<string, unknown>]> {
      return {
        updateMemberRole: ['mutation($u: ID!) { updateMemberRole(userId: $u, role: VIEWER) { role } }', { u: userId }],
        removeMember: ['mutation($u: ID!) { removeMember(userId: $u) }', { u: userId }],
        resetMemberPassword: ['mutation($u: ID!) { resetMemberPassword(userId: $u) { temporaryPassword } }', { u: userId }],
      };
    }

    function integrationMutationSamples(id: string): Record<string, [string, Record<string, unknown>]> {
      const integration = { name: 'viewer made this', authScheme: 'NONE' };
      const action = { name: 'viewer made this', request: { method: 'GET', url: `${receiver.url}/viewer` } };
      const credential = { name: 'viewer made this', values: {} };
      return {
        createIntegration: ['mutation($i: IntegrationInput!) { createIntegration(input: $i) { id } }', { i: integration }],
        updateIntegration: ['mutation($id: ID!, $i: IntegrationInput!) { updateIntegration(id: $id, input: $i) { id } }', { id, i: integration }],
        deleteIntegration: ['mutation($id: ID!) { deleteIntegration(id: $id) }', { id }],
        createCredential: ['mutation($id: ID!, $i: CredentialInput!) { createCredential(integrationId: $id, input: $i) { id } }', { id, i: credential }],
        updateCredential: ['mutation($id: ID!, $i: CredentialInput!) { updateCredential(id: $id, input: $i) { id } }', { id, i: credential }],
        deleteCredential: ['mutation($id: ID!) { deleteCredential(id: $id) }', { id }],
        testCredential: ['mutation($id: ID!) { testCredential(id: $id) { ok } }', { id }],
        createAction: ['mutation($id: ID!, $i: ActionDefinitionInput!) { createAction(integrationId: $id, input: $i) { id } }', { id, i: action }],
        updateAction: ['mutation($id: ID!, $i: ActionDefinitionInput!) { updateAction(id: $id, input: $i) { id } }', { id, i: action }],
        deleteAction: ['mutation($id: ID!) { deleteAction(id: $id) }', { id }],
        testAction: ['mutation($id: ID!) { testAction(id: $id, inputs: {}) { result { ok } } }', { id }],
        executeAction: ['mutation($id: ID!) { executeAction(id: $id, inputs: {}) { ok } }', { id }],
        ...automationMutationSamples(id),
      };
    }

    function automationMutationSamples(id: string): Record<string, [string, Record<string, unknown>]> {
      const automation = { name: 'viewer made this', events: ['ticket.created'], actionId: id };
      return {
        createAutomation: ['mutation($i: AutomationInput!) { createAutomation(input: $i) { id } }', { i: automation }],
        updateAutomation: ['mutation($id: ID!, $i: AutomationInput!) { updateAutomation(id: $id, input: $i) { id } }', { id, i: automation }],
        deleteAutomation: ['mutation($id: ID!) { deleteAutomation(id: $id) }', { id }],
        enableAutomation: ['mutation($id: ID!) { enableAutomation(id: $id) { id } }', { id }],
        disableAutomation: ['mutation($id: ID!) { disableAutomation(id: $id) { id } }', { id }],
        ...flowMutationSamples(id),
      };
    }

    function flowMutationSamples(id: string): Record<string, [string, Record<string, unknown>]> {
      const flow = { name: 'viewer made this', steps: [{ key: 'one', actionId: id }] };
      return {
        createFlow: ['mutation($i: FlowInput!) { createFlow(input: $i) { id } }', { i: flow }],
        updateFlow: ['mutation($id: ID!, $i: FlowInput!) { updateFlow(id: $id, input: $i) { id } }', { id, i: flow }],
        deleteFlow: ['mutation($id: ID!) { deleteFlow(id: $id) }', { id }],
        startFlowRun: ['mutation($id: ID!) { startFlowRun(flowId: $id, variables: {}) { id } }', { id }],
      };
    }

    it('a VIEWER key gets FORBIDDEN from every mutation of the schema (login excepted) and writes nothing', async () => {
      const introspection = await t.ok<IntrospectionQuery>(getIntrospectionQuery());
      const mutationType = introspection.__schema.types.find((type) => type.name === introspection.__schema.mutationType?.name);
      const mutations = mutationType && 'fields' in mutationType ? mutationType.fields.map((f) => f.name) : [];
      const samples = mutationSamples();
      // Every mutation we serve must have a sample here, so a new one cannot skip its role check unnoticed.
      expect(Object.keys(samples).sort()).toEqual(mutations.filter((name) => name !== 'login').sort());

      await settled();
      const before = await snapshot();
      for (const [name, [query, variables]] of Object.entries(samples)) {
        const result = await t.gql(query, variables, viewerKey.secret);
        expect({ name, codes: errorCodes(result), data: result.data ?? null }).toEqual({ name, codes: ['FORBIDDEN'], data: null });
      }
      await pause(200);
      expect(await snapshot()).toBe(before);
    });

    it('a VIEWER can still read everything but secrets, over HTTP and graphql-ws', async () => {
      const data = await t.ok<Everything>(EVERYTHING, {}, viewerKey.secret);
      expect(data.viewer).toEqual({ role: 'VIEWER', workspace: { id: a.id } });
      expect(data.webhooks.map((w) => w.id)).toContain(a.webhookId);
      expect(data.events.map((e) => e.id)).toContain(a.eventId);
      expect(data.deliveries.items.map((d) => d.id)).toContain(a.deliveryId);
      const single = await t.ok<{ webhook: { id: string }; delivery: { id: string }; event: { id: string }; eventTypes: unknown[]; workspaces: unknown[] }>(
        'query($w: ID!, $d: ID!, $e: ID!) { webhook(id: $w) { id } delivery(id: $d) { id } event(id: $e) { id } eventTypes { name } workspaces { id } }',
        { w: a.webhookId, d: a.deliveryId, e: a.eventId },
        viewerKey.secret,
      );
      expect([single.webhook.id, single.delivery.id, single.event.id]).toEqual([a.webhookId, a.deliveryId, a.eventId]);
      expect(single.eventTypes.length).toBeGreaterThan(10);

      const live = subscribe<{ deliveryAttempts: { deliveryId: string } }>(t.ws(viewerKey.secret), ATTEMPTS_SUBSCRIPTION, { f: { webhookId: a.webhookId } });
      await pause(200);
      const event = await t.ok<{ publishEvent: { deliveries: { id: string }[] } }>(PUBLISH, { input: { type: 'ticket.updated', payload: { n: 3 } } }, a.token);
      await live.waitFor(1);
      expect(event.publishEvent.deliveries.map((d) => d.id)).toContain(live.messages[0].deliveryAttempts.deliveryId);
      live.stop();
      await settled();
    });

    it('a DEVELOPER key configures webhooks but cannot create, revoke or list API keys', async () => {
      const developer = a.apiKey.secret;
      const created = await t.gql<{ createWebhook: { secret: string; webhook: { id: string } } }>(CREATE_WEBHOOK, { input: { url: `${receiver.url}/dev`, events: ['ticket.created'] } }, developer);
      expect(created.errors).toBeUndefined();
      const id = created.data?.createWebhook.webhook.id as string;
      secrets.push(created.data?.createWebhook.secret as string);
      const updated = await t.gql<{ updateWebhook: { events: string[] } }>('mutation($id: ID!) { updateWebhook(id: $id, input: { events: ["ticket.*"] }) { events } }', { id }, developer);
      expect(updated.data?.updateWebhook.events).toEqual(['ticket.*']);
      const rotated = await t.gql<{ rotateWebhookSecret: { secret: string } }>('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id }, developer);
      expect(rotated.data?.rotateWebhookSecret.secret).toMatch(/^whsec_/);
      secrets.push(rotated.data?.rotateWebhookSecret.secret as string);
      expect((await t.gql('mutation($id: ID!) { disableWebhook(id: $id) { id } }', { id }, developer)).errors).toBeUndefined();
      expect((await t.gql('mutation($id: ID!) { deleteWebhook(id: $id) }', { id }, developer)).errors).toBeUndefined();

      const before = await snapshot();
      expect(errorCodes(await t.gql('mutation { createApiKey(name: "dev made this", role: VIEWER) { secret } }', {}, developer))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: viewerKey.id }, developer))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql('{ apiKeys { id } }', {}, developer))).toEqual(['FORBIDDEN']);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('secrets', () => {
    it('a custom Authorization header is masked for a VIEWER and in the stored attempt, and sent in full to the target', async () => {
      const viewerKey = await createApiKey(t, 'VIEWER', a.token, 'header check');
      secrets.push(viewerKey.secret);
      const asViewer = await t.ok<{ webhook: { headers: { name: string; value: string }[] } }>(WEBHOOK_STATE, { id: a.webhookId }, viewerKey.secret);
      expect(asViewer.webhook.headers).toEqual([
        { name: 'Authorization', value: '••••' },
        { name: 'X-Tenant', value: 'A' },
      ]);
      const everything = await t.ok<Everything>(EVERYTHING, {}, viewerKey.secret);
      expect(JSON.stringify(everything)).not.toContain('Bearer xyz');

      const asOwner = await t.ok<{ webhook: { headers: { name: string; value: string }[] } }>(WEBHOOK_STATE, { id: a.webhookId }, a.token);
      expect(asOwner.webhook.headers).toContainEqual({ name: 'Authorization', value: 'Bearer xyz' });

      const sent = receiver.requests.find((r) => r.path === '/A');
      expect(sent?.headers.authorization).toBe('Bearer xyz');
      const delivery = await t.ok<{ delivery: { attempts: { request: { headers: { name: string; value: string }[] } }[] } }>(
        'query($id: ID!) { delivery(id: $id) { attempts { request { headers { name value } } } } }',
        { id: a.deliveryId },
        a.token,
      );
      const stored = delivery.delivery.attempts[0].request.headers;
      expect(stored.find((h) => h.name.toLowerCase() === 'authorization')?.value).toBe('••••');
      expect(stored.find((h) => h.name.toLowerCase() === 'x-tenant')?.value).toBe('A');
      const rows: unknown[] = await t.app.services.db.query('SELECT request FROM delivery_attempts');
      expect(JSON.stringify(rows)).not.toContain('Bearer xyz');
    });

    it('after createWebhook and rotateWebhookSecret, no other API response contains the secret', async () => {
      const created = await t.ok<{ createWebhook: { secret: string; webhook: { id: string; secretHint: string } } }>(
        CREATE_WEBHOOK,
        { input: { url: `${receiver.url}/rotated`, events: ['ticket.*'] } },
        a.token,
      );
      const rotated = await t.ok<{ rotateWebhookSecret: { secret: string; webhook: { secretHint: string } } }>(
        'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { secretHint } } }',
        { id: created.createWebhook.webhook.id },
        a.token,
      );
      const issued = [created.createWebhook.secret, rotated.rotateWebhookSecret.secret];
      secrets.push(...issued);
      expect(issued[1]).not.toBe(issued[0]);
      expect(rotated.rotateWebhookSecret.webhook.secretHint).not.toBe(created.createWebhook.webhook.secretHint);
      await t.ok(PUBLISH, { input: { type: 'ticket.created', payload: { after: 'rotation' } } }, a.token);
      await settled();
      const request = receiver.requests.find((r) => r.path === '/rotated');
      expect(String(request?.headers['webhook-signature']).split(' ')).toHaveLength(2); // signed with both secrets

      for (const token of [a.token, a.apiKey.secret]) {
        const responses = [
          await t.gql(EVERYTHING, {}, token),
          await t.gql(WEBHOOK_STATE, { id: created.createWebhook.webhook.id }, token),
          await t.gql('{ events(first: 500) { id payload } eventTypes { name example } }', {}, token),
        ];
        const text = JSON.stringify(responses);
        expect(text).toContain(created.createWebhook.webhook.id);
        for (const secret of issued) {
          expect(text).not.toContain(secret);
          expect(text).not.toContain(secret.slice('whsec_'.length));
        }
      }
      const stored: unknown[] = await t.app.services.db.query('SELECT * FROM webhooks');
      for (const secret of issued) expect(JSON.stringify(stored)).not.toContain(secret.slice('whsec_'.length));
    });

    it('log lines never contain a webhook secret, an API key, a session token or the admin password', async () => {
      // Give the logs something to say: failed sign-ins (one with the password typed as the email), bad tokens.
      await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: 'owner@example.com', p: 'wrong-password' }, null);
      await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN_PASSWORD, p: ADMIN_PASSWORD }, null);
      await t.gql('{ viewer { role } }', {}, `${a.apiKey.secret}x`);
      const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Log check") { token } }', {}, a.token);
      secrets.push(createWorkspace.token);
      await settled();

      const logs = t.logs.join('');
      expect(logs).toContain('failed sign-in'); // the log is not empty: the assertions below mean something
      expect(logs).toContain('Conduit started');
      const found = secrets.filter((secret) => secret.length > 0 && logs.includes(secret));
      const partial = secrets.filter((secret) => secret.startsWith('whsec_') && logs.includes(secret.slice('whsec_'.length)));
      expect({ found, partial }).toEqual({ found: [], partial: [] });
      expect(logs).not.toContain('Bearer xyz');
      expect(secrets.length).toBeGreaterThanOrEqual(8);
    });
  });
});

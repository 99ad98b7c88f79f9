import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import WebSocket from 'ws';
import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { startTestApp, subscribe, waitUntil, type TestApp } from './support/harness';
import { connectWs, errorCodes, firstError, http, pause, wsExecute } from './support/api';
import { MAX_QUERY_DEPTH, MAX_QUERY_FIELDS } from '../src/graphql/limits';

/**
 * What isolation.int-spec.ts does not cover yet: EVERY query and EVERY subscription of the schema
 * across workspaces (introspection keeps the lists complete), query limits over HTTP and
 * graphql-ws, oversized bodies, and secrets in answers and error messages.
 */

const MARKER = 'alpha-marker-7c1e';
const SUBJECT = 'alpha.customer@example.com';
const CREDENTIAL_SECRET = 'alpha-credential-secret-90ad';

interface WorkspaceA {
  workspaceId: string;
  webhookId: string;
  goneWebhookId: string;
  eventId: string;
  deliveryId: string;
  integrationId: string;
  credentialId: string;
  actionId: string;
  automationId: string;
  flowId: string;
  flowRunId: string;
}

describe('security: every query and subscription is isolated, limits hold, secrets stay secret', () => {
  let t: TestApp;
  let receiver: Receiver;
  let a: WorkspaceA;
  /** A person who belongs to workspace B only. */
  let bob: string;

  async function settled(): Promise<void> {
    await waitUntil(async () => {
      const [row] = (await t.app.services.db.query(
        "SELECT (SELECT count(*) FROM deliveries WHERE status IN ('PENDING','RETRYING'))::int + (SELECT count(*) FROM flow_runs WHERE status IN ('PENDING','RUNNING'))::int AS n",
      )) as { n: number }[];
      return row.n === 0;
    }, 15_000);
  }

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await startReceiver({ paths: { '/ok': { body: '{"id":"ctx-1"}' }, '/gone': { status: 410 } } });
    const id = <T>(data: Record<string, { id: string }>, key: string): string => (data[key] as unknown as { id: string } & T).id;
    const { viewer } = await t.ok<{ viewer: { workspace: { id: string } } }>('{ viewer { workspace { id } } }');
    const webhook = await t.ok<{ createWebhook: { webhook: { id: string } } }>('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
      i: { url: `${receiver.url}/ok`, events: ['ticket.*'], description: MARKER },
    });
    const integration = await t.ok<{ createIntegration: { id: string } }>('mutation($i: IntegrationInput!) { createIntegration(input: $i) { id } }', {
      i: { name: MARKER, authScheme: 'API_KEY', authFields: [{ identifier: 'api_key', name: 'API key', type: 'PASSWORD', required: true }] },
    });
    const integrationId = id(integration, 'createIntegration');
    const credential = await t.ok<{ createCredential: { id: string } }>('mutation($id: ID!, $i: CredentialInput!) { createCredential(integrationId: $id, input: $i) { id } }', {
      id: integrationId,
      i: { name: MARKER, values: { api_key: CREDENTIAL_SECRET } },
    });
    const action = await t.ok<{ createAction: { id: string } }>('mutation($id: ID!, $i: ActionDefinitionInput!) { createAction(integrationId: $id, input: $i) { id } }', {
      id: integrationId,
      i: {
        name: MARKER,
        request: { method: 'GET', url: `${receiver.url}/ok`, headers: [{ key: 'X-Api-Key', value: '{{ credential.api_key }}' }] },
        outputs: [{ name: 'Id', key: 'id', type: 'STRING', required: true }],
      },
    });
    const actionId = id(action, 'createAction');
    const credentialId = id(credential, 'createCredential');
    const automation = await t.ok<{ createAutomation: { id: string } }>('mutation($i: AutomationInput!) { createAutomation(input: $i) { id } }', {
      i: { name: MARKER, events: ['ticket.created'], actionId, credentialId, storeAs: 'customer', subject: '{{ customer.email }}' },
    });
    const flow = await t.ok<{ createFlow: { id: string } }>('mutation($i: FlowInput!) { createFlow(input: $i) { id } }', {
      i: { name: MARKER, steps: [{ key: 'lookup', actionId, credentialId }] },
    });
    const flowId = id(flow, 'createFlow');
    const event = await t.ok<{ publishEvent: { id: string; deliveries: { id: string }[] } }>('mutation($p: JSON!) { publishEvent(input: { type: "ticket.created", payload: $p }) { id deliveries { id } } }', {
      p: { marker: MARKER, customer: { email: SUBJECT } },
    });
    const run = await t.ok<{ startFlowRun: { id: string } }>('mutation($id: ID!) { startFlowRun(flowId: $id, variables: { marker: "alpha-marker-7c1e" }) { id } }', { id: flowId });
    // A webhook that answers 410 Gone: its first attempt disables it (a health change to stream later).
    const gone = await t.ok<{ createWebhook: { webhook: { id: string } } }>('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
      i: { url: `${receiver.url}/gone`, events: ['contact.created'] },
    });
    await settled();
    const [delivery] = (await t.app.services.db.query('SELECT id FROM deliveries WHERE event_id = $1 AND webhook_id = $2', [event.publishEvent.id, webhook.createWebhook.webhook.id])) as { id: string }[];
    a = {
      workspaceId: viewer.workspace.id,
      webhookId: webhook.createWebhook.webhook.id,
      goneWebhookId: gone.createWebhook.webhook.id,
      eventId: event.publishEvent.id,
      deliveryId: delivery.id,
      integrationId,
      credentialId,
      actionId,
      automationId: id(automation, 'createAutomation'),
      flowId,
      flowRunId: id(run, 'startFlowRun'),
    };
    const contexts = await t.ok<{ contextData: unknown[] }>('query($s: String!) { contextData(subject: $s) { name } }', { s: SUBJECT });
    expect(contexts.contextData).toHaveLength(1); // the automation ran and stored its context

    // Workspace B, and Bob who belongs to B only.
    const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Workspace B") { token } }');
    const added = await t.ok<{ addMember: { temporaryPassword: string } }>('mutation { addMember(input: { email: "bob@example.com", role: OWNER }) { temporaryPassword } }', {}, createWorkspace.token);
    const login = await t.ok<{ login: { token: string } }>('mutation($p: String!) { login(email: "bob@example.com", password: $p) { token } }', { p: added.addMember.temporaryPassword }, null);
    bob = login.login.token;
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  /** One call of every query, aimed at workspace A's objects. */
  function querySamples(): Record<string, [string, Record<string, unknown>]> {
    return {
      apiKeys: ['{ apiKeys { id name prefix } }', {}],
      viewer: ['{ viewer { role workspace { id name } user { id email } } }', {}],
      workspaces: ['{ workspaces { id name } }', {}],
      automations: ['{ automations { id name action { id name } } }', {}],
      contextData: ['query($s: String!) { contextData(subject: $s) { subject name data } }', { s: SUBJECT }],
      delivery: ['query($id: ID!) { delivery(id: $id) { id status event { payload } } }', { id: a.deliveryId }],
      deliveries: ['query($w: ID!) { all: deliveries(first: 100) { items { id event { payload } } } filtered: deliveries(filter: { webhookId: $w }) { items { id } } }', { w: a.webhookId }],
      deliveryStats: ['query($w: ID!, $au: ID!) { w: deliveryStats(range: DAY, webhookId: $w) { attempts pendingDeliveries } au: deliveryStats(range: DAY, automationId: $au) { attempts } }', { w: a.webhookId, au: a.automationId }],
      eventTypes: ['{ eventTypes { name description } }', {}],
      event: ['query($id: ID!) { event(id: $id) { id payload } }', { id: a.eventId }],
      events: ['{ events(first: 500) { id payload } }', {}],
      flows: ['{ flows { id name } }', {}],
      flow: ['query($id: ID!) { flow(id: $id) { id name } }', { id: a.flowId }],
      flowRun: ['query($id: ID!) { flowRun(id: $id) { id variables } }', { id: a.flowRunId }],
      flowRuns: ['query($id: ID!) { flowRuns(flowId: $id) { id variables } }', { id: a.flowId }],
      action: ['query($id: ID!) { action(id: $id) { id name } }', { id: a.actionId }],
      integrations: ['{ integrations { id name credentials { id name } actions { id name } } }', {}],
      integration: ['query($id: ID!) { integration(id: $id) { id name } }', { id: a.integrationId }],
      members: ['{ members { user { id email } role } }', {}],
      webhooks: ['{ webhooks { id description url } }', {}],
      webhook: ['query($id: ID!) { webhook(id: $id) { id description url } }', { id: a.webhookId }],
    };
  }

  /** Everything that identifies workspace A's data. */
  function fingerprints(): string[] {
    return [...Object.values(a), MARKER, SUBJECT, CREDENTIAL_SECRET];
  }

  async function rootFields(kind: 'queryType' | 'subscriptionType'): Promise<string[]> {
    const introspection = await t.ok<IntrospectionQuery>(getIntrospectionQuery());
    const type = introspection.__schema.types.find((candidate) => candidate.name === introspection.__schema[kind]?.name);
    return type && 'fields' in type ? type.fields.map((f) => f.name).sort() : [];
  }

  it('every query of the schema, asked by a member of workspace B about A\'s objects, answers NOT_FOUND or B\'s own data: nothing of A', async () => {
    const samples = querySamples();
    // A new query must get a sample here, so it cannot skip the workspace check unnoticed.
    expect(Object.keys(samples).sort()).toEqual(await rootFields('queryType'));

    const seenByA: string[] = [];
    const leaks: { query: string; found: string[] }[] = [];
    for (const [name, [query, variables]] of Object.entries(samples)) {
      const own = await t.gql(query, variables);
      expect({ name, errors: own.errors ?? [] }).toEqual({ name, errors: [] });
      seenByA.push(JSON.stringify(own.data));

      const foreign = await t.gql(query, variables, bob);
      for (const code of errorCodes(foreign)) expect({ name, code }).toEqual({ name, code: 'NOT_FOUND' });
      // The ids the caller sent may come back in an error; nothing else of A may.
      const text = JSON.stringify(foreign.data ?? null);
      const found = fingerprints().filter((f) => text.includes(f));
      if (found.length > 0) leaks.push({ query: name, found });
    }
    expect(leaks).toEqual([]);
    // The fingerprints are real: A's own answers show each of them (the credential secret excepted: masked).
    const all = seenByA.join('\n');
    expect(fingerprints().filter((f) => f !== CREDENTIAL_SECRET && f !== a.credentialId && !all.includes(f))).toEqual([]);
    expect(all).not.toContain(CREDENTIAL_SECRET);
  });

  it('every subscription of the schema, opened by a member of workspace B (also filtered on A\'s ids), receives nothing of A\'s live events', async () => {
    const run2 = { id: '' };
    const samples: Record<string, [string, () => Record<string, unknown>][]> = {
      deliveryAttempts: [
        ['subscription { deliveryAttempts { id deliveryId } }', () => ({})],
        ['subscription($w: ID!) { deliveryAttempts(filter: { webhookId: $w }) { id deliveryId } }', () => ({ w: a.webhookId })],
      ],
      healthChanged: [
        ['subscription { healthChanged { id health } }', () => ({})],
        ['subscription($w: ID!) { healthChanged(webhookId: $w) { id health } }', () => ({ w: a.goneWebhookId })],
      ],
      flowRunUpdated: [
        ['subscription { flowRunUpdated { id status } }', () => ({})],
        ['subscription($f: ID!) { flowRunUpdated(flowId: $f) { id status } }', () => ({ f: a.flowId })],
      ],
    };
    expect(Object.keys(samples).sort()).toEqual(await rootFields('subscriptionType'));

    const ofA = Object.entries(samples).map(([name, [[query]]]) => ({ name, stream: subscribe<Record<string, unknown>>(t.ws(), query) }));
    const ofB = Object.entries(samples).flatMap(([name, list]) => list.map(([query, variables]) => ({ name, stream: subscribe<Record<string, unknown>>(t.ws(bob), query, variables()) })));
    await pause(300);

    // A's live events: an attempt, a health change (410 disables the webhook), a flow run.
    await t.ok('mutation { publishEvent(input: { type: "contact.created", payload: { n: 1 } }) { id } }');
    const started = await t.ok<{ startFlowRun: { id: string } }>('mutation($id: ID!) { startFlowRun(flowId: $id, variables: {}) { id } }', { id: a.flowId });
    run2.id = started.startFlowRun.id;
    for (const { name, stream } of ofA) await waitUntil(() => stream.messages.length > 0, 15_000, () => `${name} of A got nothing`);
    await settled();
    await pause(500);

    const received = ofB.map(({ name, stream }) => ({ name, messages: stream.messages.length, errors: stream.errors.flat().map((e) => (e as { extensions?: { code?: string } }).extensions?.code ?? String(e)) }));
    for (const r of received) {
      expect({ name: r.name, messages: r.messages }).toEqual({ name: r.name, messages: 0 });
      for (const code of r.errors) expect({ name: r.name, code }).toEqual({ name: r.name, code: 'NOT_FOUND' });
    }
    for (const { stream } of [...ofA, ...ofB]) stream.stop();
  });

  it('refuses over-deep and over-wide queries before running them, over HTTP and graphql-ws, with the limit in the message', async () => {
    let deep = '{ id }';
    // events → deliveries → event → deliveries → …: one level past the limit.
    for (let depth = 0; depth < MAX_QUERY_DEPTH; depth++) deep = (MAX_QUERY_DEPTH - 1 - depth) % 2 === 0 ? `{ id deliveries ${deep} }` : `{ id event ${deep} }`;
    const deepQuery = `{ events(first: 1) ${deep} }`;
    const aliases = Array.from({ length: Math.ceil(MAX_QUERY_FIELDS / 2) + 1 }, (_, i) => `a${i}: viewer { role }`).join(' ');
    const wideQuery = `{ ${aliases} }`;

    for (const [query, pattern] of [
      [deepQuery, new RegExp(`nested deeper than ${MAX_QUERY_DEPTH} levels`)],
      [wideQuery, new RegExp(`more than ${MAX_QUERY_FIELDS} fields`)],
    ] as const) {
      const started = Date.now();
      const overHttp = await t.gql(query);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(errorCodes(overHttp)).toEqual(['BAD_USER_INPUT']);
      expect(firstError(overHttp).message).toMatch(pattern);
      expect(overHttp.data).toBeUndefined();

      const { client, outcome } = connectWs(t, { authorization: `Bearer ${t.ownerToken}` });
      expect(await outcome).toEqual({ connected: true });
      const overWs = await wsExecute(client, query).catch((errors: Error) => ({ errors: JSON.parse(errors.message) as { message: string; extensions?: { code?: string } }[] }));
      expect(overWs.errors?.[0]?.message).toMatch(pattern);
      await client.dispose();
    }
  });

  it('refuses oversized bodies with 413 and a message that says the limit: REST events, GraphQL over HTTP (1 MB), graphql-ws messages (closed with 1009)', async () => {
    const restHuge = await http(t, '/v1/events', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ownerToken}` }, body: JSON.stringify({ type: 'ticket.created', payload: { blob: 'x'.repeat(400_000) } }) });
    expect(restHuge.status).toBe(413);
    expect(restHuge.json).toEqual({ error: { code: 'BAD_USER_INPUT', message: expect.stringContaining('256 kB') } });

    const graphqlHuge = await http(t, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ownerToken}` },
      body: JSON.stringify({ query: 'mutation($p: JSON!) { publishEvent(input: { type: "ticket.created", payload: $p }) { id } }', variables: { p: { blob: 'x'.repeat(1_200_000) } } }),
    });
    expect(graphqlHuge.status).toBe(413);
    expect(graphqlHuge.json).toEqual({ error: { code: 'BAD_USER_INPUT', message: expect.stringContaining('1 MB') } });

    // graphql-ws: a frame over 1 MB ends the connection with 1009 (message too big), nothing runs.
    const socket = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t.ownerToken}` } }));
    await new Promise((resolve) => socket.once('message', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const consoleError = jest.spyOn(console, 'error');
    try {
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ viewer { role } }', variables: { blob: 'x'.repeat(1_100_000) } } }));
      expect(await closed).toBe(1009);
      // The client's fault is one warning in the product's log, not a stack trace on the console.
      await waitUntil(() => t.logs.some((line) => line.includes('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')), 2_000);
      const [warning] = t.logs.filter((line) => line.includes('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')).map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining('the client broke the protocol') });
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    const [row] = (await t.app.services.db.query("SELECT count(*)::int AS n FROM events WHERE payload::text LIKE '%xxxxxxxxxx%'")) as { n: number }[];
    expect(row.n).toBe(0);
  });

  it('error messages never carry a secret: credential values, tokens and passwords are not echoed back', async () => {
    const attempts = [
      // A credential value for a field that does not exist: the error names the field, not the value.
      await t.gql('mutation($id: ID!, $i: CredentialInput!) { createCredential(integrationId: $id, input: $i) { id } }', {
        id: a.integrationId,
        i: { name: 'typo', values: { api_key: CREDENTIAL_SECRET, apikey: CREDENTIAL_SECRET } },
      }),
      // A credential value that would break a header: TEMPLATE_ERROR without the value.
      await t.gql('mutation($id: ID!, $i: CredentialInput!) { updateCredential(id: $id, input: $i) { id } }', { id: a.credentialId, i: { name: MARKER, values: { api_key: `${CREDENTIAL_SECRET}\r\nX-Injected: 1` } } }).then(async () =>
        t.gql('mutation($id: ID!, $c: ID!) { testAction(id: $id, credentialId: $c, inputs: {}) { result { ok errorCode error } exchange { request { headers { name value } } } } }', { id: a.actionId, c: a.credentialId }),
      ),
      // Wrong passwords and tokens.
      await t.gql('mutation($p: String!) { login(email: "owner@example.com", password: $p) { token } }', { p: CREDENTIAL_SECRET }, null),
      await t.gql('{ viewer { role } }', {}, CREDENTIAL_SECRET),
      await t.gql('mutation($p: String!) { changePassword(currentPassword: $p, newPassword: $p) }', { p: CREDENTIAL_SECRET }),
    ];
    const text = JSON.stringify(attempts);
    expect(text).toContain('TEMPLATE_ERROR'); // the header really was refused
    expect(text).not.toContain(CREDENTIAL_SECRET);
    expect(receiver.requests.some((r) => JSON.stringify(r.headers).includes('X-Injected'))).toBe(false);
    // Nor do the logs.
    expect(t.logs.join('')).not.toContain(CREDENTIAL_SECRET);
  });
});

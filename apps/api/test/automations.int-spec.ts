import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { createApiKey, errorCodes, firstError } from './support/api';
import { startTestApp, waitUntil, type TestApp } from './support/harness';

const CREATE_INTEGRATION = `mutation($input: IntegrationInput!) { createIntegration(input: $input) { id } }`;
const CREATE_CREDENTIAL = `mutation($id: ID!, $input: CredentialInput!) { createCredential(integrationId: $id, input: $input) { id } }`;
const CREATE_ACTION = `mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) { id } }`;
const AUTOMATION_FIELDS = 'id name events filter enabled health consecutiveFailures disabledReason storeAs subject inputs { key value } action { id } credential { id }';
const CREATE_AUTOMATION = `mutation($input: AutomationInput!) { createAutomation(input: $input) { ${AUTOMATION_FIELDS} } }`;
const UPDATE_AUTOMATION = `mutation($id: ID!, $input: AutomationInput!) { updateAutomation(id: $id, input: $input) { id } }`;
const AUTOMATIONS = `{ automations { ${AUTOMATION_FIELDS} } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id deliveries { id } } }`;
const CONTEXT = `query($s: String!) { contextData(subject: $s) { subject name data updatedAt } }`;

interface AutomationState {
  id: string;
  enabled: boolean;
  health: string;
  consecutiveFailures: number;
  disabledReason: string | null;
  action: { id: string };
  credential: { id: string } | null;
}

describe('automations', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ CONDUIT_DISABLE_AFTER_FAILURES: '3' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });
  afterEach(async () => {
    receiver.reset();
    const { automations } = await t.ok<{ automations: { id: string }[] }>('{ automations { id } }');
    for (const a of automations) await t.ok('mutation($id: ID!) { deleteAutomation(id: $id) }', { id: a.id });
    const { webhooks } = await t.ok<{ webhooks: { id: string }[] }>('{ webhooks { id } }');
    for (const w of webhooks) await t.ok('mutation($id: ID!) { deleteWebhook(id: $id) }', { id: w.id });
  });

  const createIntegration = async (name: string, extra: Record<string, unknown> = {}) =>
    (await t.ok<{ createIntegration: { id: string } }>(CREATE_INTEGRATION, { input: { name, authScheme: 'NONE', ...extra } })).createIntegration.id;
  const createAction = async (integrationId: string, input: Record<string, unknown>) =>
    (await t.ok<{ createAction: { id: string } }>(CREATE_ACTION, { id: integrationId, input })).createAction.id;
  const createAutomation = async (input: Record<string, unknown>) =>
    (await t.ok<{ createAutomation: AutomationState }>(CREATE_AUTOMATION, { input })).createAutomation;
  const automation = async (id: string) => {
    const { automations } = await t.ok<{ automations: AutomationState[] }>(AUTOMATIONS);
    const found = automations.find((a) => a.id === id);
    if (!found) throw new Error(`automation ${id} not listed`);
    return found;
  };
  const publish = async (type: string, payload: Record<string, unknown>) =>
    (await t.ok<{ publishEvent: { id: string; deliveries: { id: string }[] } }>(PUBLISH, { input: { type, payload } })).publishEvent;

  /** Gorgias's back-office lookup: GET /users?email=… returning the user. */
  async function lookupAction(path = '/users'): Promise<string> {
    const integrationId = await createIntegration(`Back office ${path}`);
    return createAction(integrationId, {
      name: 'Find user',
      inputs: [{ name: 'Email', key: 'email', type: 'STRING', required: true }],
      request: { method: 'GET', url: `${receiver.url}${path}?email={{ input.email }}` },
      outputs: [
        { name: 'User id', key: 'user.id', type: 'INTEGER', required: true },
        { name: 'User name', key: 'user.name', type: 'STRING', required: false },
      ],
      retryPolicy: { schedule: [], timeoutMs: 2000 },
    });
  }

  it("Gorgias's example: ticket.created calls the back office with the customer's email (encoded) and keeps the answer as context", async () => {
    receiver.setBehaviour({ status: 200, body: '{"user":{"id":4759,"name":"Ann Lee","token":"t0k"}}' }, '/users');
    const actionId = await lookupAction();
    const created = await createAutomation({
      name: 'Fetch customer',
      events: ['ticket.created'],
      actionId,
      inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }],
      storeAs: 'customer',
      subject: '{{ ticket.customer.email }}',
    });
    expect(created).toMatchObject({ enabled: true, health: 'HEALTHY', consecutiveFailures: 0, action: { id: actionId }, credential: null });

    const email = 'ann+vip lee@example.com';
    const event = await publish('ticket.created', { ticket: { id: 7, subject: 'Where is my order?', customer: { email } } });
    expect(event.deliveries).toHaveLength(1);
    const [request] = await receiver.waitFor(1, 10_000);
    expect(request.method).toBe('GET');
    const sent = new URL(request.path, receiver.url);
    expect(sent.pathname).toBe('/users');
    expect(sent.searchParams.get('email')).toBe(email);
    expect(request.path).not.toContain(' ');

    await waitUntil(async () => (await t.ok<{ contextData: unknown[] }>(CONTEXT, { s: email })).contextData.length === 1, 10_000);
    const { contextData } = await t.ok<{ contextData: { subject: string; name: string; data: unknown }[] }>(CONTEXT, { s: email });
    // Only the declared outputs are kept, never the raw response.
    expect(contextData).toEqual([expect.objectContaining({ subject: email, name: 'customer', data: { 'user.id': 4759, 'user.name': 'Ann Lee' } })]);

    // The call is in the delivery log, linked to its automation and event.
    const log = await t.ok<{ deliveries: { items: { id: string; status: string; automation: { id: string } | null; event: { id: string }; attempts: { outcome: string; request: { method: string; url: string } }[] }[] } }>(
      'query($f: DeliveryFilter) { deliveries(filter: $f) { items { id status automation { id } event { id } attempts { outcome request { method url } } } } }',
      { f: { automationId: created.id } },
    );
    expect(log.deliveries.items).toHaveLength(1);
    expect(log.deliveries.items[0]).toMatchObject({ id: event.deliveries[0].id, status: 'SUCCEEDED', automation: { id: created.id }, event: { id: event.id } });
    expect(log.deliveries.items[0].attempts).toEqual([expect.objectContaining({ outcome: 'SUCCESS', request: expect.objectContaining({ method: 'GET' }) })]);
    expect((await automation(created.id)).health).toBe('HEALTHY');
  });

  it('later templates see the stored context as {{ context.<storeAs> }}', async () => {
    receiver.setBehaviour({ status: 200, body: '{"user":{"id":12,"name":"Bo"}}' }, '/users');
    receiver.setBehaviour({ status: 200, body: '{}' }, '/notes');
    const lookup = await lookupAction();
    await createAutomation({
      name: 'Fetch customer',
      events: ['ticket.created'],
      actionId: lookup,
      inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }],
      storeAs: 'customer',
      subject: '{{ ticket.customer.email }}',
    });
    const noteIntegration = await createIntegration('Notes');
    const note = await createAction(noteIntegration, {
      name: 'Note',
      inputs: [{ name: 'User', key: 'user', type: 'INTEGER', required: true }],
      request: { method: 'POST', url: `${receiver.url}/notes`, bodyType: 'JSON', body: '{"user": "{{ input.user }}"}' },
      retryPolicy: { schedule: [], timeoutMs: 2000 },
    });
    await createAutomation({
      name: 'Note on update',
      events: ['ticket.updated'],
      actionId: note,
      inputs: [{ key: 'user', value: '{{ context.customer["user.id"] }}' }],
      storeAs: 'note',
      subject: '{{ ticket.customer.email }}',
    });
    const customer = { email: 'bo@example.com' };
    await publish('ticket.created', { ticket: { id: 1, customer } });
    await waitUntil(async () => (await t.ok<{ contextData: unknown[] }>(CONTEXT, { s: customer.email })).contextData.length === 1, 10_000);
    await publish('ticket.updated', { ticket: { id: 1, customer } });
    const requests = await receiver.waitFor(2, 10_000);
    const posted = requests.find((r) => r.path === '/notes');
    expect(posted && JSON.parse(posted.body)).toEqual({ user: 12 });
  });

  it('is disabled after the configured number of consecutive failures, publishes automation.disabled, and resumes after enableAutomation', async () => {
    receiver.setBehaviour({ status: 500 }, '/broken');
    await t.ok(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`, {
      input: { url: `${receiver.url}/watch`, events: ['automation.disabled'] },
    });
    const actionId = await lookupAction('/broken');
    const broken = await createAutomation({ name: 'Always fails', events: ['contact.created'], actionId, inputs: [{ key: 'email', value: '{{ contact.email }}' }] });
    for (let i = 0; i < 3; i++) await publish('contact.created', { contact: { id: i, email: `c${i}@example.com` } });
    await waitUntil(async () => !(await automation(broken.id)).enabled, 15_000);
    const state = await automation(broken.id);
    expect(state).toMatchObject({ enabled: false, health: 'DISABLED', consecutiveFailures: 3 });
    expect(state.disabledReason).toContain('3 consecutive failed attempts');

    await waitUntil(() => receiver.requests.some((r) => r.path === '/watch'), 10_000);
    const notice = receiver.requests.find((r) => r.path === '/watch');
    expect(JSON.parse(notice?.body ?? '{}')).toMatchObject({ type: 'automation.disabled', data: { automation: { id: broken.id, name: 'Always fails' } } });
    // A disabled automation gets no new deliveries.
    expect((await publish('contact.created', { contact: { id: 9, email: 'x@example.com' } })).deliveries).toHaveLength(0);

    const enabled = await t.ok<{ enableAutomation: AutomationState }>(`mutation($id: ID!) { enableAutomation(id: $id) { ${AUTOMATION_FIELDS} } }`, { id: broken.id });
    expect(enabled.enableAutomation).toMatchObject({ enabled: true, health: 'HEALTHY', consecutiveFailures: 0, disabledReason: null });
    receiver.setBehaviour({ status: 200, body: '{"user":{"id":1}}' }, '/broken');
    const before = receiver.requests.filter((r) => r.path.startsWith('/broken')).length;
    const again = await publish('contact.created', { contact: { id: 10, email: 'back@example.com' } });
    expect(again.deliveries).toHaveLength(1);
    await waitUntil(() => receiver.requests.filter((r) => r.path.startsWith('/broken')).length === before + 1, 10_000);
    await waitUntil(async () => (await automation(broken.id)).consecutiveFailures === 0 && (await automation(broken.id)).enabled, 10_000);
  });

  it('refuses invalid automations with messages that say what to fix', async () => {
    const actionId = await lookupAction();
    const base = { name: 'Check', events: ['ticket.created'], actionId, inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }] };
    const error = async (input: Record<string, unknown>) => firstError(await t.gql(CREATE_AUTOMATION, { input }));

    expect(await error({ ...base, inputs: [...base.inputs, { key: 'phone', value: '{{ ticket.customer.phone }}' }] })).toMatchObject({
      message: expect.stringContaining('Input "phone" is not an input of action "Find user"'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await error({ ...base, inputs: [] })).toMatchObject({ message: expect.stringContaining('requires input "email"'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await error({ ...base, events: ['ticket..created'] })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await error({ ...base, filter: { 'ticket.id': { $nope: 1 } } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await error({ ...base, inputs: [{ key: 'email', value: '{{ ticket.customer.email ' }] })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await error({ ...base, storeAs: 'customer' })).toMatchObject({ message: expect.stringContaining('set subject too'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await error({ ...base, storeAs: 'Customer-Data', subject: '{{ ticket.customer.email }}' })).toMatchObject({
      message: expect.stringContaining('lowercase letters'),
      extensions: { code: 'BAD_USER_INPUT' },
    });

    const other = await createIntegration('Other', { authFields: [{ identifier: 'token', type: 'PASSWORD', required: true }], authScheme: 'BEARER' });
    const { createCredential } = await t.ok<{ createCredential: { id: string } }>(CREATE_CREDENTIAL, { id: other, input: { name: 'theirs', values: { token: 's3cret' } } });
    expect(await error({ ...base, credentialId: createCredential.id })).toMatchObject({
      message: expect.stringContaining('belongs to another integration'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await error({ ...base, actionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const { automations } = await t.ok<{ automations: unknown[] }>(AUTOMATIONS);
    expect(automations).toHaveLength(0);
  });

  it('sends the credential to the target but never stores it; an event the mapping cannot render fails once, without retries', async () => {
    receiver.setBehaviour({ status: 200, body: '{"user":{"id":3}}' }, '/secure');
    const integrationId = await createIntegration('Secure back office', { authScheme: 'BEARER', authFields: [{ identifier: 'token', type: 'PASSWORD', required: true }] });
    const { createCredential } = await t.ok<{ createCredential: { id: string } }>(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'prod', values: { token: 'tok-s3cret-value' } } });
    const actionId = await createAction(integrationId, {
      name: 'Find user',
      inputs: [{ name: 'Email', key: 'email', type: 'STRING', required: true }],
      request: { method: 'GET', url: `${receiver.url}/secure?email={{ input.email }}` },
      outputs: [{ name: 'User id', key: 'user.id', type: 'INTEGER', required: true }],
      retryPolicy: { schedule: [0.05, 0.05], timeoutMs: 2000 },
    });
    const created = await createAutomation({
      name: 'Secure lookup',
      events: ['ticket.created'],
      actionId,
      credentialId: createCredential.id,
      inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }],
    });
    expect(created.credential).toEqual({ id: createCredential.id });
    await publish('ticket.created', { ticket: { id: 1, customer: { email: 'sec@example.com' } } });
    const [request] = await receiver.waitFor(1, 10_000);
    expect(request.headers.authorization).toBe('Bearer tok-s3cret-value');
    // An event without the mapped field: TEMPLATE_ERROR naming it, one attempt, no retry.
    const broken = await publish('ticket.created', { ticket: { id: 2 } });
    const LOG = 'query($f: DeliveryFilter) { deliveries(filter: $f) { items { id status lastError attemptCount attempts { outcome error willRetry request { url headers { name value } } } } } }';
    type Log = { deliveries: { items: { id: string; status: string; lastError: string | null; attemptCount: number; attempts: { outcome: string; error: string | null; willRetry: boolean; request: { url: string; headers: { name: string; value: string }[] } }[] }[] } };
    await waitUntil(async () => (await t.ok<Log>(LOG, { f: { automationId: created.id } })).deliveries.items.every((d) => d.status === 'SUCCEEDED' || d.status === 'FAILED'), 10_000);
    const { deliveries } = await t.ok<Log>(LOG, { f: { automationId: created.id } });
    expect(deliveries.items).toHaveLength(2);
    const failed = deliveries.items.find((d) => d.id === broken.deliveries[0].id);
    expect(failed).toMatchObject({ status: 'FAILED', attemptCount: 1, lastError: expect.stringContaining('TEMPLATE_ERROR') });
    expect(failed?.attempts).toEqual([expect.objectContaining({ willRetry: false, error: expect.stringContaining('customer') })]);
    expect(JSON.stringify(deliveries)).not.toContain('tok-s3cret-value');
    const stored: { request: unknown }[] = await t.app.services.db.query('SELECT request FROM delivery_attempts WHERE delivery_id = ANY($1)', [deliveries.items.map((d) => d.id)]);
    expect(JSON.stringify(stored)).not.toContain('tok-s3cret-value');
    expect(t.logs.join('')).not.toContain('tok-s3cret-value');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.requests).toHaveLength(1);
  });

  it('refuses to delete an action (or its integration) while an automation calls it (CONFLICT), and allows it once the automation is gone', async () => {
    const actionId = await lookupAction();
    const created = await createAutomation({ name: 'Uses it', events: ['ticket.created'], actionId, inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }] });
    const refused = firstError(await t.gql('mutation($id: ID!) { deleteAction(id: $id) }', { id: actionId }));
    expect(refused).toMatchObject({ message: expect.stringContaining('"Uses it"'), extensions: { code: 'CONFLICT' } });
    const { action } = await t.ok<{ action: { integration: { id: string } } }>('query($id: ID!) { action(id: $id) { integration { id } } }', { id: actionId });
    const integrationRefused = firstError(await t.gql('mutation($id: ID!) { deleteIntegration(id: $id) }', { id: action.integration.id }));
    expect(integrationRefused).toMatchObject({ message: expect.stringContaining('"Uses it"'), extensions: { code: 'CONFLICT' } });
    await t.ok('mutation($id: ID!) { deleteAutomation(id: $id) }', { id: created.id });
    expect(await t.ok('mutation($id: ID!) { deleteAction(id: $id) }', { id: actionId })).toEqual({ deleteAction: true });
  });

  it('another workspace gets NOT_FOUND and a VIEWER gets FORBIDDEN', async () => {
    receiver.setBehaviour({ status: 200, body: '{"user":{"id":5}}' }, '/users');
    const actionId = await lookupAction();
    const input = { name: 'Mine', events: ['ticket.created'], actionId, inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }], storeAs: 'customer', subject: '{{ ticket.customer.email }}' };
    const mine = await createAutomation(input);
    await publish('ticket.created', { ticket: { id: 1, customer: { email: 'mine@example.com' } } });
    await waitUntil(async () => (await t.ok<{ contextData: unknown[] }>(CONTEXT, { s: 'mine@example.com' })).contextData.length === 1, 10_000);

    const { createWorkspace } = await t.ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Elsewhere") { token } }');
    const other = createWorkspace.token;
    expect(await t.ok(AUTOMATIONS, {}, other)).toEqual({ automations: [] });
    expect(await t.ok(CONTEXT, { s: 'mine@example.com' }, other)).toEqual({ contextData: [] });
    for (const query of [
      'mutation($id: ID!) { enableAutomation(id: $id) { id } }',
      'mutation($id: ID!) { disableAutomation(id: $id) { id } }',
      'mutation($id: ID!) { deleteAutomation(id: $id) }',
    ]) {
      expect(errorCodes(await t.gql(query, { id: mine.id }, other))).toEqual(['NOT_FOUND']);
    }
    expect(errorCodes(await t.gql(UPDATE_AUTOMATION, { id: mine.id, input }, other))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(CREATE_AUTOMATION, { input }, other))).toEqual(['NOT_FOUND']);

    const viewer = await createApiKey(t, 'VIEWER');
    expect(errorCodes(await t.gql(CREATE_AUTOMATION, { input }, viewer.secret))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql('mutation($id: ID!) { disableAutomation(id: $id) { id } }', { id: mine.id }, viewer.secret))).toEqual(['FORBIDDEN']);
    const seen = await t.ok<{ automations: { id: string }[] }>(AUTOMATIONS, {}, viewer.secret);
    expect(seen.automations.map((a) => a.id)).toEqual([mine.id]);
    expect((await automation(mine.id)).enabled).toBe(true);
  });
});

import { MasterKeyring } from '@conduit/engine';
import { startReceiver, type Receiver, type RecordedRequest } from '@conduit/tools/receiver';
import { startTestApp, subscribe, type GraphQLResponse, type TestApp } from './support/harness';
import { createApiKey, errorCodes, firstError, type CreatedKey } from './support/api';

/** The Truora API key of the example; it must reach the receiver and nothing else. */
const API_KEY = 'tru_live_9f8e7d6c5b4a3f2e1d0c';
/** The harness's master key (CONDUIT_MASTER_KEY). */
const MASTER_KEY = Buffer.alloc(32, 7);

const CREATE_INTEGRATION = `mutation($input: IntegrationInput!) { createIntegration(input: $input) {
  id name authScheme authFields { identifier name type required } testRequest { method url headers { key value } } } }`;
const CREATE_CREDENTIAL = 'mutation($id: ID!, $input: CredentialInput!) { createCredential(integrationId: $id, input: $input) { id name values integration { id } } }';
const UPDATE_CREDENTIAL = 'mutation($id: ID!, $input: CredentialInput!) { updateCredential(id: $id, input: $input) { id name values } }';
const TEST_CREDENTIAL = `mutation($id: ID!) { testCredential(id: $id) { ok exchange { durationMs error
  request { method url headers { name value } body } response { status body headers { name value } } } } }`;
const CREATE_ACTION = `mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) {
  id name inputs { key type required } outputs { key type required } retryPolicy { schedule timeoutMs } integration { id } } }`;
const EXECUTE = `mutation($id: ID!, $c: ID, $inputs: JSON!, $key: String) {
  executeAction(id: $id, credentialId: $c, inputs: $inputs, idempotencyKey: $key) { ok status outputs errorCode error durationMs } }`;
const TEST_ACTION = `mutation($id: ID!, $c: ID, $inputs: JSON!) { testAction(id: $id, credentialId: $c, inputs: $inputs) {
  result { ok status outputs errorCode error durationMs }
  exchange { durationMs error request { method url headers { name value } body } response { status body bodyTruncated headers { name value } } }
  candidates { key type sample } } }`;
const CALLS = `query($f: DeliveryFilter) { deliveries(filter: $f, first: 100) { items { id status attemptCount lastError event { id } webhook { id }
  action { id name } integration { id }
  attempts { number outcome error willRetry request { method url headers { name value } body } response { status body bodyTruncated headers { name value } } } } } }`;

interface ActionResult {
  ok: boolean;
  status: number | null;
  outputs: Record<string, unknown>;
  errorCode: string | null;
  error: string | null;
  durationMs: number;
}
interface Header {
  name: string;
  value: string;
}
interface Exchange {
  durationMs: number;
  error: string | null;
  request: { method: string; url: string; headers: Header[]; body: string | null };
  response: { status: number; body: string | null; bodyTruncated?: boolean; headers: Header[] } | null;
}
interface Call {
  id: string;
  status: string;
  attemptCount: number;
  lastError: string | null;
  event: null;
  webhook: null;
  action: { id: string; name: string } | null;
  integration: { id: string } | null;
  attempts: { number: number; outcome: string; error: string | null; willRetry: boolean; request: Exchange['request']; response: Exchange['response'] }[];
}

describe('integrations, credentials and actions', () => {
  let t: TestApp;
  let receiver: Receiver;
  /** The chat platform's bot: an API key with the DEVELOPER role. */
  let bot: CreatedKey;
  /** Every response the API gave in these tests: none may contain the API key. */
  const responses: unknown[] = [];

  async function ok<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const data = await t.ok<T>(query, variables, token);
    responses.push(data);
    return data;
  }

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<GraphQLResponse<T>> {
    const result = await t.gql<T>(query, variables, token);
    responses.push(result);
    return result;
  }

  async function createIntegration(input: Record<string, unknown>, token?: string): Promise<string> {
    const data = await ok<{ createIntegration: { id: string } }>(CREATE_INTEGRATION, { input: { authScheme: 'NONE', ...input } }, token);
    return data.createIntegration.id;
  }

  async function createAction(integrationId: string, input: Record<string, unknown>, token?: string): Promise<string> {
    const data = await ok<{ createAction: { id: string } }>(CREATE_ACTION, { id: integrationId, input }, token);
    return data.createAction.id;
  }

  async function execute(id: string, inputs: Record<string, unknown>, options: { credentialId?: string; key?: string; token?: string } = {}): Promise<ActionResult> {
    const data = await ok<{ executeAction: ActionResult }>(EXECUTE, { id, inputs, c: options.credentialId, key: options.key }, options.token ?? bot.secret);
    return data.executeAction;
  }

  async function callsOf(filter: Record<string, unknown>): Promise<Call[]> {
    return (await ok<{ deliveries: { items: Call[] } }>(CALLS, { f: filter })).deliveries.items;
  }

  function requestsTo(path: string): RecordedRequest[] {
    return receiver.requests.filter((r) => r.path === path || r.path.startsWith(`${path}/`) || r.path.startsWith(`${path}?`));
  }

  /** A NONE-auth integration with one action on the receiver, for tests about calls rather than auth. */
  async function simpleAction(path: string, action: Record<string, unknown> = {}): Promise<string> {
    const integrationId = await createIntegration({ name: `Simple ${path}` });
    return createAction(integrationId, {
      name: `Call ${path}`,
      request: { method: 'GET', url: `${receiver.url}${path}` },
      retryPolicy: { schedule: [0.2], timeoutMs: 2000 },
      ...action,
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await startReceiver({
      paths: {
        '/truora/account': { body: '{"account":"acme","plan":"pro"}' },
        '/truora/validations': { body: '{"validation_id":"VAL-123","status":"pending"}' },
        '/truora/check': { body: '{"validation_status":"success","attempts":1}' },
        '/nested': {
          body: JSON.stringify({
            data: {
              customer: { id: 42, email: 'ada@example.com', vip: true, since: '2024-05-01T12:00:00Z', score: 4.5, note: null },
              orders: [{ id: 'o-1', total: 12.5 }, { id: 'o-2', total: 7 }],
            },
          }),
        },
        '/echo-key': { body: `{"received":"${API_KEY}"}` },
      },
    });
    bot = await createApiKey(t, 'DEVELOPER', undefined, 'chat bot');
  });

  afterAll(async () => {
    await receiver?.close();
    await t?.app.services.close();
    await t?.stop();
  });

  describe("Truora's example", () => {
    let integrationId: string;
    let credentialId: string;
    let createValidation: string;
    let validateCode: string;

    beforeAll(async () => {
      integrationId = await createIntegration({
        name: 'Truora',
        description: 'Validation API',
        logoUrl: 'https://www.truora.com/logo.png',
        authScheme: 'API_KEY',
        authFields: [{ identifier: 'api_key', name: 'API key', type: 'PASSWORD', required: true }],
        testRequest: { method: 'GET', url: `${receiver.url}/truora/account`, headers: [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }] },
      });
      const created = await ok<{ createCredential: { id: string; values: unknown; integration: { id: string } } }>(CREATE_CREDENTIAL, {
        id: integrationId,
        input: { name: 'Production', values: { api_key: API_KEY } },
      });
      expect(created.createCredential.values).toEqual({ api_key: '••••' });
      expect(created.createCredential.integration.id).toBe(integrationId);
      credentialId = created.createCredential.id;
      const keyHeader = [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }];
      createValidation = await createAction(integrationId, {
        name: 'Create user validation',
        inputs: [{ name: 'Username', key: 'account_id', type: 'STRING', required: true }],
        request: {
          method: 'POST',
          url: `${receiver.url}/truora/validations`,
          headers: keyHeader,
          bodyType: 'JSON',
          body: '{"type": "email-verification", "account_id": "{{ input.account_id }}", "threshold": 3}',
        },
        outputs: [{ name: 'Validation id', key: 'validation_id', type: 'STRING', required: true }],
      });
      validateCode = await createAction(integrationId, {
        name: 'Validate code',
        inputs: [
          { name: 'Validation id', key: 'validation_id', type: 'STRING', required: true },
          { name: 'Code', key: 'otp', type: 'STRING', required: true },
        ],
        request: { method: 'POST', url: `${receiver.url}/truora/check/{{ input.validation_id }}`, headers: keyHeader, bodyType: 'JSON', body: '{"code": "{{ input.otp }}"}' },
        outputs: [{ name: 'Status', key: 'validation_status', type: 'STRING', required: true }],
      });
    });

    it('testCredential sends the test request with the key and returns the exchange with the key redacted', async () => {
      receiver.reset();
      const { testCredential } = await ok<{ testCredential: { ok: boolean; exchange: Exchange } }>(TEST_CREDENTIAL, { id: credentialId });
      expect(testCredential.ok).toBe(true);
      expect(testCredential.exchange.request).toMatchObject({ method: 'GET', url: `${receiver.url}/truora/account` });
      expect(testCredential.exchange.request.headers).toContainEqual({ name: 'Truora-API-Key', value: '••••' });
      expect(testCredential.exchange.response).toMatchObject({ status: 200, body: '{"account":"acme","plan":"pro"}' });
      const [request] = await receiver.waitFor(1);
      expect(request.headers['truora-api-key']).toBe(API_KEY);
    });

    it('chains the two actions: executeAction returns only the declared outputs, the receiver gets the key', async () => {
      receiver.reset();
      const first = await execute(createValidation, { account_id: 'ada.lovelace' });
      expect(first).toMatchObject({ ok: true, status: 200, outputs: { validation_id: 'VAL-123' }, errorCode: null, error: null });
      // Only declared outputs: the response's "status" is not returned.
      expect(Object.keys(first.outputs)).toEqual(['validation_id']);
      const second = await execute(validateCode, { validation_id: first.outputs.validation_id, otp: '123456' });
      expect(second).toMatchObject({ ok: true, outputs: { validation_status: 'success' } });

      const [create, check] = await receiver.waitFor(2);
      expect(create).toMatchObject({ method: 'POST', path: '/truora/validations' });
      expect(create.headers['truora-api-key']).toBe(API_KEY);
      expect(create.headers['content-type']).toBe('application/json');
      expect(JSON.parse(create.body)).toEqual({ type: 'email-verification', account_id: 'ada.lovelace', threshold: 3 });
      expect(check).toMatchObject({ method: 'POST', path: '/truora/check/VAL-123' });
      expect(check.headers['truora-api-key']).toBe(API_KEY);
      expect(JSON.parse(check.body)).toEqual({ code: '123456' });
    });

    it('logs every call as a delivery of its action, streamed live, with the key redacted', async () => {
      const client = t.ws();
      const live = subscribe<{ deliveryAttempts: { outcome: string; request: { headers: Header[] }; delivery: { id: string; status: string } } }>(
        client,
        'subscription($f: DeliveryFilter) { deliveryAttempts(filter: $f) { outcome request { headers { name value } } delivery { id status } } }',
        { f: { actionId: createValidation } },
      );
      await new Promise((resolve) => setTimeout(resolve, 300)); // the subscription is registered
      await execute(createValidation, { account_id: 'grace.hopper' });
      const [message] = await live.waitFor(1);
      live.stop();
      responses.push(message);
      expect(message.deliveryAttempts.outcome).toBe('SUCCESS');
      expect(message.deliveryAttempts.request.headers).toContainEqual({ name: 'Truora-API-Key', value: '••••' });

      const calls = await callsOf({ actionId: createValidation });
      expect(calls.length).toBeGreaterThanOrEqual(2);
      const call = calls.find((c) => c.id === message.deliveryAttempts.delivery.id);
      expect(call).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1, event: null, webhook: null, action: { id: createValidation }, integration: { id: integrationId } });
      expect(call?.attempts[0].request.body && JSON.parse(call.attempts[0].request.body)).toMatchObject({ account_id: 'grace.hopper' });
      expect(call?.attempts[0].response).toMatchObject({ status: 200, body: '{"validation_id":"VAL-123","status":"pending"}' });
      // The credential test is logged against the integration.
      const tests = await callsOf({ integrationId });
      expect(tests.some((c) => c.action === null && c.status === 'SUCCEEDED')).toBe(true);

      const rows = await t.app.services.db.query('SELECT event_id, action_id, integration_id FROM deliveries WHERE id = $1', [call?.id]);
      expect(rows).toEqual([{ event_id: null, action_id: createValidation, integration_id: integrationId }]);
    });

    it('redacts a key the target echoes back in its response', async () => {
      const echo = await createAction(integrationId, {
        name: 'Echo',
        request: { method: 'GET', url: `${receiver.url}/echo-key`, headers: [{ key: 'X-Key', value: '{{ credential.api_key }}' }] },
        outputs: [],
      });
      const { testAction } = await ok<{ testAction: { exchange: Exchange; candidates: unknown[] } }>(TEST_ACTION, { id: echo, c: credentialId, inputs: {} });
      expect(testAction.exchange.response?.body).toBe('{"received":"••••"}');
      expect(testAction.candidates).toEqual([{ key: 'received', type: 'STRING', sample: '••••' }]);
      expect(testAction.exchange.request.headers).toContainEqual({ name: 'X-Key', value: '••••' });
    });

    it('keeps the stored key when a credential is updated without it', async () => {
      const updated = await ok<{ updateCredential: { name: string; values: unknown } }>(UPDATE_CREDENTIAL, { id: credentialId, input: { name: 'Production (renamed)', values: {} } });
      expect(updated.updateCredential).toEqual({ id: credentialId, name: 'Production (renamed)', values: { api_key: '••••' } });
      // The console may echo the mask back: that keeps the value too.
      await ok(UPDATE_CREDENTIAL, { id: credentialId, input: { name: 'Production', values: { api_key: '••••' } } });
      receiver.reset();
      await ok(TEST_CREDENTIAL, { id: credentialId });
      const [request] = await receiver.waitFor(1);
      expect(request.headers['truora-api-key']).toBe(API_KEY);
    });

    it('stores the key encrypted: not the plaintext, and bound to its own credential', async () => {
      const other = await ok<{ createCredential: { id: string } }>(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'Sandbox', values: { api_key: 'tru_test_other' } } });
      const rows: { id: string; workspace_id: string; text_values: unknown; secret_values: Record<string, string> }[] = await t.app.services.db.query(
        'SELECT id, workspace_id, text_values, secret_values FROM credentials WHERE integration_id = $1',
        [integrationId],
      );
      const mine = rows.find((r) => r.id === credentialId);
      const theirs = rows.find((r) => r.id === other.createCredential.id);
      if (!mine || !theirs) throw new Error('credentials not found');
      const ciphertext = mine.secret_values.api_key;
      expect(ciphertext).toMatch(/^v1\.[0-9a-f]{8}\./);
      expect(ciphertext).not.toContain(API_KEY);
      expect(mine.text_values).toEqual({});
      const keyring = new MasterKeyring(MASTER_KEY);
      const aad = (id: string) => `workspace:${mine.workspace_id}/credential:${id}/field:api_key`;
      expect(keyring.decrypt(ciphertext, aad(credentialId))).toBe(API_KEY);
      expect(() => keyring.decrypt(ciphertext, aad(theirs.id))).toThrow(/failed authentication/);
      await ok('mutation($id: ID!) { deleteCredential(id: $id) }', { id: theirs.id });
    });

    it('never shows the key in API responses, the stored log or the app logs', async () => {
      expect(JSON.stringify(responses)).not.toContain(API_KEY);
      for (const table of ['deliveries', 'delivery_attempts', 'credentials', 'integrations', 'actions', 'action_idempotency_keys']) {
        const rows = await t.app.services.db.query(`SELECT * FROM ${table}`);
        expect(JSON.stringify(rows)).not.toContain(API_KEY);
      }
      const calls = await callsOf({ integrationId });
      expect(calls.length).toBeGreaterThan(3);
      expect(JSON.stringify(calls)).not.toContain(API_KEY);
      expect(t.logs.join('\n')).not.toContain(API_KEY);
      expect(t.logs.join('\n')).toContain('action called');
    });
  });

  describe('testAction and outputs', () => {
    let nested: string;

    beforeAll(async () => {
      nested = await simpleAction('/nested', {
        inputs: [{ name: 'Email', key: 'email', type: 'STRING', required: true }],
        request: { method: 'GET', url: `${receiver.url}/nested`, query: [{ key: 'email', value: '{{ input.email }}' }] },
        outputs: [
          { name: 'Customer', key: 'data.customer.id', type: 'INTEGER', required: true },
          { name: 'First order', key: 'data.orders[0].id', type: 'STRING', required: true },
          { name: 'Missing', key: 'data.customer.phone', type: 'STRING', required: false },
        ],
      });
    });

    it('returns the exchange, the typed outputs and every leaf of a nested response as a candidate', async () => {
      receiver.reset();
      const { testAction } = await ok<{ testAction: { result: ActionResult; exchange: Exchange; candidates: { key: string; type: string; sample: unknown }[] } }>(
        TEST_ACTION,
        { id: nested, inputs: { email: 'ada+test @example.com' } },
      );
      expect(testAction.result).toMatchObject({
        ok: true,
        status: 200,
        outputs: { 'data.customer.id': 42, 'data.orders[0].id': 'o-1', 'data.customer.phone': null },
        errorCode: null,
      });
      expect(testAction.exchange.request).toMatchObject({ method: 'GET', url: `${receiver.url}/nested?email=ada%2Btest%20%40example.com`, body: null });
      expect(testAction.exchange.response?.status).toBe(200);
      expect(JSON.parse(testAction.exchange.response?.body ?? '')).toHaveProperty('data.customer.email', 'ada@example.com');
      expect(testAction.candidates).toEqual([
        { key: 'data.customer.id', type: 'INTEGER', sample: 42 },
        { key: 'data.customer.email', type: 'STRING', sample: 'ada@example.com' },
        { key: 'data.customer.vip', type: 'BOOLEAN', sample: true },
        { key: 'data.customer.since', type: 'DATETIME', sample: '2024-05-01T12:00:00Z' },
        { key: 'data.customer.score', type: 'NUMBER', sample: 4.5 },
        { key: 'data.customer.note', type: 'STRING', sample: null },
        { key: 'data.orders[0].id', type: 'STRING', sample: 'o-1' },
        { key: 'data.orders[0].total', type: 'NUMBER', sample: 12.5 },
        { key: 'data.orders[1].id', type: 'STRING', sample: 'o-2' },
        { key: 'data.orders[1].total', type: 'INTEGER', sample: 7 },
      ]);
      const [request] = await receiver.waitFor(1);
      expect(new URL(request.path, receiver.url).searchParams.get('email')).toBe('ada+test @example.com');
    });

    it('fails with MISSING_OUTPUT when a required output is missing, and WRONG_TYPE when it has another type', async () => {
      const integrationId = await createIntegration({ name: 'Outputs' });
      const missing = await createAction(integrationId, {
        name: 'Missing',
        request: { method: 'GET', url: `${receiver.url}/nested` },
        outputs: [{ name: 'Phone', key: 'data.customer.phone', type: 'STRING', required: true }],
      });
      const result = await execute(missing, {});
      expect(result).toMatchObject({ ok: false, status: 200, errorCode: 'MISSING_OUTPUT', error: expect.stringContaining('data.customer.phone') });
      const wrong = await createAction(integrationId, {
        name: 'Wrong type',
        request: { method: 'GET', url: `${receiver.url}/nested` },
        outputs: [{ name: 'Customer', key: 'data.customer.id', type: 'STRING', required: true }],
      });
      expect(await execute(wrong, {})).toMatchObject({ ok: false, errorCode: 'WRONG_TYPE', error: expect.stringContaining('data.customer.id') });
      const [call] = await callsOf({ actionId: missing });
      expect(call).toMatchObject({ status: 'FAILED', lastError: expect.stringContaining('data.customer.phone') });
      expect(call.attempts[0]).toMatchObject({ outcome: 'INVALID_RESPONSE', response: { status: 200 } });
    });

    it('sends a value with quotes, newlines and emoji in a JSON body as valid JSON with the same value, and keeps types', async () => {
      const action = await simpleAction('/json-body', {
        inputs: [
          { name: 'Note', key: 'note', type: 'STRING', required: true },
          { name: 'Count', key: 'count', type: 'INTEGER', required: true },
          { name: 'Vip', key: 'vip', type: 'BOOLEAN', required: false },
        ],
        request: {
          method: 'POST',
          url: `${receiver.url}/json-body`,
          bodyType: 'JSON',
          body: '{"note": "{{ input.note }}", "count": "{{ input.count }}", "vip": "{{ input.vip }}", "summary": "{{ input.count }} items"}',
        },
      });
      const note = 'She said "hi" \\o/\nsecond line\t🎉 — ünïcødé';
      receiver.reset();
      expect(await execute(action, { note, count: '3' })).toMatchObject({ ok: true });
      const [request] = await receiver.waitFor(1);
      expect(JSON.parse(request.body)).toEqual({ note, count: 3, vip: null, summary: '3 items' });
    });

    it('refuses invalid inputs with INVALID_INPUT naming the field, and logs the refused call', async () => {
      const action = await simpleAction('/typed', { inputs: [{ name: 'Count', key: 'count', type: 'INTEGER', required: true }] });
      expect(await execute(action, {})).toMatchObject({ ok: false, status: null, errorCode: 'INVALID_INPUT', error: expect.stringContaining('"count"') });
      expect(await execute(action, { count: 'many' })).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT', error: expect.stringContaining('whole number') });
      expect(await execute(action, { count: 1, extra: 2 })).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT', error: expect.stringContaining('"extra"') });
      const calls = await callsOf({ actionId: action });
      expect(calls).toHaveLength(3);
      expect(calls.every((c) => c.status === 'FAILED' && c.attemptCount === 0)).toBe(true);
    });

    it('answers TEMPLATE_ERROR when a rendered header would carry a line break', async () => {
      const action = await simpleAction('/header', {
        inputs: [{ name: 'Tag', key: 'tag', type: 'STRING', required: true }],
        request: { method: 'GET', url: `${receiver.url}/header`, headers: [{ key: 'X-Tag', value: '{{ input.tag }}' }] },
      });
      receiver.reset();
      const result = await execute(action, { tag: 'a\r\nX-Injected: 1' });
      expect(result).toMatchObject({ ok: false, errorCode: 'TEMPLATE_ERROR', error: expect.stringContaining('X-Tag') });
      expect(receiver.requests).toHaveLength(0);
    });

    it('answers BLOCKED for a target the SSRF guard refuses', async () => {
      const action = await simpleAction('/blocked', {
        inputs: [{ name: 'Host', key: 'host', type: 'STRING', required: true }],
        request: { method: 'GET', url: 'http://{{ input.host }}/latest/meta-data' },
      });
      expect(await execute(action, { host: '169.254.169.254' })).toMatchObject({ ok: false, errorCode: 'BLOCKED' });
    });
  });

  describe('auth schemes', () => {
    it('BASIC sends base64(username:password); TEXT values are shown, PASSWORD values masked', async () => {
      const integrationId = await createIntegration({
        name: 'Basic',
        authScheme: 'BASIC',
        authFields: [
          { identifier: 'username', type: 'TEXT', required: true },
          { identifier: 'password', type: 'PASSWORD', required: true },
        ],
        testRequest: { method: 'GET', url: `${receiver.url}/basic` },
      });
      const created = await ok<{ createCredential: { id: string; values: unknown } }>(CREATE_CREDENTIAL, {
        id: integrationId,
        input: { name: 'ops', values: { username: 'ops', password: 'pa:ss wörd' } },
      });
      expect(created.createCredential.values).toEqual({ username: 'ops', password: '••••' });
      receiver.reset();
      const { testCredential } = await ok<{ testCredential: { ok: boolean; exchange: Exchange } }>(TEST_CREDENTIAL, { id: created.createCredential.id });
      expect(testCredential.ok).toBe(true);
      expect(testCredential.exchange.request.headers).toContainEqual({ name: 'Authorization', value: '••••' });
      const [request] = await receiver.waitFor(1);
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from('ops:pa:ss wörd').toString('base64')}`);
    });

    it('BEARER sends the token field', async () => {
      const integrationId = await createIntegration({
        name: 'Bearer',
        authScheme: 'BEARER',
        authFields: [{ identifier: 'token', type: 'PASSWORD', required: true }],
      });
      const credential = await ok<{ createCredential: { id: string } }>(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'main', values: { token: 'tok_123456' } } });
      const action = await createAction(integrationId, { name: 'Me', request: { method: 'GET', url: `${receiver.url}/me` } });
      receiver.reset();
      expect(await execute(action, {}, { credentialId: credential.createCredential.id })).toMatchObject({ ok: true });
      const [request] = await receiver.waitFor(1);
      expect(request.headers.authorization).toBe('Bearer tok_123456');
    });
  });

  describe('validation', () => {
    it('refuses auth field identifiers and input keys that break the rule, naming it', async () => {
      for (const identifier of ['1key', '_key', 'key_', 'Api-Key', 'api key', '']) {
        const result = await gql(CREATE_INTEGRATION, {
          input: { name: 'Bad', authScheme: 'API_KEY', authFields: [{ identifier, type: 'PASSWORD', required: true }] },
        });
        expect(firstError(result)).toMatchObject({
          message: expect.stringContaining('lowercase letters, digits and "_" only, not starting with a digit or "_" and not ending with "_"'),
          extensions: { code: 'BAD_USER_INPUT', field: 'authFields[0].identifier' },
        });
      }
      const duplicate = await gql(CREATE_INTEGRATION, {
        input: {
          name: 'Dup',
          authScheme: 'API_KEY',
          authFields: [
            { identifier: 'api_key2', type: 'PASSWORD', required: true },
            { identifier: 'api_key2', type: 'TEXT', required: false },
          ],
        },
      });
      expect(firstError(duplicate)).toMatchObject({ message: expect.stringContaining('used twice'), extensions: { code: 'BAD_USER_INPUT' } });
      const integrationId = await createIntegration({ name: 'Keys' });
      const badInput = await gql(CREATE_ACTION, {
        id: integrationId,
        input: { name: 'x', inputs: [{ name: 'Id', key: '9id', type: 'STRING', required: true }], request: { method: 'GET', url: `${receiver.url}/x` } },
      });
      expect(firstError(badInput)).toMatchObject({ message: expect.stringContaining('not starting with a digit'), extensions: { code: 'BAD_USER_INPUT', field: 'inputs[0].key' } });
    });

    it('checks templates when an action is saved: unknown variables, undeclared inputs and CONNECT are refused with the reason', async () => {
      const integrationId = await createIntegration({ name: 'Templates', authScheme: 'API_KEY', authFields: [{ identifier: 'api_key', type: 'PASSWORD', required: true }] });
      const save = (request: Record<string, unknown>) =>
        gql(CREATE_ACTION, { id: integrationId, input: { name: 'x', inputs: [{ name: 'Id', key: 'account_id', type: 'STRING', required: true }], request } });
      const undeclared = await save({ method: 'GET', url: `${receiver.url}/x/{{ input.acount_id }}` });
      expect(firstError(undeclared)).toMatchObject({ message: expect.stringContaining('input.account_id'), extensions: { code: 'BAD_USER_INPUT', field: 'request.url' } });
      const field = await save({ method: 'GET', url: `${receiver.url}/x`, headers: [{ key: 'X-Key', value: '{{ credential.token }}' }] });
      expect(firstError(field)).toMatchObject({ message: expect.stringContaining('auth fields: api_key'), extensions: { code: 'BAD_USER_INPUT' } });
      const root = await save({ method: 'GET', url: `${receiver.url}/x?e={{ ticket.email }}` });
      expect(firstError(root).message).toContain('ticket');
      const json = await save({ method: 'POST', url: `${receiver.url}/x`, bodyType: 'JSON', body: '{"a": {{ input.account_id }}}' });
      expect(firstError(json).extensions?.code).toBe('BAD_USER_INPUT');

      const connect = await save({ method: 'CONNECT', url: `${receiver.url}/x` });
      expect(firstError(connect)).toMatchObject({ message: expect.stringContaining('CONNECT is not an allowed method: it opens a proxy tunnel'), extensions: { code: 'BAD_USER_INPUT' } });
      const inline = await gql(`mutation { createAction(integrationId: "${integrationId}", input: { name: "x", request: { method: CONNECT, url: "https://example.com" } }) { id } }`);
      expect(firstError(inline).message).toContain('proxy tunnel');

      const timeout = await gql(CREATE_ACTION, { id: integrationId, input: { name: 'x', request: { method: 'GET', url: `${receiver.url}/x` }, retryPolicy: { timeoutMs: 60_000 } } });
      expect(firstError(timeout)).toMatchObject({ message: expect.stringContaining('1 to 30 seconds'), extensions: { code: 'BAD_USER_INPUT', field: 'retryPolicy.timeoutMs' } });
      const path = await gql(CREATE_ACTION, { id: integrationId, input: { name: 'x', request: { method: 'GET', url: `${receiver.url}/x` }, outputs: [{ name: 'o', key: 'items[', type: 'STRING', required: true }] } });
      expect(firstError(path)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'outputs[0].key' } });
      const { integration } = await ok<{ integration: { actions: unknown[] } }>('query($id: ID!) { integration(id: $id) { actions { id } } }', { id: integrationId });
      expect(integration.actions).toEqual([]);
    });

    it('enforces required credential fields and refuses unknown ones', async () => {
      const integrationId = await createIntegration({
        name: 'Fields',
        authScheme: 'API_KEY',
        authFields: [
          { identifier: 'api_key', type: 'PASSWORD', required: true },
          { identifier: 'region', type: 'TEXT', required: false },
        ],
      });
      const missing = await gql(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'c', values: { region: 'eu' } } });
      expect(firstError(missing)).toMatchObject({ message: expect.stringContaining('api_key'), extensions: { code: 'BAD_USER_INPUT', field: 'values.api_key' } });
      const unknown = await gql(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'c', values: { api_key: 'k', apikey: 'x' } } });
      expect(firstError(unknown)).toMatchObject({ message: expect.stringContaining('"apikey"'), extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('updates an integration and an action; credential values follow a field that changes type', async () => {
      const integrationId = await createIntegration({
        name: 'Changing',
        authScheme: 'API_KEY',
        authFields: [
          { identifier: 'account', type: 'TEXT', required: true },
          { identifier: 'api_key', type: 'PASSWORD', required: true },
        ],
      });
      const credential = await ok<{ createCredential: { id: string } }>(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'c', values: { account: 'acme-7', api_key: 'k-7' } } });
      const updated = await ok<{ updateIntegration: { name: string; authFields: { identifier: string; type: string }[]; credentials: { values: unknown }[] } }>(
        'mutation($id: ID!, $input: IntegrationInput!) { updateIntegration(id: $id, input: $input) { name authFields { identifier type } credentials { values } } }',
        {
          id: integrationId,
          input: {
            name: 'Changed',
            authScheme: 'API_KEY',
            authFields: [
              { identifier: 'account', type: 'PASSWORD', required: true },
              { identifier: 'api_key', type: 'PASSWORD', required: true },
            ],
          },
        },
      );
      expect(updated.updateIntegration).toMatchObject({ name: 'Changed', credentials: [{ values: { account: '••••', api_key: '••••' } }] });
      const [row] = await t.app.services.db.query('SELECT text_values, secret_values FROM credentials WHERE id = $1', [credential.createCredential.id]);
      expect(row.text_values).toEqual({});
      expect(Object.keys(row.secret_values).sort()).toEqual(['account', 'api_key']);
      expect(JSON.stringify(row)).not.toContain('acme-7');

      const action = await createAction(integrationId, {
        name: 'Account',
        request: { method: 'GET', url: `${receiver.url}/account/{{ credential.account }}`, headers: [{ key: 'X-Key', value: '{{ credential.api_key }}' }] },
      });
      await ok('mutation($id: ID!, $input: ActionDefinitionInput!) { updateAction(id: $id, input: $input) { id } }', {
        id: action,
        input: { name: 'Account v2', request: { method: 'GET', url: `${receiver.url}/v2/account/{{ credential.account }}`, headers: [{ key: 'X-Key', value: '{{ credential.api_key }}' }] } },
      });
      receiver.reset();
      expect(await execute(action, {})).toMatchObject({ ok: true });
      const [request] = await receiver.waitFor(1);
      expect(request.path).toBe('/v2/account/acme-7');
      expect(request.headers['x-key']).toBe('k-7');
      const { action: read } = await ok<{ action: { name: string; request: { url: string } } }>('query($id: ID!) { action(id: $id) { name request { url } } }', { id: action });
      expect(read).toEqual({ name: 'Account v2', request: { url: `${receiver.url}/v2/account/{{ credential.account }}` } });
    });

    it('refuses to drop an auth field that an action still uses', async () => {
      const authFields = [{ identifier: 'api_key', type: 'PASSWORD', required: true }];
      const integrationId = await createIntegration({ name: 'In use', authScheme: 'API_KEY', authFields });
      await createAction(integrationId, { name: 'uses key', request: { method: 'GET', url: `${receiver.url}/x`, headers: [{ key: 'X-Key', value: '{{ credential.api_key }}' }] } });
      const result = await gql('mutation($id: ID!, $input: IntegrationInput!) { updateIntegration(id: $id, input: $input) { id } }', {
        id: integrationId,
        input: { name: 'In use', authScheme: 'API_KEY', authFields: [{ identifier: 'token', type: 'PASSWORD', required: true }] },
      });
      expect(firstError(result)).toMatchObject({ message: expect.stringContaining('uses key'), extensions: { code: 'BAD_USER_INPUT' } });
    });
  });

  describe('access', () => {
    let integrationId: string;
    let credentialId: string;
    let actionId: string;

    beforeAll(async () => {
      integrationId = await createIntegration({
        name: 'Access',
        authScheme: 'API_KEY',
        authFields: [
          { identifier: 'account', type: 'TEXT', required: true },
          { identifier: 'api_key', type: 'PASSWORD', required: true },
        ],
        testRequest: { method: 'GET', url: `${receiver.url}/access`, headers: [{ key: 'X-Key', value: '{{ credential.api_key }}' }] },
      });
      credentialId = (await ok<{ createCredential: { id: string } }>(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'c', values: { account: 'acme', api_key: 'k-1' } } }))
        .createCredential.id;
      actionId = await createAction(integrationId, { name: 'a', request: { method: 'GET', url: `${receiver.url}/access`, headers: [{ key: 'X-Key', value: '{{ credential.api_key }}' }] } });
    });

    it('lets a VIEWER read integrations with every credential value masked, and nothing more', async () => {
      const viewer = await createApiKey(t, 'VIEWER');
      const read = await ok<{ integration: { credentials: { values: unknown }[]; actions: { id: string }[] } }>(
        'query($id: ID!) { integration(id: $id) { credentials { values } actions { id } } }',
        { id: integrationId },
        viewer.secret,
      );
      expect(read.integration.credentials).toEqual([{ values: { account: '••••', api_key: '••••' } }]);
      expect(read.integration.actions).toEqual([{ id: actionId }]);
      const developer = await ok<{ integration: { credentials: { values: unknown }[] } }>('query($id: ID!) { integration(id: $id) { credentials { values } } }', { id: integrationId });
      expect(developer.integration.credentials).toEqual([{ values: { account: 'acme', api_key: '••••' } }]);
      const mutations: [string, Record<string, unknown>][] = [
        [CREATE_INTEGRATION, { input: { name: 'x', authScheme: 'NONE' } }],
        [UPDATE_CREDENTIAL, { id: credentialId, input: { name: 'x', values: {} } }],
        [TEST_CREDENTIAL, { id: credentialId }],
        [TEST_ACTION, { id: actionId, inputs: {} }],
        [EXECUTE, { id: actionId, inputs: {} }],
        ['mutation($id: ID!) { deleteAction(id: $id) }', { id: actionId }],
        ['mutation($id: ID!) { deleteIntegration(id: $id) }', { id: integrationId }],
      ];
      for (const [query, variables] of mutations) {
        expect(errorCodes(await gql(query, variables, viewer.secret))).toEqual(['FORBIDDEN']);
      }
    });

    it('answers NOT_FOUND for ids of another workspace', async () => {
      const { createWorkspace } = await ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Other team") { token } }');
      const other = createWorkspace.token;
      const otherIntegration = await createIntegration({ name: 'Theirs' }, other);
      const otherAction = await createAction(otherIntegration, { name: 'theirs', request: { method: 'GET', url: `${receiver.url}/theirs` } }, other);
      const attempts: [string, Record<string, unknown>][] = [
        ['query($id: ID!) { integration(id: $id) { id } }', { id: integrationId }],
        ['query($id: ID!) { action(id: $id) { id } }', { id: actionId }],
        [CREATE_CREDENTIAL, { id: integrationId, input: { name: 'x', values: {} } }],
        [UPDATE_CREDENTIAL, { id: credentialId, input: { name: 'x', values: {} } }],
        [TEST_CREDENTIAL, { id: credentialId }],
        [EXECUTE, { id: actionId, inputs: {} }],
        [TEST_ACTION, { id: otherAction, c: credentialId, inputs: {} }],
        ['mutation($id: ID!) { deleteIntegration(id: $id) }', { id: integrationId }],
        ['mutation($id: ID!) { deleteCredential(id: $id) }', { id: credentialId }],
        ['query($id: ID!) { integration(id: $id) { id } }', { id: 'not-a-uuid' }],
      ];
      for (const [query, variables] of attempts) {
        expect(errorCodes(await gql(query, variables, other))).toEqual(['NOT_FOUND']);
      }
      const { integrations } = await ok<{ integrations: { id: string }[] }>('{ integrations { id } }', {}, other);
      expect(integrations.map((i) => i.id)).toEqual([otherIntegration]);
      expect(await callsOf({ integrationId: otherIntegration })).toEqual([]);
    });
  });

  describe('executeAction for the bot', () => {
    it('limits calls per caller and action (RATE_LIMITED), counting each caller on its own', async () => {
      const action = await simpleAction('/limited');
      const policy = t.app.services.actionCalls.policy;
      const limit = policy.callsPerMinute;
      policy.callsPerMinute = 3;
      try {
        for (let i = 0; i < 3; i++) expect((await execute(action, {})).ok).toBe(true);
        const limited = await gql(EXECUTE, { id: action, inputs: {} }, bot.secret);
        expect(firstError(limited)).toMatchObject({ message: expect.stringContaining('more than 3 calls'), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
        // Another caller, and the same caller on another action, are not limited by it.
        expect((await execute(action, {}, { token: t.ownerToken })).ok).toBe(true);
        expect((await execute(await simpleAction('/limited-2'), {})).ok).toBe(true);
      } finally {
        policy.callsPerMinute = limit;
      }
      expect(requestsTo('/limited')).toHaveLength(4);
    });

    it('returns the first result for a repeated idempotency key without calling again, and sends the key', async () => {
      const action = await simpleAction('/orders', {
        inputs: [{ name: 'Sku', key: 'sku', type: 'STRING', required: true }],
        request: { method: 'POST', url: `${receiver.url}/orders`, bodyType: 'JSON', body: '{"sku": "{{ input.sku }}"}' },
        outputs: [{ name: 'Order', key: 'order', type: 'STRING', required: true }],
      });
      receiver.setBehaviour({ body: '{"order":"ORD-1"}' }, '/orders');
      const first = await execute(action, { sku: 'A-1' }, { key: 'visit-42' });
      expect(first).toMatchObject({ ok: true, outputs: { order: 'ORD-1' } });
      receiver.setBehaviour({ body: '{"order":"ORD-2"}' }, '/orders');
      const again = await execute(action, { sku: 'A-1' }, { key: 'visit-42' });
      expect(again).toEqual(first);
      const requests = requestsTo('/orders');
      expect(requests).toHaveLength(1);
      expect(requests[0].headers['idempotency-key']).toBe('visit-42');
      const conflict = await gql(EXECUTE, { id: action, inputs: { sku: 'B-2' }, key: 'visit-42' }, bot.secret);
      expect(firstError(conflict)).toMatchObject({ message: expect.stringContaining('other inputs'), extensions: { code: 'CONFLICT' } });
      expect(await execute(action, { sku: 'A-1' }, { key: 'visit-43' })).toMatchObject({ ok: true, outputs: { order: 'ORD-2' } });
      expect(requestsTo('/orders')).toHaveLength(2);
    });

    it('retries a POST only with an idempotency key, and an idempotent method always, within the budget', async () => {
      const post = await simpleAction('/flaky-post', { request: { method: 'POST', url: `${receiver.url}/flaky-post`, bodyType: 'JSON', body: '{}' } });
      receiver.setBehaviour({ failFirst: 1, failStatus: 503 }, '/flaky-post');
      expect(await execute(post, {})).toMatchObject({ ok: false, status: 503, errorCode: 'HTTP_ERROR', error: expect.stringContaining('503') });
      expect(requestsTo('/flaky-post')).toHaveLength(1);
      receiver.setBehaviour({ failFirst: 1, failStatus: 503 }, '/flaky-post');
      expect(await execute(post, {}, { key: 'retry-me' })).toMatchObject({ ok: true, status: 200 });
      expect(requestsTo('/flaky-post')).toHaveLength(3);

      const get = await simpleAction('/flaky-get');
      receiver.setBehaviour({ failFirst: 1, failStatus: 502 }, '/flaky-get');
      expect(await execute(get, {})).toMatchObject({ ok: true, status: 200 });
      expect(requestsTo('/flaky-get')).toHaveLength(2);
      const [call] = await callsOf({ actionId: get });
      expect(call).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2 });
      expect(call.attempts.map((a) => [a.number, a.outcome, a.willRetry])).toEqual([
        [1, 'HTTP_ERROR', true],
        [2, 'SUCCESS', false],
      ]);

      // A 4xx is final: no retry even for GET.
      receiver.setBehaviour({ status: 404 }, '/flaky-get');
      expect(await execute(get, {})).toMatchObject({ ok: false, status: 404, errorCode: 'HTTP_ERROR' });
      expect(requestsTo('/flaky-get')).toHaveLength(3);
    });

    it('answers TIMEOUT when the target does not answer in time, and never waits past the budget', async () => {
      const action = await simpleAction('/slow', { request: { method: 'POST', url: `${receiver.url}/slow` }, retryPolicy: { schedule: [], timeoutMs: 1000 } });
      receiver.setBehaviour({ hang: true }, '/slow');
      let started = Date.now();
      expect(await execute(action, {})).toMatchObject({ ok: false, status: null, errorCode: 'TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(5_000);

      // A 30 s action timeout is cut to what is left of the bot's budget, and no retry starts after it.
      const patient = await simpleAction('/slow/get', { retryPolicy: { schedule: [0.2, 0.2], timeoutMs: 30_000 } });
      const policy = t.app.services.actionCalls.policy;
      const budget = policy.budgetMs;
      policy.budgetMs = 1_500;
      try {
        started = Date.now();
        expect(await execute(patient, {})).toMatchObject({ ok: false, errorCode: 'TIMEOUT' });
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        policy.budgetMs = budget;
      }
      expect(requestsTo('/slow/get')).toHaveLength(1);
    });

    it('reads outputs from a response larger than the 64 kB the log keeps', async () => {
      const action = await simpleAction('/big', { outputs: [{ name: 'Id', key: 'id', type: 'STRING', required: true }] });
      receiver.setBehaviour({ body: JSON.stringify({ pad: 'x'.repeat(100_000), id: 'BIG-1' }) }, '/big');
      expect(await execute(action, {})).toMatchObject({ ok: true, outputs: { id: 'BIG-1' } });
      const [call] = await callsOf({ actionId: action });
      expect(call.attempts[0].response).toMatchObject({ status: 200, bodyTruncated: true });
      const [row] = await t.app.services.db.query(
        "SELECT octet_length(response->>'body') AS bytes, (response->>'bodyTruncated')::boolean AS truncated FROM delivery_attempts WHERE delivery_id = $1",
        [call.id],
      );
      expect(row).toEqual({ bytes: 65_536, truncated: true });
      // An action call is not retried from the log: calling the action again is the way.
      const retry = await gql('mutation($id: ID!) { retryDelivery(id: $id) { id } }', { id: call.id });
      expect(firstError(retry)).toMatchObject({ message: expect.stringContaining('Call the action'), extensions: { code: 'CONFLICT' } });
    });
  });
});

import { startReceiver, type Receiver } from '@conduit/tools/receiver';
import { createApiKey, errorCodes, firstError } from './support/api';
import { startTestApp, subscribe, waitUntil, type GraphQLResponse, type TestApp } from './support/harness';

/** The Truora API key of the example; it must reach the receivers and nothing else. */
const API_KEY = 'tru_flow_5a4b3c2d1e0f9a8b7c6d';

const CREATE_INTEGRATION = `mutation($input: IntegrationInput!) { createIntegration(input: $input) { id } }`;
const CREATE_CREDENTIAL = `mutation($id: ID!, $input: CredentialInput!) { createCredential(integrationId: $id, input: $input) { id } }`;
const CREATE_ACTION = `mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) { id } }`;
const FLOW_FIELDS = 'id name events steps { key name onFailure inputs { key value } action { id name } credential { id } }';
const CREATE_FLOW = `mutation($input: FlowInput!) { createFlow(input: $input) { ${FLOW_FIELDS} } }`;
const UPDATE_FLOW = `mutation($id: ID!, $input: FlowInput!) { updateFlow(id: $id, input: $input) { ${FLOW_FIELDS} } }`;
const RUN_FIELDS = 'id status variables startedAt finishedAt flow { id name } steps { key status outputs error attempts }';
const START = `mutation($id: ID!, $v: JSON) { startFlowRun(flowId: $id, variables: $v) { ${RUN_FIELDS} } }`;
const RUN = `query($id: ID!) { flowRun(id: $id) { ${RUN_FIELDS} } }`;
const CALLS = `query($f: DeliveryFilter) { deliveries(filter: $f, first: 100) { items { id status action { id } attempts { number outcome willRetry request { headers { name value } } } } } }`;

interface StepRun {
  key: string;
  status: string;
  outputs: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
}
interface Run {
  id: string;
  status: string;
  variables: Record<string, unknown>;
  startedAt: string;
  finishedAt: string | null;
  flow: { id: string; name: string };
  steps: StepRun[];
}

describe('flows', () => {
  let t: TestApp;
  let receiver: Receiver;
  const responses: unknown[] = [];
  let integrationId: string;
  let credentialId: string;
  let createValidation: string;
  let validateCode: string;

  async function ok<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const result = await t.gql<T>(query, variables, token);
    responses.push(result);
    if (result.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }
  async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<unknown>> {
    const result = await t.gql(query, variables, token);
    responses.push(result);
    return result;
  }
  const createAction = async (input: Record<string, unknown>) => (await ok<{ createAction: { id: string } }>(CREATE_ACTION, { id: integrationId, input })).createAction.id;
  const createFlow = async (input: Record<string, unknown>) => (await ok<{ createFlow: { id: string; steps: unknown[] } }>(CREATE_FLOW, { input })).createFlow;
  const start = async (flowId: string, variables: Record<string, unknown>) => (await ok<{ startFlowRun: Run }>(START, { id: flowId, v: variables })).startFlowRun;
  const run = async (id: string) => (await ok<{ flowRun: Run }>(RUN, { id })).flowRun;
  async function finished(id: string, timeoutMs = 15_000): Promise<Run> {
    let last: Run | null = null;
    await waitUntil(
      async () => {
        last = await run(id);
        return last.status === 'SUCCEEDED' || last.status === 'FAILED';
      },
      timeoutMs,
      () => JSON.stringify(last),
    );
    return last as unknown as Run;
  }
  const keyHeader = [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }];

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await startReceiver({
      paths: {
        '/truora/validations': { body: '{"validation_id":"VAL-123","status":"pending"}' },
        '/truora/check': { body: '{"validation_status":"success"}' },
        '/broken': { status: 400, body: '{"error":"bad"}' },
        '/flaky': { failFirst: 1, failStatus: 503, body: '{"done":true}' },
        '/lookup': { body: '{"order":{"name":"#1002"},"n":7}' },
      },
    });
    integrationId = (
      await ok<{ createIntegration: { id: string } }>(CREATE_INTEGRATION, {
        input: { name: 'Truora', authScheme: 'API_KEY', authFields: [{ identifier: 'api_key', name: 'API key', type: 'PASSWORD', required: true }] },
      })
    ).createIntegration.id;
    credentialId = (await ok<{ createCredential: { id: string } }>(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'Production', values: { api_key: API_KEY } } }))
      .createCredential.id;
    createValidation = await createAction({
      name: 'Create user validation',
      inputs: [{ name: 'Account', key: 'account_id', type: 'STRING', required: true }],
      request: { method: 'POST', url: `${receiver.url}/truora/validations`, headers: keyHeader, bodyType: 'JSON', body: '{"account_id": "{{ input.account_id }}"}' },
      outputs: [{ name: 'Validation id', key: 'validation_id', type: 'STRING', required: true }],
    });
    validateCode = await createAction({
      name: 'Validate code',
      inputs: [
        { name: 'Validation id', key: 'validation_id', type: 'STRING', required: true },
        { name: 'Code', key: 'otp', type: 'STRING', required: true },
      ],
      request: { method: 'POST', url: `${receiver.url}/truora/check/{{ input.validation_id }}`, headers: keyHeader, bodyType: 'JSON', body: '{"code": "{{ input.otp }}"}' },
      outputs: [{ name: 'Status', key: 'validation_status', type: 'STRING', required: true }],
    });
  });

  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  const truoraFlow = (extra: Record<string, unknown> = {}) => ({
    name: 'Validate an account',
    steps: [
      { key: 'create', name: 'Create validation', actionId: createValidation, credentialId, inputs: [{ key: 'account_id', value: '{{ account_id }}' }] },
      {
        key: 'check',
        actionId: validateCode,
        credentialId,
        inputs: [
          { key: 'validation_id', value: '{{ steps.create.validation_id }}' },
          { key: 'otp', value: '{{ otp }}' },
        ],
      },
    ],
    ...extra,
  });

  it("runs Truora's example end to end: both steps' outputs, statuses streamed, the key sent and never shown", async () => {
    receiver.reset();
    const flow = await createFlow(truoraFlow());
    expect(flow.steps).toHaveLength(2);
    const ws = t.ws();
    const live = subscribe<{ flowRunUpdated: Run }>(ws, `subscription($f: ID) { flowRunUpdated(flowId: $f) { ${RUN_FIELDS} } }`, { f: flow.id });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = await start(flow.id, { account_id: 'ada.lovelace', otp: '123456' });
    expect(started.flow.id).toBe(flow.id);
    expect(started.steps.map((s) => [s.key, s.status, s.attempts])).toEqual([
      ['create', 'PENDING', 0],
      ['check', 'PENDING', 0],
    ]);
    const done = await finished(started.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.finishedAt).not.toBeNull();
    expect(done.steps).toEqual([
      { key: 'create', status: 'SUCCEEDED', outputs: { validation_id: 'VAL-123' }, error: null, attempts: 1 },
      { key: 'check', status: 'SUCCEEDED', outputs: { validation_status: 'success' }, error: null, attempts: 1 },
    ]);

    const [create, check] = await receiver.waitFor(2);
    expect(create).toMatchObject({ method: 'POST', path: '/truora/validations' });
    expect(JSON.parse(create.body)).toEqual({ account_id: 'ada.lovelace' });
    expect(check).toMatchObject({ method: 'POST', path: '/truora/check/VAL-123' });
    expect(JSON.parse(check.body)).toEqual({ code: '123456' });
    expect(create.headers['truora-api-key']).toBe(API_KEY);
    expect(check.headers['truora-api-key']).toBe(API_KEY);

    await waitUntil(() => live.messages.some((m) => m.flowRunUpdated.status === 'SUCCEEDED'), 5_000, () => JSON.stringify(live.messages));
    const seen = live.messages.map((m) => m.flowRunUpdated).filter((r) => r.id === started.id);
    const statuses = seen.map((r) => `${r.status}:${r.steps.map((s) => s.status).join(',')}`);
    expect(statuses).toContain('RUNNING:RUNNING,PENDING');
    expect(statuses).toContain('RUNNING:SUCCEEDED,RUNNING');
    expect(statuses[statuses.length - 1]).toBe('SUCCEEDED:SUCCEEDED,SUCCEEDED');
    live.stop();

    // Each attempt is in the delivery log, with the key redacted.
    const calls = (await ok<{ deliveries: { items: { action: { id: string } | null; attempts: { request: { headers: { name: string; value: string }[] } }[] }[] } }>(CALLS, {})).deliveries.items;
    const mine = calls.filter((c) => c.action?.id === createValidation || c.action?.id === validateCode);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine[0].attempts[0].request.headers).toContainEqual({ name: 'Truora-API-Key', value: '••••' });

    expect(JSON.stringify(responses)).not.toContain(API_KEY);
    expect(JSON.stringify(live.messages)).not.toContain(API_KEY);
    for (const table of ['deliveries', 'delivery_attempts', 'flows', 'flow_runs', 'credentials']) {
      const rows = await t.app.services.db.query(`SELECT * FROM ${table}`);
      expect(JSON.stringify(rows)).not.toContain(API_KEY);
    }
    expect(t.logs.join('\n')).not.toContain(API_KEY);
  });

  it('STOP ends the run at a failing step; CONTINUE goes on to the next step', async () => {
    const broken = await createAction({ name: 'Broken', request: { method: 'POST', url: `${receiver.url}/broken`, headers: keyHeader } });
    const steps = (onFailure: string) => [
      { key: 'fail', actionId: broken, credentialId, onFailure },
      { key: 'create', actionId: createValidation, credentialId, inputs: [{ key: 'account_id', value: '{{ account_id }}' }] },
    ];
    const stop = await createFlow({ name: 'Stops', steps: steps('STOP') });
    const stopped = await finished((await start(stop.id, { account_id: 'a' })).id);
    expect(stopped.status).toBe('FAILED');
    expect(stopped.steps.map((s) => [s.key, s.status, s.attempts])).toEqual([
      ['fail', 'FAILED', 1],
      ['create', 'PENDING', 0],
    ]);
    expect(stopped.steps[0].error).toContain('HTTP_ERROR');

    const go = await createFlow({ name: 'Continues', steps: steps('CONTINUE') });
    const continued = await finished((await start(go.id, { account_id: 'b' })).id);
    expect(continued.steps.map((s) => [s.key, s.status, s.attempts])).toEqual([
      ['fail', 'FAILED', 1],
      ['create', 'SUCCEEDED', 1],
    ]);
    expect(continued.steps[1].outputs).toEqual({ validation_id: 'VAL-123' });
    // A step failed, so the run did not fully succeed.
    expect(continued.status).toBe('FAILED');
  });

  it('re-runs a step whose worker died mid-attempt (stale claim), and the run completes', async () => {
    const flow = await createFlow({ name: 'Crash', steps: [{ key: 'create', actionId: createValidation, credentialId, inputs: [{ key: 'account_id', value: '{{ account_id }}' }] }] });
    const db = t.app.services.db;
    const [{ workspace_id: workspaceId, steps: plan }] = await db.query('SELECT workspace_id, steps FROM flows WHERE id = $1', [flow.id]);
    // What a worker killed between claiming attempt 1 and recording its outcome leaves behind.
    const claimedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const [{ id: runId }] = await db.query(
      `INSERT INTO flow_runs (workspace_id, flow_id, status, variables, plan, steps) VALUES ($1, $2, 'RUNNING', $3::jsonb, $4::jsonb, $5::jsonb) RETURNING id`,
      [workspaceId, flow.id, JSON.stringify({ account_id: 'crashed' }), JSON.stringify(plan), JSON.stringify([{ key: 'create', status: 'RUNNING', outputs: null, error: null, attempts: 1, claimedAt }])],
    );
    // A step claimed moments ago is left alone.
    expect(await t.app.services.flowRunner.recoverStale(60 * 60_000)).toBe(0);
    expect(await t.app.services.flowRunner.recoverStale()).toBe(1);
    const done = await finished(runId);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps[0]).toMatchObject({ key: 'create', status: 'SUCCEEDED', attempts: 1, outputs: { validation_id: 'VAL-123' } });
  });

  it('retries a retryable failure per the action retry policy, as a scheduled job, then succeeds', async () => {
    receiver.reset();
    const flaky = await createAction({
      name: 'Flaky',
      request: { method: 'POST', url: `${receiver.url}/flaky` },
      outputs: [{ name: 'Done', key: 'done', type: 'BOOLEAN', required: true }],
      retryPolicy: { schedule: [0.3, 0.3] },
    });
    const flow = await createFlow({ name: 'Retries', steps: [{ key: 'flaky', actionId: flaky, credentialId }] });
    const done = await finished((await start(flow.id, {})).id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps).toEqual([{ key: 'flaky', status: 'SUCCEEDED', outputs: { done: true }, error: null, attempts: 2 }]);
    expect(receiver.requests.filter((r) => r.path === '/flaky')).toHaveLength(2);
    const calls = (await ok<{ deliveries: { items: { action: { id: string } | null; status: string; attempts: { outcome: string; willRetry: boolean }[] }[] } }>(CALLS, {})).deliveries.items;
    const attempts = calls.filter((c) => c.action?.id === flaky).flatMap((c) => c.attempts);
    expect(attempts.map((a) => [a.outcome, a.willRetry]).sort()).toEqual([
      ['HTTP_ERROR', true],
      ['SUCCESS', false],
    ]);
  });

  it('starts a run from a matching event, with the payload as variables and dotted output keys by bracket', async () => {
    receiver.reset();
    const lookup = await createAction({
      name: 'Lookup',
      request: { method: 'GET', url: `${receiver.url}/lookup`, headers: keyHeader },
      outputs: [{ name: 'Order', key: 'order.name', type: 'STRING', required: true }],
    });
    const flow = await createFlow({
      name: 'On tickets',
      events: ['ticket.created'],
      steps: [
        { key: 'lookup', actionId: lookup, credentialId },
        { key: 'create', actionId: createValidation, credentialId, inputs: [{ key: 'account_id', value: '{{ ticket.customer.id }}-{{ steps.lookup["order.name"] }}' }] },
      ],
    });
    await ok(`mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }`, { input: { type: 'ticket.created', payload: { ticket: { customer: { id: 'C7' } } } } });
    let runId: string | null = null;
    await waitUntil(async () => {
      const rows: { id: string }[] = await t.app.services.db.query('SELECT id FROM flow_runs WHERE flow_id = $1', [flow.id]);
      runId = rows[0]?.id ?? null;
      return runId !== null;
    });
    const done = await finished(runId as unknown as string);
    expect(done.variables).toEqual({ ticket: { customer: { id: 'C7' } } });
    expect(done.steps.map((s) => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const create = receiver.requests.find((r) => r.path === '/truora/validations');
    expect(JSON.parse(create?.body ?? '{}')).toEqual({ account_id: 'C7-#1002' });
  });

  it('refuses invalid flows with clear messages', async () => {
    const refused = async (input: Record<string, unknown>) => {
      const result = await gql(CREATE_FLOW, { input });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      return firstError(result).message;
    };
    const later = truoraFlow();
    (later.steps as { inputs: { key: string; value: string }[] }[])[0].inputs = [{ key: 'account_id', value: '{{ steps.check.validation_status }}' }];
    expect(await refused(later)).toMatch(/refers to step "check", which is not an earlier step/);
    const unknown = truoraFlow();
    (unknown.steps as { inputs: { key: string; value: string }[] }[])[1].inputs[0].value = '{{ steps.nope.id }}';
    expect(await refused(unknown)).toMatch(/step "nope"/);
    expect(await refused({ name: 'Dup', steps: [truoraFlow().steps[0], truoraFlow().steps[0]] })).toMatch(/used twice/);
    expect(await refused({ name: 'Bad key', steps: [{ ...truoraFlow().steps[0], key: 'not a key' }] })).toMatch(/Step key/);
    expect(await refused({ name: 'Unmapped', steps: [{ key: 'create', actionId: createValidation, credentialId }] })).toMatch(/requires input "account_id"/);
    expect(await refused({ name: 'Undeclared', steps: [{ key: 'create', actionId: createValidation, credentialId, inputs: [{ key: 'account_id', value: 'x' }, { key: 'zzz', value: 'y' }] }] })).toMatch(
      /"zzz" is not an input/,
    );
    expect(await refused({ name: 'No steps', steps: [] })).toMatch(/1 to 50 steps/);

    // Referring to an earlier step is fine, and updateFlow checks the same rules.
    const flow = await createFlow(truoraFlow());
    const updated = await ok<{ updateFlow: { name: string } }>(UPDATE_FLOW, { id: flow.id, input: truoraFlow({ name: 'Renamed' }) });
    expect(updated.updateFlow.name).toBe('Renamed');
    expect(errorCodes(await gql(UPDATE_FLOW, { id: flow.id, input: later }))).toEqual(['BAD_USER_INPUT']);

    // An action that a flow calls cannot be deleted from under it.
    const deleteAction = await gql('mutation($id: ID!) { deleteAction(id: $id) }', { id: validateCode });
    expect(errorCodes(deleteAction)).toEqual(['CONFLICT']);
    expect(firstError(deleteAction).message).toMatch(/is called by flows? .*"Renamed"/);
  });

  it('another workspace gets NOT_FOUND and a VIEWER gets FORBIDDEN', async () => {
    const flow = await createFlow(truoraFlow());
    const mine = await start(flow.id, { account_id: 'x', otp: '1' });
    await finished(mine.id);

    const { createWorkspace } = await ok<{ createWorkspace: { token: string } }>('mutation { createWorkspace(name: "Elsewhere") { token } }');
    const other = createWorkspace.token;
    expect(await ok('{ flows { id } }', {}, other)).toEqual({ flows: [] });
    expect(errorCodes(await gql(RUN, { id: mine.id }, other))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await gql(`query($id: ID!) { flow(id: $id) { id } }`, { id: flow.id }, other))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await gql(START, { id: flow.id, v: {} }, other))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await gql('mutation($id: ID!) { deleteFlow(id: $id) }', { id: flow.id }, other))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await gql(UPDATE_FLOW, { id: flow.id, input: truoraFlow() }, other))).toEqual(['NOT_FOUND']);
    // Its actions are not visible from elsewhere either.
    expect(errorCodes(await gql(CREATE_FLOW, { input: truoraFlow() }, other))).toEqual(['NOT_FOUND']);

    const viewer = await createApiKey(t, 'VIEWER');
    expect(errorCodes(await gql(CREATE_FLOW, { input: truoraFlow() }, viewer.secret))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(START, { id: flow.id, v: {} }, viewer.secret))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql('mutation($id: ID!) { deleteFlow(id: $id) }', { id: flow.id }, viewer.secret))).toEqual(['FORBIDDEN']);
    const read = await ok<{ flowRun: Run }>(RUN, { id: mine.id }, viewer.secret);
    expect(read.flowRun.status).toBe('SUCCEEDED');

    expect(await ok('mutation($id: ID!) { deleteFlow(id: $id) }', { id: flow.id })).toEqual({ deleteFlow: true });
    expect(errorCodes(await gql(RUN, { id: mine.id }))).toEqual(['NOT_FOUND']);
  });
});

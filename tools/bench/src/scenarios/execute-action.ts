import { performance } from 'node:perf_hooks';
import { Pool as HttpPool } from 'undici';
import { percentile, round } from '../load';
import { createWorkspace } from '../setup';
import type { Scenario, ScenarioContext, ScenarioResult } from './scenario';

/** executeAction allows 60 calls of one action per caller per minute: spread the calls below that. */
const CALLS_PER_ACTION = 50;
const RESPONSE = '{"id":"ORD-1002","status":"shipped","items":[{"sku":"A-1","qty":2}]}';

const EXECUTE = `mutation ($id: ID!, $inputs: JSON!) {
  executeAction(id: $id, inputs: $inputs) { ok status outputs errorCode error durationMs }
}`;

interface ActionResult {
  ok: boolean;
  status: number | null;
  outputs: Record<string, unknown>;
  errorCode: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * executeAction overhead: the bot's synchronous call (GraphQL over HTTP with an API key: auth,
 * rate limit, template rendering, SSRF-checked call, output extraction, the call written to the
 * delivery log) against the same request sent raw with undici. Calls alternate one by one, one at
 * a time on keep-alive connections, so both see the same machine; the overhead is the difference
 * of the medians.
 */
export const executeActionScenario: Scenario = {
  name: 'execute-action',
  description: 'executeAction (GraphQL, API key) vs the same POST sent raw, sequential, loopback receiver',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log, signal } = context;
    const workspace = await createWorkspace(env.gql, env.conduitUrl, 'bench actions');
    const set = await fetch(`${env.receiverUrl}/_behaviour?path=/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: RESPONSE, recordBodies: false }),
    });
    if (!set.ok) throw new Error(`the receiver refused the /action behaviour: ${await set.text()}`);
    const integration = await workspace.gql.request<{ createIntegration: { id: string } }>(
      'mutation ($input: IntegrationInput!) { createIntegration(input: $input) { id } }',
      { input: { name: 'Bench shop', authScheme: 'NONE' } },
    );
    const actionCount = Math.ceil(options.actionCalls / CALLS_PER_ACTION);
    const actions: string[] = [];
    for (let i = 0; i < actionCount; i++) {
      const created = await workspace.gql.request<{ createAction: { id: string } }>(
        'mutation ($integrationId: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $integrationId, input: $input) { id } }',
        {
          integrationId: integration.createIntegration.id,
          input: {
            name: `Look up order ${i}`,
            inputs: [{ name: 'Order id', key: 'order_id', type: 'STRING', required: true }],
            request: {
              method: 'POST',
              url: `${env.receiverUrl}/action/orders`,
              headers: [{ key: 'x-shop', value: 'bench' }],
              bodyType: 'JSON',
              body: '{"order_id": "{{ input.order_id }}", "expand": ["items"]}',
            },
            outputs: [
              { name: 'Order', key: 'id', type: 'STRING', required: true },
              { name: 'Status', key: 'status', type: 'STRING', required: true },
            ],
          },
        },
      );
      actions.push(created.createAction.id);
    }
    log(`execute-action: ${options.actionCalls} executeAction calls and ${options.actionCalls} raw calls, alternating`);
    const conduit = new HttpPool(env.conduitUrl, { connections: 1 });
    const receiver = new HttpPool(env.receiverUrl, { connections: 1 });
    const rawBody = JSON.stringify({ order_id: '1002', expand: ['items'] });
    const executeMs: number[] = [];
    const rawMs: number[] = [];
    const serverMs: number[] = [];
    let failures = 0;
    let firstFailure: string | null = null;
    try {
      for (let i = 0; i < options.actionCalls && !signal.aborted; i++) {
        const r0 = performance.now();
        const raw = await receiver.request({ method: 'POST', path: '/action/orders', headers: { 'content-type': 'application/json', 'x-shop': 'bench' }, body: rawBody });
        await raw.body.text();
        rawMs.push(performance.now() - r0);

        const e0 = performance.now();
        const response = await conduit.request({
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${workspace.apiKey}` },
          body: JSON.stringify({ query: EXECUTE, variables: { id: actions[i % actions.length], inputs: { order_id: '1002' } } }),
        });
        const result = (await response.body.json()) as { data?: { executeAction: ActionResult }; errors?: { message: string }[] };
        executeMs.push(performance.now() - e0);
        const call = result.data?.executeAction;
        if (!call?.ok || call.outputs.id !== 'ORD-1002') {
          failures++;
          firstFailure ??= JSON.stringify(result.errors ?? call).slice(0, 500);
        } else serverMs.push(call.durationMs);
      }
    } finally {
      await conduit.close();
      await receiver.close();
    }
    const p50 = (values: number[]) => percentile(values, 50);
    const overhead = p50(executeMs) !== null && p50(rawMs) !== null ? (p50(executeMs) as number) - (p50(rawMs) as number) : null;
    return {
      scenario: this.name,
      description: this.description,
      figures: [
        { key: 'calls', label: 'calls of each kind', value: executeMs.length },
        { key: 'rawP50Ms', label: 'raw POST p50 / p95', value: `${round(p50(rawMs), 2)} / ${round(percentile(rawMs, 95), 2)}`, unit: 'ms' },
        { key: 'executeP50Ms', label: 'executeAction p50 / p95', value: `${round(p50(executeMs), 2)} / ${round(percentile(executeMs, 95), 2)}`, unit: 'ms' },
        { key: 'overheadP50Ms', label: 'overhead p50 (executeAction − raw)', value: round(overhead, 2), unit: 'ms' },
        { key: 'serverCallP50Ms', label: 'the outbound call inside Conduit p50 (durationMs)', value: round(p50(serverMs), 1), unit: 'ms' },
        { key: 'failures', label: 'calls not ok or with wrong outputs', value: failures },
      ],
      goal: { goal: 'none in DESIGN.md (measured: executeAction overhead over the raw call, p50)', measured: `${round(overhead, 2)} ms`, met: null },
      checks: [{ name: 'every executeAction call ok with its outputs', ok: failures === 0 && executeMs.length === options.actionCalls, detail: firstFailure ?? undefined }],
      details: { actions: actions.length, firstFailure },
    };
  },
};

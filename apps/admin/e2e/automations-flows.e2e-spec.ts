import type { Locator, Page } from 'playwright-core';
import { eventually, launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

const CREATE_INTEGRATION = `mutation($input: IntegrationInput!) { createIntegration(input: $input) { id } }`;
const CREATE_CREDENTIAL = `mutation($id: ID!, $input: CredentialInput!) { createCredential(integrationId: $id, input: $input) { id } }`;
const CREATE_ACTION = `mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) { id } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }`;
const CONTEXT = `query($s: String!) { contextData(subject: $s) { name data } }`;
const AUTOMATIONS = `{ automations { name events storeAs subject inputs { key value } credential { name } action { name } } }`;

const ADD_MEMBER = `mutation($input: AddMemberInput!) { addMember(input: $input) { temporaryPassword } }`;

const API_KEY = 'sk_live_crm_123';

/** Waits until an input shows `value` (what the person sees in the field). */
async function hasValue(input: Locator, value: string): Promise<void> {
  await eventually(async () => ((await input.inputValue()) === value ? true : undefined), `the field to show ${value}`);
}

/** Picks an option of a Mantine Select by its label. */
async function choose(scope: Page | Locator, page: Page, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('automations and flows in the console', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const token = await stack.ownerToken();
    const integrationId = (
      await stack.graphql<{ createIntegration: { id: string } }>(
        CREATE_INTEGRATION,
        { input: { name: 'CRM', authScheme: 'API_KEY', authFields: [{ identifier: 'api_key', name: 'API key', type: 'PASSWORD', required: true }] } },
        token,
      )
    ).createIntegration.id;
    await stack.graphql(CREATE_CREDENTIAL, { id: integrationId, input: { name: 'Production', values: { api_key: API_KEY } } }, token);
    const keyHeader = [{ key: 'X-Api-Key', value: '{{ credential.api_key }}' }];
    await stack.graphql(
      CREATE_ACTION,
      {
        id: integrationId,
        input: {
          name: 'Find user',
          inputs: [{ name: 'Email', key: 'email', type: 'STRING', required: true }],
          request: { method: 'GET', url: `${stack.receiver.url}/crm/users?email={{ input.email }}`, headers: keyHeader },
          outputs: [{ name: 'User id', key: 'id', type: 'STRING', required: true }],
        },
      },
      token,
    );
    await stack.graphql(
      CREATE_ACTION,
      {
        id: integrationId,
        input: {
          name: 'Add note',
          inputs: [{ name: 'User id', key: 'user_id', type: 'STRING', required: true }],
          request: { method: 'POST', url: `${stack.receiver.url}/crm/notes`, headers: keyHeader, bodyType: 'JSON', body: '{"user_id": "{{ input.user_id }}"}' },
          outputs: [{ name: 'Note id', key: 'note_id', type: 'STRING', required: true }],
        },
      },
      token,
    );
    stack.receiver.setBehaviour({ body: '{"id": "usr_42", "name": "Ada"}' }, '/crm/users');
    // Slow enough for the live view to show the step running before it succeeds.
    stack.receiver.setBehaviour({ body: '{"note_id": "note_7"}', latencyMs: 2500 }, '/crm/notes');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  beforeEach(async () => {
    ({ page } = await browser.newPage(stack.url));
  });

  it('creates an automation with the placeholder menu, and a published ticket.created calls the action with the customer’s email', async () => {
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await page.getByRole('link', { name: 'Automations', exact: true }).click();
    await page.getByText('No automations yet').waitFor();
    await page.getByRole('link', { name: 'New automation' }).first().click();

    await page.getByLabel('Name').fill('Look up the customer');
    const events = page.getByRole('combobox', { name: 'Events' });
    await events.fill('ticket.created');
    await events.press('Enter');
    await events.press('Escape');
    await choose(page, page, 'Integration', 'CRM');
    await choose(page, page, 'Action', 'Find user');
    // The only credential of the integration is chosen for us.
    await hasValue(page.getByRole('combobox', { name: 'Credential' }), 'Production');

    await page.getByRole('button', { name: 'Insert a placeholder into Email' }).click();
    // The menu offers the fields of ticket.created's example payload, with their sample values.
    const option = page.getByRole('option', { name: '{{ ticket.customer.email }}' });
    await option.waitFor();
    await page.getByRole('option', { name: '{{ event.type }}' }).waitFor();
    await screenshot(page, 'automation-editor');
    await option.click();
    await hasValue(page.getByRole('textbox', { name: 'Email' }), '{{ ticket.customer.email }}');

    await page.getByLabel('Store as').fill('customer');
    await page.getByRole('button', { name: 'Insert a placeholder into Subject' }).click();
    await page.getByRole('option', { name: '{{ ticket.customer.email }}' }).click();

    await page.getByRole('button', { name: 'Create automation' }).click();
    await page.getByText('Look up the customer is created').waitFor();
    await page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);

    const { automations } = await stack.graphql<{ automations: Array<Record<string, unknown>> }>(AUTOMATIONS, {}, await stack.ownerToken());
    expect(automations).toEqual([
      {
        name: 'Look up the customer',
        events: ['ticket.created'],
        storeAs: 'customer',
        subject: '{{ ticket.customer.email }}',
        inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }],
        credential: { name: 'Production' },
        action: { name: 'Find user' },
      },
    ]);

    await page.getByRole('link', { name: 'All automations' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Look up the customer' });
    await row.getByText('CRM › Find user').waitFor();
    await row.getByText('customer', { exact: true }).waitFor();
    await row.getByText('Healthy').waitFor();

    await stack.graphql(PUBLISH, { input: { type: 'ticket.created', payload: { ticket: { id: 'tk_1', customer: { email: 'ada@example.com' } } } } }, await stack.ownerToken());
    const call = await eventually(() => stack.receiver.requests.find((r) => r.path.startsWith('/crm/users')), 'the CRM lookup');
    expect(call.path).toBe('/crm/users?email=ada%40example.com');
    expect(call.headers['x-api-key']).toBe(API_KEY);
    await screenshot(page, 'automations-list');

    // What the automation kept, in the context lookup.
    await eventually(async () => {
      const { contextData } = await stack.graphql<{ contextData: unknown[] }>(CONTEXT, { s: 'ada@example.com' }, await stack.ownerToken());
      return contextData.length > 0 ? contextData : undefined;
    }, 'the context record');
    await page.getByRole('link', { name: 'Context lookup' }).click();
    await page.getByLabel('Subject').fill('ada@example.com');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('row').filter({ hasText: 'customer' }).getByText('"usr_42"').first().waitFor();
  });

  it('builds a two-step flow where step 2 uses step 1’s output, runs it and watches the run live', async () => {
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await page.getByRole('link', { name: 'Flows', exact: true }).click();
    await page.getByText('No flows yet').waitFor();
    await page.getByRole('link', { name: 'New flow' }).first().click();

    await page.getByRole('textbox', { name: 'Name', exact: true }).first().fill('Note the customer');
    const first = page.getByRole('group', { name: 'Step 1' });
    await first.getByRole('textbox', { name: 'Key' }).fill('lookup');
    await first.getByRole('textbox', { name: 'Name' }).fill('Find the customer');
    await choose(first, page, 'Integration', 'CRM');
    await choose(first, page, 'Action', 'Find user');
    await first.getByRole('textbox', { name: 'Email' }).fill('{{ email }}');

    await page.getByRole('button', { name: 'Add step' }).click();
    const second = page.getByRole('group', { name: 'Step 2' });
    await second.getByRole('textbox', { name: 'Key' }).fill('note');
    await second.getByRole('textbox', { name: 'Name' }).fill('Add a note');
    await choose(second, page, 'Integration', 'CRM');
    await choose(second, page, 'Action', 'Add note');
    await second.getByRole('button', { name: 'Insert a placeholder into User id' }).click();
    // Step 1's outputs are offered, and the variables the flow already uses.
    await page.getByRole('option', { name: '{{ email }}' }).waitFor();
    await screenshot(page, 'flow-editor');
    await page.getByRole('option', { name: '{{ steps.lookup.id }}' }).click();
    await hasValue(second.getByRole('textbox', { name: 'User id' }), '{{ steps.lookup.id }}');

    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByText('Note the customer is created').waitFor();
    await page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    const flowUrl = page.url();
    await page.getByText('No runs yet').waitFor();

    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.getByRole('button', { name: 'Run now' }).click();
    const variables = page.getByRole('textbox', { name: 'Variables' });
    expect(JSON.parse(await variables.inputValue())).toEqual({ email: '' });
    await variables.fill('{"email": "ada@example.com"}');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/flows\/[0-9a-f-]{36}\/runs\/[0-9a-f-]{36}$/);

    // Live: step 1 done and step 2 running (the CRM answers notes after 2.5 s), then the run succeeds.
    const lookup = page.getByRole('region', { name: 'Step lookup' });
    const note = page.getByRole('region', { name: 'Step note' });
    await note.getByText('Running').waitFor();
    await lookup.getByText('Succeeded').waitFor();
    await lookup.getByText('"usr_42"').waitFor();
    await page.locator('[data-testid="run-status"][data-status="SUCCEEDED"]').waitFor();
    await note.getByText('"note_7"').waitFor();
    await note.getByText('1 attempt').waitFor();
    await screenshot(page, 'flow-run');
    // The page changed by itself: the only navigation was the client-side one to the run.
    expect(navigations).toBeLessThanOrEqual(1);

    const notes = stack.receiver.requests.filter((r) => r.path === '/crm/notes');
    expect(notes).toHaveLength(1);
    expect(JSON.parse(notes[0].body)).toEqual({ user_id: 'usr_42' });

    await page.getByRole('link', { name: 'Note the customer' }).click();
    expect(page.url()).toBe(flowUrl);
    const history = page.getByRole('table', { name: 'Run history' });
    await history.getByRole('row').filter({ hasText: 'Succeeded' }).filter({ hasText: '2 of 2 steps done' }).waitFor();

    await page.getByRole('link', { name: 'Flows', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'Note the customer' }).waitFor();
    await screenshot(page, 'flows-list');
  });

  it('shows a viewer automations, flows and runs without any control that changes them', async () => {
    const { addMember } = await stack.graphql<{ addMember: { temporaryPassword: string } }>(
      ADD_MEMBER,
      { input: { email: 'viewer@example.com', role: 'VIEWER' } },
      await stack.ownerToken(),
    );
    await signIn(page, 'viewer@example.com', addMember.temporaryPassword);

    await page.getByRole('link', { name: 'Automations', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'Look up the customer' });
    await row.getByText('Yes', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'New automation' }).count()).toBe(0);
    expect(await row.getByRole('switch').count()).toBe(0);
    expect(await row.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    await row.getByRole('link', { name: 'Look up the customer' }).click();
    await page.getByText('You can look at this automation').waitFor();
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Save|Insert a placeholder/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'Flows', exact: true }).click();
    await page.getByRole('link', { name: 'Note the customer' }).click();
    await page.getByRole('table', { name: 'Run history' }).getByText('Succeeded').waitFor();
    expect(await page.getByRole('button', { name: /Run now|Delete/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
  });

  it('deletes an automation from the list after its confirmation', async () => {
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await page.getByRole('link', { name: 'Automations', exact: true }).click();
    await page.getByRole('button', { name: 'Delete Look up the customer' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Look up the customer' });
    await confirm.getByText('Its open deliveries are cancelled').waitFor();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Look up the customer was deleted.').waitFor();
    await page.getByText('No automations yet').waitFor();
    const { automations } = await stack.graphql<{ automations: unknown[] }>(AUTOMATIONS, {}, await stack.ownerToken());
    expect(automations).toEqual([]);
  });
});

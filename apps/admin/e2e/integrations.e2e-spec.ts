import type { Locator, Page } from 'playwright-core';
import { dismissNotifications, launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

/** The key the admin types into the credential; the console must never show it again. */
const TRUORA_KEY = 'tru-live-4f9a27c1d8e3';
const SANDBOX_KEY = 'tru-sandbox-77b0e5';

interface StoredAction {
  action: { name: string; outputs: Array<{ key: string; type: string; required: boolean }>; request: { headers: Array<{ key: string; value: string }>; body: string | null } };
}

/** A text field (input or textarea) by its exact accessible name. */
function box(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('textbox', { name, exact: true });
}

/** Inserts a variable with the "+" placeholder menu of a template field. */
async function insertVariable(page: Page, field: string, expression: string): Promise<void> {
  await page.getByRole('button', { name: `Insert a placeholder into ${field}`, exact: true }).click();
  await page.getByRole('option', { name: expression, exact: true }).click();
  await page.getByRole('listbox', { name: 'Placeholders' }).waitFor({ state: 'hidden' });
}

/** The test panel of the action page. */
function testPanelOf(page: Page): Locator {
  return page.getByRole('region', { name: 'Test' });
}

/** Puts the cursor of a field between the quotes at the end of `…: ""}`. */
async function cursorBeforeClosingQuote(field: Locator): Promise<void> {
  await field.press('End');
  await field.press('ArrowLeft');
  await field.press('ArrowLeft');
}

describe('integrations', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;
  let receiver: Stack['receiver'];

  beforeAll(async () => {
    stack = await startStack();
    receiver = stack.receiver;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  // Truora's guide, step by step, in one browser page: each test continues where the previous one stopped.
  it('creates Truora through the wizard: details, API key auth with the identifier rule from the API, a test request', async () => {
    ({ page } = await browser.newPage(stack.url));
    receiver.setBehaviour({ status: 200, body: JSON.stringify({ account_id: 'ACC-1', status: 'active' }) }, '/truora/v1/account');
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);

    // The empty list says what integrations are for.
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByText('No integrations yet').waitFor();
    await page.getByText('describes an external API once').waitFor();
    await page.getByRole('link', { name: 'New integration' }).click();

    // 1. Details: saving creates the integration.
    await box(page, 'Name').fill('Truora');
    await box(page, 'Description').fill('Validates customers with a one-time code.');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // 2. Auth scheme and fields; the identifier rule comes from the API.
    await page.getByRole('radio', { name: 'API key' }).check();
    await page.getByRole('button', { name: 'Add auth field' }).click();
    await box(page, 'Auth field 1 identifier').fill('API-Key');
    await box(page, 'Auth field 1 display name').fill('API key');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByText('Auth field identifier "API-Key" is not valid').waitFor();
    await box(page, 'Auth field 1 identifier').fill('api_key');
    expect(await page.getByRole('combobox', { name: 'Auth field 1 type' }).inputValue()).toBe('Password');
    await dismissNotifications(page);
    await screenshot(page, 'integration-wizard-auth');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // 3. Test request, with the key placed in a header through the "+" menu.
    await page.getByText('A simple request that proves a credential works').waitFor();
    await box(page, 'URL').fill(`${receiver.url}/truora/v1/account`);
    await page.getByRole('button', { name: 'Add header' }).click();
    await box(page, 'Header 1 name').fill('Truora-API-Key');
    await insertVariable(page, 'Header 1 value', '{{ credential.api_key }}');
    expect(await box(page, 'Header 1 value').inputValue()).toBe('{{ credential.api_key }}');
    await page.getByRole('button', { name: 'Save and continue' }).click();

  });

  it('adds, tests, renames and removes credentials, showing the key as •••• only', async () => {
    // 4. Credentials: add one (a password input), which is tested at once against the test request.
    await page.getByRole('button', { name: 'Add credential' }).click();
    const modal = page.getByRole('dialog', { name: 'Add a credential' });
    await box(modal, 'Credential name').fill('Production');
    const keyInput = modal.getByLabel('API key');
    expect(await keyInput.getAttribute('type')).toBe('password');
    await keyInput.fill(TRUORA_KEY);
    await modal.getByRole('button', { name: 'Save and test' }).click();
    const testModal = page.getByRole('dialog', { name: 'Test of “Production”' });
    await testModal.getByTestId('credential-test-outcome').filter({ hasText: 'Passed' }).waitFor();
    await testModal.getByText('Truora-API-Key').first().waitFor();
    await testModal.getByText('ACC-1').waitFor();
    expect(await testModal.textContent()).not.toContain(TRUORA_KEY);
    expect(await testModal.getByTestId('exchange-request').textContent()).toContain('••••');
    const [ping] = await receiver.waitFor(1);
    expect(ping.headers['truora-api-key']).toBe(TRUORA_KEY);
    await page.keyboard.press('Escape');
    await testModal.waitFor({ state: 'hidden' });
    // Several credentials: add a sandbox one, rename it (its key stays), test it again, remove it.
    await page.getByRole('button', { name: 'Add credential' }).click();
    const second = page.getByRole('dialog', { name: 'Add a credential' });
    await box(second, 'Credential name').fill('Sandbox');
    await second.getByLabel('API key').fill(SANDBOX_KEY);
    await second.getByRole('button', { name: 'Save and test' }).click();
    await page.getByRole('dialog', { name: 'Test of “Sandbox”' }).getByTestId('credential-test-outcome').filter({ hasText: 'Passed' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Edit Sandbox' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit credential “Sandbox”' });
    expect(await edit.getByLabel('API key').inputValue()).toBe('');
    await box(edit, 'Credential name').fill('Sandbox (old)');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await edit.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Test Sandbox (old)' }).click();
    await page.getByRole('dialog', { name: 'Test of “Sandbox (old)”' }).getByTestId('credential-test-outcome').filter({ hasText: 'Passed' }).waitFor();
    expect(receiver.requests.at(-1)?.headers['truora-api-key']).toBe(SANDBOX_KEY);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Remove Sandbox (old)' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByTestId('credential-row').filter({ hasText: 'Sandbox' }).waitFor({ state: 'detached' });

    const credentialRow = page.getByTestId('credential-row').filter({ hasText: 'Production' });
    await credentialRow.getByText('••••').waitFor();
    await dismissNotifications(page);
    await screenshot(page, 'integration-credentials');
    expect(await page.content()).not.toContain(TRUORA_KEY);
    expect(await page.content()).not.toContain(SANDBOX_KEY);
    await page.getByRole('button', { name: 'Continue to actions' }).click();

  });

  it('builds action 1 with the "+" menu, tests it from the test panel and keeps validation_id as an output', async () => {
    // 5. Actions. Action 1: Create validation.
    await page.getByRole('link', { name: 'New action' }).click();
    await box(page, 'Name').fill('Create validation');
    await page.getByRole('button', { name: 'Add input' }).click();
    await box(page, 'Input 1 name').fill('Phone');
    await box(page, 'Input 1 key').fill('phone');
    await box(page, 'URL').fill(`${receiver.url}/truora/v1/validations`);
    await page.getByRole('button', { name: 'Add header' }).click();
    await box(page, 'Header 1 name').fill('Truora-API-Key');
    await insertVariable(page, 'Header 1 value', '{{ credential.api_key }}');
    await page.getByText('JSON', { exact: true }).click();
    const body = box(page, 'JSON body');
    await body.fill('{"phone": ""}');
    await cursorBeforeClosingQuote(body);
    await insertVariable(page, 'JSON body', '{{ input.phone }}');
    expect(await body.inputValue()).toBe('{"phone": "{{ input.phone }}"}');
    await dismissNotifications(page);
    await screenshot(page, 'action-editor');
    await page.getByRole('button', { name: 'Create action' }).click();

    // Test it from the test panel and pick validation_id as an output.
    receiver.setBehaviour({ status: 200, body: JSON.stringify({ validation_id: 'VAL-123', status: 'pending' }) }, '/truora/v1/validations');
    const testPanel = testPanelOf(page);
    await box(testPanel, 'Phone (phone)').fill('+573001234567');
    expect(await testPanel.getByRole('combobox', { name: 'Credential' }).inputValue()).toBe('Production');
    await testPanel.getByRole('button', { name: 'Run test' }).click();
    const result = testPanel.getByTestId('test-result');
    await result.getByText('OK', { exact: true }).waitFor();
    await result.getByText('HTTP 200').first().waitFor();
    await result.getByTestId('exchange-response').getByText('"validation_id": "VAL-123"').waitFor();
    expect(await result.getByTestId('exchange-request').textContent()).toContain('••••');
    await result.getByRole('checkbox', { name: 'Pick validation_id' }).check();
    await box(result, 'Output name for validation_id').fill('Validation ID');
    expect(await result.getByRole('combobox', { name: 'Output type for validation_id' }).inputValue()).toBe('String');
    await result.getByRole('button', { name: /^Add to outputs/ }).click();
    expect(await box(page, 'Output 1 key').inputValue()).toBe('validation_id');
    await dismissNotifications(page);
    await screenshot(page, 'action-test-panel');
    await page.getByRole('button', { name: 'Save action' }).click();
    await page.getByText('All changes saved.').waitFor();

    const validationCall = receiver.requests.find((request) => request.path === '/truora/v1/validations');
    expect(validationCall?.headers['truora-api-key']).toBe(TRUORA_KEY);
    expect(JSON.parse(validationCall?.body ?? '{}')).toEqual({ phone: '+573001234567' });
    expect(await page.content()).not.toContain(TRUORA_KEY);

    const actionId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const stored = await stack.graphql<StoredAction>(
      'query($id: ID!) { action(id: $id) { name outputs { key type required } request { headers { key value } body } } }',
      { id: actionId },
      await stack.ownerToken(),
    );
    expect(stored.action.outputs).toEqual([{ key: 'validation_id', type: 'STRING', required: true }]);
    expect(stored.action.request.headers).toEqual([{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }]);

  });

  it('builds action 2, Validate OTP, with the validation id in the URL path and the code in the body; the list counts both', async () => {
    // Action 2: Validate OTP, with the validation id in the URL path and the code in the body.
    await page.getByRole('link', { name: 'Truora' }).click();
    await page.getByRole('link', { name: 'New action' }).click();
    await box(page, 'Name').fill('Validate OTP');
    await page.getByRole('button', { name: 'Add input' }).click();
    await box(page, 'Input 1 name').fill('Validation ID');
    await box(page, 'Input 1 key').fill('validation_id');
    await page.getByRole('button', { name: 'Add input' }).click();
    await box(page, 'Input 2 name').fill('OTP');
    await box(page, 'Input 2 key').fill('otp');
    const url = box(page, 'URL');
    await url.fill(`${receiver.url}/truora/v1/validations/`);
    await insertVariable(page, 'URL', '{{ input.validation_id }}');
    await page.keyboard.type('/validate');
    expect(await url.inputValue()).toBe(`${receiver.url}/truora/v1/validations/{{ input.validation_id }}/validate`);
    await page.getByRole('button', { name: 'Add header' }).click();
    await box(page, 'Header 1 name').fill('Truora-API-Key');
    await insertVariable(page, 'Header 1 value', '{{ credential.api_key }}');
    await page.getByText('JSON', { exact: true }).click();
    const otpBody = box(page, 'JSON body');
    await otpBody.fill('{"code": ""}');
    await cursorBeforeClosingQuote(otpBody);
    await insertVariable(page, 'JSON body', '{{ input.otp }}');
    await page.getByRole('button', { name: 'Create action' }).click();

    receiver.setBehaviour({ status: 200, body: JSON.stringify({ validation_status: 'success' }) }, '/truora/v1/validations/VAL-123');
    const testPanel = testPanelOf(page);
    const result = testPanel.getByTestId('test-result');
    await box(testPanel, 'Validation ID (validation_id)').fill('VAL-123');
    await box(testPanel, 'OTP (otp)').fill('123456');
    await testPanel.getByRole('button', { name: 'Run test' }).click();
    await result.getByText('OK', { exact: true }).waitFor();
    await result.getByRole('checkbox', { name: 'Pick validation_status' }).check();
    await result.getByRole('button', { name: /^Add to outputs/ }).click();
    await page.getByRole('button', { name: 'Save action' }).click();
    await page.getByText('All changes saved.').waitFor();
    const otpCall = receiver.requests.find((request) => request.path === '/truora/v1/validations/VAL-123/validate');
    expect(otpCall?.method).toBe('POST');
    expect(JSON.parse(otpCall?.body ?? '{}')).toEqual({ code: '123456' });

    // The list: name, auth scheme, one credential, two actions.
    await page.getByRole('link', { name: 'Integrations' }).first().click();
    const row = page.getByRole('row').filter({ hasText: 'Truora' });
    await row.getByText('API key').waitFor();
    expect((await row.getByRole('cell').allTextContents()).slice(2)).toEqual(['1', '2']);
    await dismissNotifications(page);
    await screenshot(page, 'integrations-list');
    expect(await page.content()).not.toContain(TRUORA_KEY);
  });

  it('shows a viewer every part read-only, with no wizard, edit, test or credential controls and no secret', async () => {
    const token = await stack.ownerToken();
    const { createIntegration } = await stack.graphql<{ createIntegration: { id: string } }>(
      `mutation($input: IntegrationInput!) { createIntegration(input: $input) { id } }`,
      {
        input: {
          name: 'Zendesk',
          authScheme: 'BASIC',
          authFields: [
            { identifier: 'username', name: 'Email', type: 'TEXT', required: true },
            { identifier: 'password', name: 'API token', type: 'PASSWORD', required: true },
          ],
        },
      },
      token,
    );
    await stack.graphql(
      `mutation($id: ID!, $input: CredentialInput!) { createCredential(integrationId: $id, input: $input) { id } }`,
      { id: createIntegration.id, input: { name: 'Support desk', values: { username: 'agent@example.com', password: 'zd-secret-991' } } },
      token,
    );
    const { createAction } = await stack.graphql<{ createAction: { id: string } }>(
      `mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) { id } }`,
      {
        id: createIntegration.id,
        input: {
          name: 'Find ticket',
          inputs: [{ name: 'Ticket', key: 'ticket_id', type: 'INTEGER', required: true }],
          request: { method: 'GET', url: `${stack.receiver.url}/zendesk/tickets/{{ input.ticket_id }}` },
        },
      },
      token,
    );
    const { addMember } = await stack.graphql<{ addMember: { temporaryPassword: string } }>(
      `mutation { addMember(input: { email: "viewer@example.com", role: VIEWER }) { temporaryPassword } }`,
      {},
      token,
    );

    ({ page } = await browser.newPage(stack.url));
    await signIn(page, 'viewer@example.com', addMember.temporaryPassword);
    await page.goto('/integrations');
    await page.getByRole('link', { name: 'Zendesk' }).click();
    await page.getByRole('tab', { name: /Actions/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete integration' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New action' }).count()).toBe(0);

    await page.getByRole('tab', { name: /Credentials/ }).click();
    const credential = page.getByTestId('credential-row').filter({ hasText: 'Support desk' });
    await credential.waitFor();
    expect(await credential.getByText('••••').count()).toBe(2);
    for (const name of ['Test Support desk', 'Edit Support desk', 'Remove Support desk', 'Add credential']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.content()).not.toContain('zd-secret-991');

    await page.getByRole('tab', { name: 'Authentication' }).click();
    expect(await box(page, 'Auth field 1 identifier').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: /Save/ }).count()).toBe(0);

    await page.goto(`/integrations/${createIntegration.id}/actions/${createAction.id}`);
    await box(page, 'URL').waitFor();
    expect(await box(page, 'URL').getAttribute('readonly')).not.toBeNull();
    for (const name of ['Save action', 'Run test', 'Delete action', 'Add input']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.getByRole('button', { name: /Insert a placeholder/ }).count()).toBe(0);

    await page.goto('/integrations/new');
    await page.getByText('Read-only access').waitFor();
    expect(await page.getByRole('button', { name: 'Save and continue' }).count()).toBe(0);
  });
});

import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

const VIEWER_EMAIL = 'viewer@example.com';
const CREDENTIAL_SECRET = 'sk_live_supersecret';

/** Controls that change something (their names start with the verb); a VIEWER must see none of them. */
const EDIT_CONTROL = /^\s*(create|new|add|delete|edit|revoke|send test event|test|publish|remove|rotate|retry|replay|recover|enable|disable|start|run)\b/i;

/** Every section of the console a VIEWER can open, with what must be on it once it has loaded. */
const VIEWER_PAGES = ['/', '/settings/workspace', '/settings/api-keys', '/settings/members', '/settings/account', '/webhooks', '/integrations', '/automations', '/flows', '/events', '/deliveries'];

/** The texts of the buttons and links in the page's main area that would change something. */
async function editControls(page: Page): Promise<string[]> {
  const main = page.getByRole('main');
  return [
    ...(await main.getByRole('button', { name: EDIT_CONTROL }).allTextContents()),
    ...(await main.getByRole('link', { name: EDIT_CONTROL }).allTextContents()),
  ];
}

describe('settings: API keys, members, password', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;
  /** Filled in by the tests that create them, checked by the VIEWER test. */
  const secrets: string[] = [];
  let viewerPassword = '';

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    ({ page } = await browser.newPage(stack.url));
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  function publishWith(apiKey: string): Promise<Response> {
    return fetch(`${stack.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'ticket.created', payload: { ticket: { id: 'T-1' } } }),
    });
  }

  it('shows a new API key once; it publishes events until it is revoked', async () => {
    await page.goto('/settings/api-keys');
    await page.getByRole('heading', { name: 'No API keys yet' }).waitFor();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const create = page.getByRole('dialog', { name: 'New API key' });
    await create.getByLabel('Name').fill('Chat platform');
    await create.getByRole('button', { name: 'Create key' }).click();

    const secret = ((await page.getByTestId('secret-value').textContent()) ?? '').trim();
    expect(secret).toMatch(/^cdk_/);
    secrets.push(secret);
    await page.getByText(`-H "Authorization: Bearer ${secret}"`).waitFor();
    await screenshot(page, 'settings-api-key-created');
    expect((await publishWith(secret)).status).toBe(202);

    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Chat platform/ });
    await row.getByText('Active').waitFor();
    await row.getByText('DEVELOPER').waitFor();
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, 'settings-api-keys');

    await page.getByRole('button', { name: 'Revoke Chat platform' }).click();
    await page.getByRole('dialog', { name: 'Revoke “Chat platform”?' }).getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText(/^Revoked /).waitFor();
    expect((await publishWith(secret)).status).toBe(401);
  });

  it("adds viewer@example.com as VIEWER and shows the new account's temporary password once", async () => {
    await page.goto('/settings/members');
    await page.getByRole('row', { name: new RegExp(OWNER_EMAIL) }).waitFor();
    await page.getByRole('button', { name: 'Add member' }).click();
    const add = page.getByRole('dialog', { name: 'Add member' });
    await add.getByLabel('Email').fill(VIEWER_EMAIL);
    await add.getByLabel('Role', { exact: true }).click();
    await page.getByRole('option', { name: /^VIEWER/ }).click();
    await add.getByRole('button', { name: 'Add member' }).click();

    await page.getByRole('dialog', { name: `${VIEWER_EMAIL} was added` }).waitFor();
    viewerPassword = ((await page.getByTestId('secret-value').textContent()) ?? '').trim();
    expect(viewerPassword.length).toBeGreaterThanOrEqual(16);
    await page.getByText('Share it securely', { exact: false }).waitFor();
    await screenshot(page, 'settings-member-added');
    await page.getByRole('button', { name: 'I have passed it on' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const row = page.getByRole('row', { name: new RegExp(VIEWER_EMAIL) });
    await row.waitFor();
    expect(await row.getByLabel(`Role of ${VIEWER_EMAIL}`).inputValue()).toBe('VIEWER');
    await row.getByText('Temporary password', { exact: true }).waitFor();
    expect(await page.content()).not.toContain(viewerPassword);
    await screenshot(page, 'settings-members');
  });

  it("gives the new member a new temporary password: shown once, it signs in and the old one no longer does", async () => {
    const login = (password: string) => stack.graphql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: VIEWER_EMAIL, p: password });
    await page.getByRole('button', { name: `New password for ${VIEWER_EMAIL}` }).click();
    const confirm = page.getByRole('dialog', { name: `Give ${VIEWER_EMAIL} a new temporary password?` });
    await confirm.getByRole('button', { name: 'Give a new password' }).click();
    await page.getByRole('dialog', { name: `New temporary password for ${VIEWER_EMAIL}` }).waitFor();
    const fresh = ((await page.getByTestId('secret-value').textContent()) ?? '').trim();
    expect(fresh.length).toBeGreaterThanOrEqual(16);
    expect(fresh).not.toBe(viewerPassword);
    await page.getByRole('button', { name: 'I have passed it on' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(fresh);

    await expect(login(viewerPassword)).rejects.toThrow('Wrong email or password.');
    expect((await login(fresh)).login.token).toBeTruthy();
    viewerPassword = fresh;
  });

  it('a VIEWER sees no secrets and no edit controls', async () => {
    const token = await stack.ownerToken();
    const webhook = await stack.graphql<{ createWebhook: { webhook: { id: string }; secret: string } }>(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }`,
      { input: { url: `${stack.receiver.url}/hooks/orders`, events: ['ticket.created'], description: 'Orders sync' } },
      token,
    );
    secrets.push(webhook.createWebhook.secret);
    const integration = await stack.graphql<{ createIntegration: { id: string } }>(
      `mutation($input: IntegrationInput!) { createIntegration(input: $input) { id } }`,
      {
        input: {
          name: 'Billing API',
          authScheme: 'BEARER',
          authFields: [{ identifier: 'token', name: 'Access token', type: 'PASSWORD', required: true }],
        },
      },
      token,
    );
    const integrationId = integration.createIntegration.id;
    const credential = await stack.graphql<{ createCredential: { id: string } }>(
      `mutation($id: ID!, $input: CredentialInput!) { createCredential(integrationId: $id, input: $input) { id } }`,
      { id: integrationId, input: { name: 'Production', values: { token: CREDENTIAL_SECRET } } },
      token,
    );
    const action = await stack.graphql<{ createAction: { id: string } }>(
      `mutation($id: ID!, $input: ActionDefinitionInput!) { createAction(integrationId: $id, input: $input) { id } }`,
      { id: integrationId, input: { name: 'Issue invoice', request: { method: 'POST', url: `${stack.receiver.url}/billing/invoices` } } },
      token,
    );
    const credentialId = credential.createCredential.id;
    const actionId = action.createAction.id;
    await stack.graphql(
      `mutation($input: AutomationInput!) { createAutomation(input: $input) { id } }`,
      { input: { name: 'Invoice each ticket', events: ['ticket.created'], actionId, credentialId } },
      token,
    );
    await stack.graphql(
      `mutation($input: FlowInput!) { createFlow(input: $input) { id } }`,
      { input: { name: 'Onboarding', steps: [{ key: 'invoice', actionId, credentialId }] } },
      token,
    );
    const apiKey = await stack.graphql<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(name: "Back office", role: DEVELOPER) { secret } }`,
      {},
      token,
    );
    secrets.push(apiKey.createApiKey.secret);
    await stack.graphql(`mutation { publishEvent(input: { type: "ticket.created", payload: { ticket: { id: "T-7" } } }) { id } }`, {}, token);
    await stack.receiver.waitFor(2, 15_000); // the webhook delivery and the automation's action call
    expect(secrets).toHaveLength(3);

    // The same check finds the owner's controls, so an empty list for the VIEWER means something.
    await page.goto('/settings/members');
    await page.getByRole('row', { name: new RegExp(VIEWER_EMAIL) }).waitFor();
    expect(await editControls(page)).toEqual(expect.arrayContaining(['Add member', 'Remove']));

    const { page: viewerPage } = await browser.newPage(stack.url);
    await signIn(viewerPage, VIEWER_EMAIL, viewerPassword);
    expect(await viewerPage.getByTestId('viewer-role').textContent()).toBe('VIEWER');

    const rowsExpected: Record<string, string> = {
      '/webhooks': 'Orders sync',
      '/integrations': 'Billing API',
      '/automations': 'Invoice each ticket',
      '/flows': 'Onboarding',
      '/events': 'ticket.created',
      '/deliveries': 'ticket.created',
      '/settings/members': VIEWER_EMAIL,
    };
    const pages = [...VIEWER_PAGES, `/webhooks/${webhook.createWebhook.webhook.id}`, `/integrations/${integrationId}`];
    for (const path of pages) {
      await viewerPage.goto(path);
      const main = viewerPage.getByRole('main');
      try {
        await main.getByRole('heading', { level: 2 }).first().waitFor();
        if (rowsExpected[path]) await main.getByText(rowsExpected[path]).first().waitFor();
        await main.getByLabel('Loading').waitFor({ state: 'detached' });
      } catch (error) {
        await screenshot(viewerPage, 'viewer-failed-page');
        throw new Error(`${path} did not load for the VIEWER (screenshot viewer-failed-page): ${String(error)}`, { cause: error });
      }
      if (path === '/webhooks') await screenshot(viewerPage, 'viewer-webhooks');

      expect({ path, controls: await editControls(viewerPage) }).toEqual({ path, controls: [] });
      const html = await viewerPage.content();
      const leaked = [CREDENTIAL_SECRET, ...secrets].filter((secret) => html.includes(secret));
      expect({ path, leaked }).toEqual({ path, leaked: [] });
    }
  });

  it("changes the owner's password: the new one signs in, the old one no longer does", async () => {
    const newPassword = 'a much longer passphrase';
    await page.goto('/settings/account');
    await page.getByLabel('Current password', { exact: true }).fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    // The API's message about the current password, next to that field.
    const currentField = page.getByLabel('Current password', { exact: true });
    await page.getByText('The current password is wrong.').waitFor();
    expect(await currentField.getAttribute('aria-invalid')).toBe('true');
    const errorId = await currentField.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('The current password is wrong.');

    await currentField.fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    // This session stays signed in.
    await page.reload();
    await page.getByTestId('viewer-role').waitFor();

    const { page: fresh } = await browser.newPage(stack.url);
    await fresh.goto('/');
    await fresh.getByLabel('Email').fill(OWNER_EMAIL);
    await fresh.getByLabel('Password', { exact: true }).fill(OWNER_PASSWORD);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await signIn(fresh, OWNER_EMAIL, newPassword);
    expect(await fresh.getByTestId('viewer-role').textContent()).toBe('OWNER');
  });
});

import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { dismissNotifications, launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

type MarkedWindow = Window & { __marker?: number };

/** The messages under an input (its description and error), as a screen reader announces them. */
async function describedText(page: Page, label: string): Promise<string> {
  return page.getByRole('textbox', { name: label, exact: true }).evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

describe('webhooks in the console', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;

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

  it('creates a webhook from the catalogue, shows its secret once, and streams a test delivery signed with it', async () => {
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByText('No webhooks yet').waitFor();
    await page.getByRole('link', { name: 'Create webhook' }).click();

    // An event type picked from the catalogue, with its description and example payload.
    const events = page.getByRole('combobox', { name: 'Events', exact: true });
    await events.click();
    await events.fill('ticket.cre');
    await page.getByRole('option', { name: /^ticket\.created/ }).click();
    await page.getByText('Receives 1 catalogue type.').waitFor();
    await page.getByText('A ticket was created.').first().waitFor();

    // The API refuses an ftp:// URL; its message shows next to the URL field.
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill('ftp://127.0.0.1/hooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByText('Only http and https URLs can be called, not ftp.').waitFor();
    expect(await describedText(page, 'URL')).toContain('Only http and https URLs can be called, not ftp.');
    expect(await page.getByRole('textbox', { name: 'URL', exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('textbox', { name: 'URL', exact: true }).fill(`${stack.receiver.url}/hooks`);
    await page.getByRole('textbox', { name: 'Description', exact: true }).fill('Ticket sync');
    await screenshot(page, 'webhook-create');
    await page.getByRole('button', { name: 'Create webhook' }).click();

    // The secret, once, with a copy button.
    await page.getByText('Signing secret: copy it now').waitFor();
    const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await page.getByRole('button', { name: 'Copy signing secret' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.getByText("import { Webhook } from 'standardwebhooks';").waitFor();
    await screenshot(page, 'webhook-secret');

    const { webhooks } = await stack.graphql<{ webhooks: Array<{ id: string; events: string[]; url: string }> }>(
      '{ webhooks { id events url } }',
      {},
      await stack.ownerToken(),
    );
    expect(webhooks).toEqual([{ id: expect.any(String), events: ['ticket.created'], url: `${stack.receiver.url}/hooks` }]);

    // Send a test event from the webhook's page; the attempt streams into its live log.
    await page.getByRole('link', { name: /open the webhook/ }).click();
    await page.getByRole('heading', { name: 'Ticket sync' }).waitFor();
    const detailUrl = page.url();
    await page.evaluate(() => {
      (window as MarkedWindow).__marker = 1;
    });
    const liveLog = page.getByRole('region', { name: 'Live log' });
    await liveLog.getByText('No attempt since you opened this page.').waitFor();
    expect(await page.getByRole('combobox', { name: 'Event type', exact: true }).inputValue()).toBe('ticket.created');
    await page.getByRole('button', { name: 'Send test event' }).click();

    await liveLog.getByTestId('live-attempt').filter({ hasText: '200 · Success' }).waitFor();
    await page.getByTestId('test-delivery').getByText('Succeeded').waitFor();
    expect(await page.evaluate(() => (window as MarkedWindow).__marker)).toBe(1);
    expect(page.url()).toBe(detailUrl);
    await page.getByRole('region', { name: 'Recent deliveries' }).getByTestId('delivery-row').first().waitFor();
    await screenshot(page, 'webhook-detail');

    // The receiver got a delivery whose Standard Webhooks signature verifies with the copied secret.
    const [request] = await stack.receiver.waitFor(1);
    expect(request.path).toBe('/hooks');
    const verified = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string; data: unknown };
    expect(verified.type).toBe('ticket.created');
    expect(() => new Webhook(`whsec_${Buffer.from('not the secret').toString('base64')}`).verify(request.body, request.headers as Record<string, string>)).toThrow();

    // Back on the list: the webhook with its health.
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    const row = page.getByRole('row', { name: /Ticket sync/ });
    await row.getByText('Healthy').waitFor();
    await screenshot(page, 'webhooks-list');
  });

  it('edits a webhook with the API checking its filter, rotates its secret, disables, recovers and deletes it', async () => {
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('link', { name: 'Ticket sync' }).click();
    await page.getByRole('link', { name: 'Edit' }).click();

    // A filter the API refuses: its message (with the place of the mistake) shows under the Filter field.
    const filter = page.getByRole('textbox', { name: 'Filter', exact: true });
    await filter.fill('{"ticket.priority": {"$inn": ["high"]}}');
    // The console checks it with the API's own code as it is typed, before any round trip.
    await page.getByText(/unknown operator "\$inn"/).waitFor();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByRole('textbox', { name: 'Header 1 name' }).fill('X-Team');
    await page.getByRole('textbox', { name: 'Header 1 value' }).fill('support');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/unknown operator "\$inn"/).waitFor();
    expect(await describedText(page, 'Filter')).toContain('Did you mean "$in"?');

    await filter.fill('{"ticket.priority": {"$in": ["high", "urgent"]}}');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('region', { name: 'Settings' }).getByText('X-Team: support').waitFor();
    const token = await stack.ownerToken();
    const { webhooks } = await stack.graphql<{ webhooks: Array<{ id: string; filter: unknown; headers: unknown[] }> }>('{ webhooks { id filter headers { name value } } }', {}, token);
    expect(webhooks[0]).toMatchObject({ filter: { 'ticket.priority': { $in: ['high', 'urgent'] } }, headers: [{ name: 'X-Team', value: 'support' }] });

    // Rotation shows the new secret once and says the previous one keeps working for 24 hours.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog', { name: 'Rotate secret', exact: true }).getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByText('New signing secret: copy it now').waitFor();
    await page.getByText(/previous secret stays valid for 24 hours/).waitFor();
    expect(await page.getByTestId('secret-value').textContent()).toMatch(/^whsec_/);

    // Disable (confirmed), then enable again.
    await dismissNotifications(page);
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog', { name: 'Disable', exact: true }).getByRole('button', { name: 'Disable webhook' }).click();
    await page.getByRole('region', { name: 'Settings' }).getByText('Disabled by a user.').waitFor();
    await page.getByText('Enable the webhook to send it a test event.').waitFor();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Send test event' }).waitFor();

    // Recover: nothing failed in the last day.
    await dismissNotifications(page);
    await page.getByRole('button', { name: 'Recover deliveries' }).click();
    const recover = page.getByRole('dialog', { name: 'Recover failed deliveries' });
    await recover.getByRole('button', { name: 'Recover deliveries' }).click();
    await page.getByText('No failed delivery of this webhook was created in that range.').waitFor();

    // A viewer sees the webhook and its deliveries, without a single control that changes them.
    const viewer = await stack.graphql<{ addMember: { temporaryPassword: string } }>(
      'mutation($input: AddMemberInput!) { addMember(input: $input) { temporaryPassword } }',
      { input: { email: 'viewer@example.com', role: 'VIEWER' } },
      token,
    );
    const { page: viewerPage } = await browser.newPage(stack.url);
    await signIn(viewerPage, 'viewer@example.com', viewer.addMember.temporaryPassword);
    await viewerPage.goto(`/webhooks/${webhooks[0].id}`);
    await viewerPage.getByRole('heading', { name: 'Ticket sync' }).waitFor();
    await viewerPage.getByRole('region', { name: 'Recent deliveries' }).getByTestId('delivery-row').first().click();
    await viewerPage.getByRole('dialog', { name: 'Delivery', exact: true }).getByTestId('attempt-1').waitFor();
    for (const name of ['Edit', 'Delete', 'Disable', 'Rotate secret', 'Send test event', 'Recover deliveries', 'Retry delivery', 'Replay event']) {
      expect(await viewerPage.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    expect(await viewerPage.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await viewerPage.close();

    // Delete, confirmed: back to an empty list.
    await dismissNotifications(page);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete', exact: true }).getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByText('No webhooks yet').waitFor();
  });
});

import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
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
});

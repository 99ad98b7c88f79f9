import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

/** A webhook is disabled after this many failed attempts in a row (the product's default is 100). */
const DISABLE_AFTER_FAILURES = 3;

interface WebhookState {
  webhook: { health: string; enabled: boolean; disabledReason: string | null };
}

describe('dashboard', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;
  let token: string;
  let brokenId = '';

  beforeAll(async () => {
    stack = await startStack({ CONDUIT_DISABLE_AFTER_FAILURES: String(DISABLE_AFTER_FAILURES) });
    browser = await launchBrowser();
    token = await stack.ownerToken();
    ({ page } = await browser.newPage(stack.url));
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function createWebhook(path: string, description: string): Promise<string> {
    const data = await stack.graphql<{ createWebhook: { webhook: { id: string } } }>(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`,
      { input: { url: `${stack.receiver.url}${path}`, events: ['ticket.created'], description } },
      token,
    );
    return data.createWebhook.webhook.id;
  }

  async function publish(ticketId: string): Promise<void> {
    await stack.graphql(
      `mutation($payload: JSON!) { publishEvent(input: { type: "ticket.created", payload: $payload }) { id } }`,
      { payload: { ticket: { id: ticketId } } },
      token,
    );
  }

  /** Reads the webhook until `done` holds (the dispatcher works in the background). */
  async function webhookUntil(id: string, done: (state: WebhookState['webhook']) => boolean): Promise<WebhookState['webhook']> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { webhook } = await stack.graphql<WebhookState>(`query($id: ID!) { webhook(id: $id) { health enabled disabledReason } }`, { id }, token);
      if (done(webhook)) return webhook;
      if (Date.now() > deadline) throw new Error(`The webhook is still ${JSON.stringify(webhook)}.`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('shows the getting started steps while nothing is configured', async () => {
    await page.goto('/');
    const start = page.getByRole('region', { name: 'Get started' });
    await start.waitFor();
    for (const step of ['1. Create a webhook', '2. Send a test event', '3. Add an integration']) {
      await start.getByRole('link', { name: step }).waitFor();
    }
    await start.getByRole('link', { name: '3. Add an integration' }).click();
    await page.waitForURL(`${stack.url}/integrations`);
  });

  it('lists a webhook that gets disabled under "Needs attention" at once, first, with its reason and a link to its page', async () => {
    await createWebhook('/orders', 'Orders sync');
    brokenId = await createWebhook('/billing', 'Billing (broken)');
    stack.receiver.setBehaviour({ status: 503 }, '/billing');

    await page.goto('/');
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await attention.getByText('All 2 webhooks and automations are healthy', { exact: false }).waitFor();

    // Three events: three successes for Orders sync, three failures in a row for Billing, which disables it.
    for (const ticket of ['T-1', 'T-2', 'T-3']) await publish(ticket);
    const broken = await webhookUntil(brokenId, (webhook) => !webhook.enabled);
    expect(broken.health).toBe('DISABLED');
    expect(broken.disabledReason).toBeTruthy();

    // healthChanged brings it in without a reload, well before the 30 s refresh.
    const items = attention.getByRole('listitem');
    await items.first().getByRole('link', { name: 'Billing (broken)' }).waitFor({ timeout: 10_000 });
    await items.first().getByText('Disabled', { exact: true }).waitFor();
    await items.first().getByText(broken.disabledReason ?? '').waitFor();
    expect(await items.count()).toBe(1);

    await items.first().getByRole('link', { name: 'Billing (broken)' }).click();
    await page.waitForURL(`${stack.url}/webhooks/${brokenId}`);
    await page.getByRole('main').getByText(`${stack.receiver.url}/billing`).first().waitFor();
  });

  it('charts the attempts by outcome with the success rate, over the last hour and the last day', async () => {
    await stack.receiver.waitFor(6, 10_000); // 3 to /orders, 3 to /billing
    await page.goto('/');
    const chart = page.getByRole('region', { name: 'Attempts by outcome' });
    await chart.getByText('Succeeded: 3').waitFor();
    await chart.getByText('HTTP error: 3').waitFor();
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await page.getByRole('region', { name: 'Attempts', exact: true }).getByText('6', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Success rate' }).getByText('50 %').waitFor();
    await page.getByRole('region', { name: 'p95 latency' }).getByText(/\d+ (ms|s)$/).waitFor();
    await page.getByRole('region', { name: 'Pending deliveries' }).getByText('0', { exact: true }).waitFor();
    // The disabled webhook is listed first, before anything merely degraded.
    await page.getByRole('region', { name: 'Needs attention' }).getByRole('listitem').first().getByText('Billing (broken)').waitFor();
    await screenshot(page, 'dashboard');

    await page.getByText('Last 24 hours').click();
    await chart.getByText('per 15 minutes', { exact: false }).waitFor();
    await chart.getByText('Succeeded: 3').waitFor();
    await page.getByRole('region', { name: 'Success rate' }).getByText('50 %').waitFor();
  });
});

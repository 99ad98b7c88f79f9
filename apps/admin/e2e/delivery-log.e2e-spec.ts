import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }`;

describe('the delivery log', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;
  let token: string;
  let examples: Map<string, unknown>;

  async function createWebhook(path: string, events: string[], description: string): Promise<string> {
    const data = await stack.graphql<{ createWebhook: { webhook: { id: string } } }>(
      CREATE_WEBHOOK,
      { input: { url: `${stack.receiver.url}${path}`, events, description, retryPolicy: { schedule: [0.2], timeoutMs: 2000 } } },
      token,
    );
    return data.createWebhook.webhook.id;
  }

  async function publish(type: string): Promise<string> {
    const data = await stack.graphql<{ publishEvent: { id: string } }>(PUBLISH, { input: { type, payload: examples.get(type) } }, token);
    return data.publishEvent.id;
  }

  // What the page sends over graphql-ws, to know when the live feed's subscription is open.
  const sentFrames: string[] = [];
  const frameWaiters: Array<() => void> = [];
  function recordWebSocketFrames(target: Page): void {
    target.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        sentFrames.push(String(payload));
        frameWaiters.splice(0).forEach((wake) => wake());
      });
    });
  }

  /** Resolves once the page has sent `count` subscribe messages of the live feed. */
  async function liveFeedSubscribed(count: number): Promise<void> {
    const subscribes = () => sentFrames.filter((frame) => frame.includes('"subscribe"') && frame.includes('LiveDeliveryAttempts')).length;
    while (subscribes() < count) await new Promise<void>((resolve) => frameWaiters.push(resolve));
  }

  beforeAll(async () => {
    stack = await startStack();
    token = await stack.ownerToken();
    const { eventTypes } = await stack.graphql<{ eventTypes: Array<{ name: string; example: unknown }> }>('{ eventTypes { name example } }', {}, token);
    examples = new Map(eventTypes.map((type) => [type.name, type.example]));
    browser = await launchBrowser();
    ({ page } = await browser.newPage(stack.url));
    recordWebSocketFrames(page);
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('streams attempts live, pauses and resumes the feed, and shows a delivery pretty-printed', async () => {
    await createWebhook('/flaky', ['ticket.created'], 'Flaky CRM');
    stack.receiver.setBehaviour({ failFirst: 1, body: '{"ok":true,"received":"ticket"}' }, '/flaky');

    await page.getByRole('link', { name: 'Delivery log', exact: true }).click();
    await page.getByText('No deliveries yet').waitFor();
    await liveFeedSubscribed(1);

    // The receiver answers 500, then 200 to the retry 0.2 s later: both attempts appear without a reload.
    await publish('ticket.created');
    const feed = page.getByRole('region', { name: 'Live attempts' });
    const rows = feed.getByTestId('live-attempt');
    await rows.filter({ hasText: '500 · HTTP error' }).waitFor();
    await rows.filter({ hasText: '200 · Success' }).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('#2');

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('region', { name: 'Deliveries' }).getByTestId('delivery-row').filter({ hasText: 'Succeeded' }).waitFor();
    await screenshot(page, 'delivery-log');

    // Paused: a new attempt is counted, not shown; Resume shows it on top.
    await page.getByRole('button', { name: 'Pause' }).click();
    await publish('ticket.created');
    await stack.receiver.waitFor(3);
    await feed.getByText('1 new — resume to show').waitFor();
    expect(await rows.count()).toBe(2);
    await page.getByRole('button', { name: 'Resume' }).click();
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await feed.getByText(/new — resume to show/).count()).toBe(0);

    // The drawer of the first delivery (its second attempt is the newest but one row): request and response pretty-printed.
    await rows.nth(1).click();
    const drawer = page.getByRole('dialog', { name: 'Delivery', exact: true });
    await drawer.getByText('Succeeded').first().waitFor();
    expect(new URL(page.url()).searchParams.get('delivery')).toMatch(/^msg_/);
    const second = drawer.getByTestId('attempt-2');
    await second.getByTestId('response-body').waitFor();
    expect(await second.getByTestId('response-body').textContent()).toBe('{\n  "ok": true,\n  "received": "ticket"\n}');
    expect(await second.getByTestId('request-body').textContent()).toMatch(/^\{\n {2}"type": "ticket\.created",\n {2}"timestamp": /);
    expect(await drawer.getByRole('table', { name: 'Request headers' }).first().textContent()).toContain('webhook-signature');
    await drawer.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    await second.getByTestId('response-body').scrollIntoViewIfNeeded();
    await screenshot(page, 'delivery-detail');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('retries a failed delivery and shows it succeed', async () => {
    await createWebhook('/dead', ['contact.created'], 'Dead endpoint');
    stack.receiver.setBehaviour({ status: 500, body: '{"error":"down"}' }, '/dead');
    const attemptsBefore = stack.receiver.stats().count;

    await publish('contact.created');
    const feed = page.getByRole('region', { name: 'Live attempts' });
    const finalAttempt = feed.getByTestId('live-attempt').filter({ hasText: 'contact.created' }).filter({ hasText: 'no more retries' });
    await finalAttempt.waitFor();
    expect(stack.receiver.stats().count - attemptsBefore).toBe(2);

    // Only failed deliveries: the filter is in the URL.
    await page.getByRole('combobox', { name: 'Status', exact: true }).click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/status=FAILED/);
    const failedRow = page.getByRole('region', { name: 'Deliveries' }).getByTestId('delivery-row');
    await failedRow.filter({ hasText: 'contact.created' }).waitFor();
    expect(await failedRow.count()).toBe(1);

    stack.receiver.setBehaviour({ status: 200, body: '{"ok":true}' }, '/dead');
    await failedRow.first().click();
    const drawer = page.getByRole('dialog', { name: 'Delivery', exact: true });
    await drawer.getByText('Failed').first().waitFor();
    await drawer.getByRole('button', { name: 'Retry delivery' }).click();
    await drawer.getByTestId('attempt-3').waitFor();
    await drawer.getByText('Succeeded').first().waitFor();
    await drawer.getByTestId('attempt-3').getByText('HTTP 200').waitFor();
  });

  it('shows a delivery in its drawer succeed while the live stream is down: an open delivery due soon is re-read', async () => {
    // A receiver that answers after 10 s, so the drawer's first read (a new browser context, on a
    // busy machine) sees the delivery pending.
    stack.receiver.setBehaviour({ latencyMs: 10_000 }, '/slow-drawer');
    const slow = await stack.graphql<{ createWebhook: { webhook: { id: string } } }>(
      CREATE_WEBHOOK,
      { input: { url: `${stack.receiver.url}/slow-drawer`, events: ['ticket.created'], retryPolicy: { timeoutMs: 20_000 } } },
      token,
    );
    const { context, page: offline } = await browser.newPage(stack.url);
    try {
      // The WebSocket opens but never reaches the API: no live attempt arrives (as when one is
      // committed before the drawer's subscription starts, or the connection is lost).
      await offline.routeWebSocket(/\/graphql/, () => undefined);
      await signIn(offline, OWNER_EMAIL, OWNER_PASSWORD);
      const { publishEvent } = await stack.graphql<{ publishEvent: { deliveries: { id: string; webhook: { id: string } | null }[] } }>(
        'mutation($input: PublishEventInput!) { publishEvent(input: $input) { deliveries { id webhook { id } } } }',
        { input: { type: 'ticket.created', payload: examples.get('ticket.created') } },
        token,
      );
      // The delivery to the slow endpoint (other webhooks of this file may take the event too).
      const delivery = publishEvent.deliveries.find((d) => d.webhook?.id === slow.createWebhook.webhook.id);
      if (!delivery) throw new Error(`no delivery to the slow webhook in ${JSON.stringify(publishEvent.deliveries)}`);
      await offline.goto(`${stack.url}/deliveries?delivery=${delivery.id}`);
      const drawer = offline.getByRole('dialog', { name: 'Delivery', exact: true });
      await drawer.getByText('Pending').first().waitFor();
      await drawer.getByText('Succeeded').first().waitFor({ timeout: 25_000 });
      await drawer.getByTestId('attempt-1').getByText('HTTP 200').waitFor();
    } finally {
      await context.close();
    }
  });
});

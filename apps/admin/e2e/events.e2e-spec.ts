import type { Locator, Page } from 'playwright-core';
import { eventually, launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`;
const ADD_MEMBER = `mutation($input: AddMemberInput!) { addMember(input: $input) { temporaryPassword } }`;
const PUBLISH = `mutation($input: PublishEventInput!) { publishEvent(input: $input) { id } }`;
const EVENTS = `query($type: String) { events(type: $type) { id type payload deliveries { id status } } }`;

const EXAMPLE = { order: { id: 'ord_1001', total: 42.5, customer: { email: 'ada@example.com' } } };
const SCHEMA = { type: 'object', properties: { order: { type: 'object', properties: { id: { type: 'string' }, total: { type: 'number' } } } } };

async function jsonIn(field: Locator): Promise<unknown> {
  return JSON.parse(await field.inputValue());
}

describe('the events section', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    await stack.graphql(CREATE_WEBHOOK, { input: { url: `${stack.receiver.url}/hooks/orders`, events: ['order.*'] } }, await stack.ownerToken());
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  beforeEach(async () => {
    ({ page } = await browser.newPage(stack.url));
  });

  it('registers an event type with an example, publishes it from the console, shows its deliveries and replays it', async () => {
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('textbox', { name: 'Search event types' }).fill('ticket');
    await page.getByRole('button', { name: 'ticket.created', exact: true }).click();
    await page.getByText('"customer"').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'events-catalogue');
    await page.getByRole('textbox', { name: 'Search event types' }).fill('');

    await page.getByRole('button', { name: 'Register event type' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register an event type' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Order.Paid');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('An order was paid.');
    await dialog.getByRole('textbox', { name: 'Example payload' }).fill('{"order": ');
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    // Checked before anything is sent: the name's case and the JSON.
    await dialog.getByText('Invalid event type name "Order.Paid": it has uppercase letters in segment "Order" (use "order.paid").').waitFor();
    await dialog.getByText(/^The example is not valid JSON/).waitFor();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('order.paid');
    await dialog.getByRole('textbox', { name: 'Example payload' }).fill(JSON.stringify(EXAMPLE));
    await dialog.getByRole('textbox', { name: 'JSON schema' }).fill(JSON.stringify(SCHEMA));
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('order.paid is in the catalogue').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'order.paid', exact: true }).click();
    await page.getByRole('button', { name: 'Publish order.paid' }).click();
    const publish = page.getByRole('dialog', { name: 'Publish an event' });
    expect(await jsonIn(publish.getByRole('textbox', { name: 'Payload' }))).toEqual(EXAMPLE);
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();

    // The event's page: its payload, and the webhook's delivery as it succeeds.
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    const eventId = page.url().split('/').pop() ?? '';
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    await deliveries.getByRole('row').filter({ hasText: `${stack.receiver.url}/hooks/orders` }).filter({ hasText: 'succeeded' }).waitFor();
    const [request] = await stack.receiver.waitFor(1);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'order.paid', data: EXAMPLE });
    const { events } = await stack.graphql<{ events: Array<{ id: string; deliveries: Array<{ id: string }> }> }>(EVENTS, { type: 'order.paid' }, await stack.ownerToken());
    expect(events.map((e) => e.id)).toEqual([eventId]);
    expect(await deliveries.getByRole('link', { name: 'Open' }).getAttribute('href')).toBe(`/deliveries/${events[0].deliveries[0].id}`);

    // Recent events, filtered by type.
    await page.getByRole('link', { name: 'Recent events' }).click();
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'order.paid', exact: true }).click();
    await page.waitForURL(/\/events\/recent\?type=order\.paid$/);
    const recent = page.getByRole('table', { name: 'Recent events' });
    await recent.getByRole('row').filter({ hasText: 'order.paid' }).filter({ hasText: '1 succeeded' }).waitFor();
    await screenshot(page, 'events-recent');

    // Replay: a new delivery to the matching webhook.
    await recent.getByRole('link', { name: 'order.paid' }).click();
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('1 new delivery to the matching webhooks.').waitFor();
    await stack.receiver.waitFor(2);
    await eventually(async () => ((await deliveries.getByRole('row').filter({ hasText: 'succeeded' }).count()) === 2 ? true : undefined), 'two succeeded deliveries');
  });

  it('shows a viewer the catalogue and the events without publish, register or replay', async () => {
    const { addMember } = await stack.graphql<{ addMember: { temporaryPassword: string } }>(
      ADD_MEMBER,
      { input: { email: 'viewer@example.com', role: 'VIEWER' } },
      await stack.ownerToken(),
    );
    await signIn(page, 'viewer@example.com', addMember.temporaryPassword);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('button', { name: 'ticket.created', exact: true }).click();
    await page.getByText('Example payload').first().waitFor();
    expect(await page.getByRole('button', { name: /Publish|Register/ }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Recent events' }).click();
    await page.getByRole('table', { name: 'Recent events' }).getByRole('link').first().click();
    await page.getByRole('table', { name: 'Deliveries' }).waitFor();
    expect(await page.getByRole('button', { name: 'Replay' }).count()).toBe(0);
  });

  it('shows a delivery that succeeds while the live stream is down: the page re-reads open deliveries', async () => {
    // A receiver that answers after 3 s, so the page's first read sees the delivery pending.
    stack.receiver.setBehaviour({ latencyMs: 3_000 }, '/hooks/slow');
    const token = await stack.ownerToken();
    await stack.graphql(CREATE_WEBHOOK, { input: { url: `${stack.receiver.url}/hooks/slow`, events: ['ticket.*'] } }, token);
    // The console's WebSocket opens but never reaches the API: no live attempt arrives on this page
    // (as when one is committed before the subscription starts, or the connection is lost).
    await page.routeWebSocket(/\/graphql/, () => undefined);
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    const { publishEvent } = await stack.graphql<{ publishEvent: { id: string } }>(PUBLISH, { input: { type: 'ticket.created', payload: { ticket: { id: 'tk_live_down' } } } }, token);
    await page.goto(`${stack.url}/events/${publishEvent.id}`);
    const row = page.getByRole('table', { name: 'Deliveries' }).getByRole('row').filter({ hasText: `${stack.receiver.url}/hooks/slow` });
    await row.filter({ hasText: 'pending' }).waitFor();
    await row.filter({ hasText: 'succeeded' }).waitFor();
  });
});

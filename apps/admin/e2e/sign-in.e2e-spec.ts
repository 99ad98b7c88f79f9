import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, type ConsoleBrowser } from './support/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startStack, type Stack } from './support/stack';

describe('signing in to the console', () => {
  let stack: Stack;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  beforeEach(async () => {
    ({ page } = await browser.newPage(stack.url));
  });

  it('refuses a wrong password with the API message and signs nobody in', async () => {
    await page.goto('/');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Email').fill(OWNER_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    expect(await page.evaluate(() => window.localStorage.getItem('conduit.token'))).toBeNull();
  });

  it('signs the owner in to their workspace and keeps the session across a reload', async () => {
    await signIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    expect(await page.getByTestId('viewer-role').textContent()).toBe('OWNER');
    await page.reload();
    await page.getByTestId('viewer-role').waitFor();
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});

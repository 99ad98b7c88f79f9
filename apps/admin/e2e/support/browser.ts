import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './chromium';

/** Where each run saves its screenshots (git-ignored), for reviewers to look at. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../screenshots');

export interface ConsoleBrowser {
  browser: Browser;
  /** A fresh context (no storage, clipboard allowed) and page at 1440×900 on the console. */
  newPage(baseUrl: string): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the flags this closed network needs (no background calls to Google). */
export async function launchBrowser(): Promise<ConsoleBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-e2e-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    env: { ...process.env, HOME: userDataDir },
  });
  return {
    browser,
    async newPage(baseUrl) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      // An uncaught error in the console is printed where the failing test's output is read
      // (a crashed render otherwise shows only as a locator that never appears).
      page.on('pageerror', (error) => process.stderr.write(`[console page error] ${error.stack ?? error.message}\n`));
      // What the page showed when a test fails (support/environment.cjs calls it): the newest page.
      (globalThis as { __conduitE2EFailureReport?: (test: string) => Promise<void> }).__conduitE2EFailureReport = (test) => reportFailure(page, test);
      const slowdown = Number(process.env.CONDUIT_E2E_CPU_SLOWDOWN ?? 1);
      if (slowdown > 1) {
        // To reproduce a slow CI machine's timing: the page's CPU runs `slowdown` times slower.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
      }
      return { context, page };
    },
    async close() {
      await browser.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** On a failed test: a screenshot (e2e/screenshots/failed-*.png) and the page's URL and accessibility tree on stderr. */
async function reportFailure(page: Page, test: string): Promise<void> {
  if (page.isClosed()) return;
  const file = await screenshot(page, `failed-${test.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`);
  const tree = await page.locator('body').ariaSnapshot({ timeout: 5_000 });
  const lines = tree.split('\n');
  const shown = lines.length > 200 ? [...lines.slice(0, 200), `  … ${lines.length - 200} more lines`] : lines;
  process.stderr.write(`[e2e failure report] "${test}"\n  url: ${page.url()}\n  screenshot: ${file}\n  page:\n${shown.map((l) => `    ${l}`).join('\n')}\n`);
}

/** Saves a full-window screenshot as e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Signs in through the sign-in form and waits for the console frame. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('viewer-role').waitFor();
}

/** Closes every notification as a person would (queued ones appear as others leave), e.g. before a screenshot. */
export async function dismissNotifications(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      document.querySelectorAll<HTMLButtonElement>('.mantine-Notification-closeButton').forEach((button) => button.click());
      return document.querySelectorAll('.mantine-Notification-root').length === 0;
    },
    undefined,
    { polling: 100 },
  );
}

/** Polls `check` until it returns a value (not a fixed sleep: it stops as soon as it holds). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

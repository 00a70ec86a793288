/**
 * One way to start the system Chromium for browser tests (host tests, renderer e2e).
 * Real browser, headless, no network chatter, always closed by the caller (or by
 * `withChromium`). CI without Chromium fails loudly instead of skipping.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.FRONTDESK_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-dev-shm-usage',
] as const;

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (set FRONTDESK_CHROMIUM to its path)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [...CHROMIUM_ARGS],
    timeout: 30_000,
  });
}

/** Runs `fn` with a fresh browser and context, closing both whatever happens. */
export async function withChromium<T>(fn: (ctx: { browser: Browser; context: BrowserContext; page: Page }) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    return await fn({ browser, context, page });
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** Collects console errors and page errors so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/**
 * The Electron shell through Playwright's `_electron`, against the real gateway.
 *
 * The one suite allowed to skip in CI: the Electron binary cannot be downloaded in
 * every environment (here, for one). It prints exactly why it skips. It also needs
 * better-sqlite3 built for Electron (`npm run rebuild:electron-native`) and, on
 * Linux, a display.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedGateway, type EmbeddedGateway } from '../../scripts/embedded-gateway.ts';
import { ROOT } from '../../scripts/project.ts';
import { DEMO_USERS } from '../../server/demo/seed.ts';
import { electronSkipReason, launchElectronDesk } from '../helpers/electron-app.ts';

const reason = electronSkipReason();
if (reason)
  console.warn(
    `SKIPPING the Electron suite: ${reason}. The same flows run through the browser host in browser-host.test.ts, start-script.test.ts and test/e2e/desk-flows.test.ts.`,
  );

interface Api {
  frontdesk: {
    appInfo(): Promise<{ host: string; serverUrl: string }>;
    login(e: string, p: string): Promise<{ ok: boolean }>;
    getSnapshot(): Promise<{ cursor: { lastSeq: number } }>;
    activityPage(b: number, l: number): Promise<unknown>;
    openWindow(v: string): Promise<void>;
  };
}

describe.skipIf(reason !== null)('Electron shell', () => {
  let tmp = '';
  let gateway: EmbeddedGateway;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-electron-'));
    gateway = await startEmbeddedGateway(ROOT, path.join(tmp, 'gateway'));
    app = await launchElectronDesk({ serverUrl: gateway.url, dataDir: path.join(tmp, 'desk') });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await gateway?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('hardens every window: isolation, sandbox, no Node', async () => {
    // No Node in the page, and the API is a plain bridged object: no ipcRenderer, no invoke passthrough.
    const keys = await page.evaluate(() => Object.keys((globalThis as unknown as { frontdesk: object }).frontdesk).sort());
    expect(keys).toEqual([
      'activityPage',
      'appInfo',
      'dismissOutboxItem',
      'getSnapshot',
      'login',
      'logout',
      'onDelta',
      'onOutbox',
      'onStatus',
      'openWindow',
      'reportCrash',
      'retryNow',
      'submit',
    ]);
    expect(
      await page.evaluate(() => [
        typeof (globalThis as unknown as { require?: unknown }).require,
        typeof (globalThis as unknown as { process?: unknown }).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
    expect(page.url()).toMatch(/^app:\/\/frontdesk\/index\.html#\/today$/);
  });

  it('denies window.open, navigation and remote content', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { open(u: string): unknown }).open('https://example.com') === null)).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/frontdesk\//);
    const fetched = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'loaded',
        (e: Error) => `blocked: ${e.message}`,
      ),
    );
    expect(fetched).toMatch(/^blocked/);
    expect(app.windows()).toHaveLength(1);
  });

  it('validates invokes and talks to the real core', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as Api).frontdesk.appInfo())).toMatchObject({ host: 'electron', serverUrl: gateway.url });
    const invalid = await page.evaluate(() =>
      (globalThis as unknown as Api).frontdesk.activityPage(-1, 5).then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    );
    expect(invalid).toMatch(/invalid desk:activity-page request: beforeSeq/);
    const login = await page.evaluate(([e, p]) => (globalThis as unknown as Api).frontdesk.login(e!, p!), [DEMO_USERS[0]!.email, DEMO_USERS[0]!.password]);
    expect(login.ok).toBe(true);
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as Api).frontdesk.getSnapshot().then((s) => s.cursor.lastSeq)), { timeout: 20_000 })
      .toBeGreaterThan(0);
  });

  it('opens a view in its own window', async () => {
    const [board] = await Promise.all([app.waitForEvent('window'), page.evaluate(() => (globalThis as unknown as Api).frontdesk.openWindow('board'))]);
    await board.waitForLoadState('domcontentloaded');
    expect(board.url()).toMatch(/#\/board$/);
    expect(await board.evaluate(() => (globalThis as unknown as Api).frontdesk.appInfo().then((i) => i.host))).toBe('electron');
  });

  it('reloads a window whose renderer crashed, and logs it in desk.log', async () => {
    const deskLog = path.join(tmp, 'desk', 'desk.log');
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
    await expect
      .poll(() => (existsSync(deskLog) ? readFileSync(deskLog, 'utf8') : ''), { timeout: 20_000 })
      .toMatch(/"msg":"renderer crashed: reloading the window"/);
    expect(readFileSync(deskLog, 'utf8')).toMatch(/"msg":"renderer gone"/);
    // The window works again: the API answers from the reloaded page.
    const win = app.windows()[0]!;
    await expect
      .poll(() => win.evaluate(() => (globalThis as unknown as Api).frontdesk.appInfo().then((i) => i.host)).catch(() => null), { timeout: 20_000 })
      .toBe('electron');
  });
});

/**
 * Helpdesk features in the real renderer, through the browser host in Chromium,
 * on the real desk core and gateway: the About panel shows the version, gateway,
 * data directory and the policy in effect; a crash of the UI (an error thrown
 * while rendering) is reported to the host, which logs it, and the page reloads
 * itself and works again — no dead window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserDesk, type BrowserDesk } from '../../main/browser-host/run-browser-desk.ts';
import { bundleBrowserBridge, bundleDeskWorker, ensureRendererBuilt } from '../../scripts/bundles.ts';
import { RENDERER_DIST } from '../../scripts/project.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { requireForSuite } from '../helpers/suite-guard.ts';
import { signIn } from './desk-harness.ts';

const canRun = requireForSuite('Chromium', chromiumAvailable(), 'install the Debian chromium package or set FRONTDESK_CHROMIUM');
const WAIT = { timeout: 15_000 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-helpdesk-'));
const dataDir = path.join(tmp, 'desk');
const logLines: { msg: string; message?: string; host?: string }[] = [];
let gateway: GatewayProcess;
let desk: BrowserDesk;
let browser: Browser;
let page: Page;

describe.runIf(canRun)('helpdesk in the renderer (browser host)', () => {
  beforeAll(async () => {
    const [, bridgeScript, workerScript, gw] = await Promise.all([
      ensureRendererBuilt(() => undefined),
      bundleBrowserBridge(),
      bundleDeskWorker(),
      startGateway({ demo: true }),
    ]);
    gateway = gw;
    const log = pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, cb) => (logLines.push(JSON.parse(c.toString()) as { msg: string }), cb()) }));
    desk = await runBrowserDesk({
      serverUrl: gateway.url,
      dataDir,
      rendererDir: RENDERER_DIST,
      bridgeScript,
      workerScript,
      version: '9.8.7-helpdesk',
      log,
      warn: () => undefined,
      policy: { source: '/etc/frontdesk/policy.json', values: { logLevel: 'warn', allowBrowserHost: true, allowInsecureTransport: false } },
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(desk.host.url);
    await signIn(page);
    await page.getByTestId('view-today').waitFor(WAIT);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.stop();
    await gateway?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('About shows the version, gateway, data directory and the policy in effect, read-only', async () => {
    await page.getByTestId('about-button').click();
    const panel = page.getByTestId('about-panel');
    await panel.waitFor(WAIT);
    expect(await page.getByTestId('about-version').textContent()).toBe('9.8.7-helpdesk');
    expect(await page.getByTestId('about-gateway').textContent()).toBe(gateway.url);
    expect(await page.getByTestId('about-data-dir').textContent()).toBe(dataDir);
    expect(await page.getByTestId('about-policy-source').textContent()).toBe('/etc/frontdesk/policy.json');
    const rows = await page
      .locator('[data-testid="about-policy"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-policy-key'), tr.lastElementChild?.textContent]));
    expect(rows).toEqual([
      ['allowBrowserHost', 'true'],
      ['allowInsecureTransport', 'false'],
      ['logLevel', 'warn'],
    ]);
    expect(await panel.locator('input, select, textarea').count()).toBe(0);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', ...WAIT });
  });

  it('a UI crash is logged by the host and the page reloads and works again', async () => {
    let loads = 0;
    page.on('load', () => loads++);
    // Any render that formats money now throws: a real crash of the UI, not a test switch.
    await page.evaluate(() => {
      Number.prototype.toLocaleString = () => {
        throw new Error('simulated UI crash');
      };
    });
    await page.getByTestId('nav-reservations').click();
    await expect.poll(() => logLines.find((l) => l.msg === 'renderer crashed: the page reloads itself'), WAIT).toBeTruthy();
    expect(logLines.find((l) => l.msg === 'renderer crashed: the page reloads itself')).toMatchObject({ message: 'simulated UI crash', host: 'browser' });
    await expect.poll(() => loads, WAIT).toBeGreaterThanOrEqual(1);
    // The reloaded page has the real toLocaleString again, and the session (kept by the host): the view renders.
    await page.getByTestId('view-reservations').waitFor(WAIT);
    expect(await page.getByTestId('crash-screen').count()).toBe(0);
  });
});

/**
 * Starts everything a renderer end-to-end test or benchmark needs, all real: the
 * gateway process (demo data), the desk core with its SQLite store inside the
 * browser host serving the BUILT renderer, and Debian Chromium. Only 127.0.0.1.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runBrowserDesk, type BrowserDesk } from '../../main/browser-host/run-browser-desk.ts';
import type { DeskTuning } from '../../main/core/host-contract.ts';
import { bundleBrowserBridge, bundleDeskWorker, ensureRendererBuilt } from '../../scripts/bundles.ts';
import { RENDERER_DIST, ROOT } from '../../scripts/project.ts';
import { EVENTS_PATH, type PublishRequest, type StoredEvent } from '../../shared/protocol.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { DEMO_USERS, login, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';

export const DEMO = DEMO_USERS.demoHotel;
export const SCREENSHOT_DIR = path.join(ROOT, 'test-artifacts', 'screenshots');

/** Reconnect fast once the gateway is back, so tests and benchmarks do not wait out a 30 s backoff. */
const E2E_TUNING: Partial<DeskTuning> = { backoffBaseMs: 150, backoffCapMs: 800, stableAfterMs: 2_000 };

/**
 * What the end-to-end flows need from a desk, whichever host shows it: the
 * browser host in Chromium (here) or the Electron app (electron-desk-harness.ts).
 */
export interface DeskFlowsHost {
  host: 'browser' | 'electron';
  gateway: GatewayProcess;
  /** Opens a window of the desk on `#/view` (the first call: the desk's first window). */
  openPage(view?: string): Promise<Page>;
  /** Resolves with the next window the desk opens (e.g. after clicking "New window"). */
  waitForNewWindow(): Promise<Page>;
  /** Publishes one event to the demo hotel with the service token. */
  publish(event: Omit<PublishRequest, 'orgId'>): Promise<{ seq: number; id: string }>;
  /** Every event the gateway holds for the demo hotel (GET /v2/realtime/events as the demo user). */
  gatewayEvents(): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

export interface DeskUnderTest extends DeskFlowsHost {
  host: 'browser';
  desk: BrowserDesk;
  browser: Browser;
  context: BrowserContext;
  /** The launch URL (secret in the fragment). */
  url: string;
}

/** Publishing to, and reading back from, the demo hotel on a gateway process. */
export function demoHotelAccess(gateway: GatewayProcess): Pick<DeskFlowsHost, 'publish' | 'gatewayEvents'> {
  let token: string | null = null;
  return {
    publish: (event) => publish(gateway.url, { orgId: DEMO.orgId, ...event }, gateway.serviceToken),
    async gatewayEvents() {
      token ??= (await login(gateway.url, DEMO.email, DEMO.password)).accessToken;
      const out: StoredEvent[] = [];
      let after = 0;
      for (let page = 0; page < 100; page++) {
        const res = await fetch(`${gateway.url}${EVENTS_PATH}?after=${after}&limit=10000`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`GET events failed: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { events: StoredEvent[]; headSeq: number };
        out.push(...body.events);
        if (body.events.length === 0 || after >= body.headSeq) break;
        after = body.events[body.events.length - 1].seq;
        if (after >= body.headSeq) break;
      }
      return out;
    },
  };
}

export interface DeskUnderTestOptions {
  tuning?: Partial<DeskTuning>;
  viewport?: { width: number; height: number };
  /** Extra gateway CLI flags (later flags win), e.g. ['--log-level', 'warn'] for benchmarks. */
  gatewayArgs?: string[];
}

export async function startDeskUnderTest(options: DeskUnderTestOptions = {}): Promise<DeskUnderTest> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  const close = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    const [, bridgeScript, workerScript, gateway] = await Promise.all([
      ensureRendererBuilt(() => undefined),
      bundleBrowserBridge(),
      bundleDeskWorker(),
      startGateway({ demo: true, args: options.gatewayArgs }),
    ]);
    cleanups.push(() => gateway.stop());
    const dataDir = path.join(tmp, 'desk');
    mkdirSync(dataDir, { recursive: true });
    const desk = await runBrowserDesk({
      serverUrl: gateway.url,
      dataDir,
      rendererDir: RENDERER_DIST,
      bridgeScript,
      workerScript,
      version: 'e2e',
      log: pino({ level: 'warn' }, pino.destination(2)),
      warn: () => undefined,
      tuning: { ...E2E_TUNING, ...options.tuning },
    });
    cleanups.push(() => desk.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, colorScheme: 'light' });
    const url = desk.host.url;
    return {
      host: 'browser',
      gateway,
      desk,
      browser,
      context,
      url,
      async openPage(view = 'today') {
        const page = await context.newPage();
        const u = new URL(url);
        u.hash = `#/${view}&${u.hash.replace(/^#/, '')}`;
        await page.goto(u.href);
        return page;
      },
      waitForNewWindow: () => context.waitForEvent('page'),
      ...demoHotelAccess(gateway),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Signs in through the login screen. */
export async function signIn(page: Page): Promise<void> {
  await page.getByTestId('login-email').fill(DEMO.email);
  await page.getByTestId('login-password').fill(DEMO.password);
  await page.getByTestId('login-submit').click();
}

export async function connectionState(page: Page): Promise<string | null> {
  return page.getByTestId('connection-state').getAttribute('data-state');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

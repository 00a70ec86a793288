/**
 * The same end-to-end flows on the Electron app (Playwright `_electron`): the real
 * gateway process (demo data), the bundled Electron main with its desk core and
 * SQLite store, the sandboxed renderer windows. Only where the Electron binary
 * exists; `electronSkipReason()` says why not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { FrontdeskApi, ViewName } from '../../shared/ipc.ts';
import { launchElectronDesk } from '../helpers/electron-app.ts';
import { startGateway } from '../helpers/gateway-process.ts';
import { demoHotelAccess, type DeskFlowsHost } from './desk-harness.ts';

export async function startElectronDeskUnderTest(options: { gatewayArgs?: string[] } = {}): Promise<DeskFlowsHost> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-electron-'));
  const cleanups: Array<() => Promise<unknown>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  const close = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    const gateway = await startGateway({ demo: true, args: options.gatewayArgs });
    cleanups.push(() => gateway.stop());
    const app = await launchElectronDesk({ serverUrl: gateway.url, dataDir: path.join(tmp, 'desk') });
    cleanups.push(() => app.close());
    const first = await app.firstWindow();
    await first.waitForLoadState('domcontentloaded');
    // The browser host's pages are 1440×900; the Electron window opens at 1280×860.
    await first.setViewportSize({ width: 1440, height: 900 });
    let firstHandedOut = false;
    return {
      host: 'electron',
      gateway,
      async openPage(view = 'today') {
        if (!firstHandedOut) {
          firstHandedOut = true;
          await first.evaluate((v) => {
            window.location.hash = `#/${v}`;
          }, view);
          return first;
        }
        const [page] = await Promise.all([
          app.waitForEvent('window'),
          first.evaluate((v) => (window as unknown as { frontdesk: FrontdeskApi }).frontdesk.openWindow(v as ViewName), view),
        ]);
        await page.waitForLoadState('domcontentloaded');
        return page;
      },
      waitForNewWindow: (): Promise<Page> => app.waitForEvent('window'),
      ...demoHotelAccess(gateway),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Self-update through electron-updater, only where update-plan.ts allows it (the
 * policy names a feed; not MSI, deb or rpm). electron-updater is loaded only
 * then, so desks without a feed never run its code. Checks at start and every 6
 * hours; a downloaded update installs when the app quits (never mid-shift).
 */
import { existsSync } from 'node:fs';
import { app } from 'electron';
import type { Logger } from 'pino';
import { updatePlan } from '../config/update-plan.ts';

const CHECK_EVERY_MS = 6 * 3600_000;

export async function startAutoUpdate(updateUrl: string | undefined, log: Logger): Promise<void> {
  const plan = updatePlan({
    updateUrl,
    isPackaged: app.isPackaged,
    platform: process.platform,
    execPath: process.execPath,
    env: process.env,
    exists: existsSync,
  });
  if (!plan.enabled) {
    log.info({ reason: plan.reason }, 'self-update off');
    return;
  }
  const { autoUpdater } = await import('electron-updater');
  autoUpdater.setFeedURL({ provider: 'generic', url: plan.url });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (err: Error) => log.warn({ err: err.message }, 'update check failed'));
  autoUpdater.on('update-downloaded', (info: { version: string }) =>
    log.info({ version: info.version }, 'update downloaded; it installs when Frontdesk quits'),
  );
  const check = () => void autoUpdater.checkForUpdates().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'update check failed'));
  log.info({ url: plan.url }, 'self-update on');
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}

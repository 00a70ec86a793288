/**
 * Whether the desktop app may update itself, decided before electron-updater is
 * even loaded. Off unless IT's policy names a feed (`updateUrl`): a reception PC
 * changes only when IT says so. Never for MSI installs — they belong to the
 * software distribution that installed them (an MSI has no NSIS uninstaller next
 * to the executable, which is how it is told apart). Never for unpackaged runs
 * (development) nor for deb/rpm installs (the package manager updates those).
 */
import path from 'node:path';

export type UpdatePlan = { enabled: true; url: string } | { enabled: false; reason: string };

export interface UpdateContext {
  updateUrl: string | undefined;
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** The running executable (process.execPath). */
  execPath: string;
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
}

export function updatePlan(c: UpdateContext): UpdatePlan {
  if (!c.updateUrl) return { enabled: false, reason: 'no updateUrl in the policy' };
  if (!c.isPackaged) return { enabled: false, reason: 'not a packaged app' };
  if (c.platform === 'win32') {
    const uninstaller = path.win32.join(path.win32.dirname(c.execPath), 'Uninstall Frontdesk.exe');
    if (!c.exists(uninstaller)) return { enabled: false, reason: 'installed from the MSI: updates come from the software distribution' };
  }
  if (c.platform === 'linux' && !c.env.APPIMAGE) return { enabled: false, reason: 'installed from a deb/rpm package: the package manager updates it' };
  return { enabled: true, url: c.updateUrl };
}

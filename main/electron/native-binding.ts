/**
 * better-sqlite3 is a native module: the build in node_modules targets Node's ABI
 * (tests, browser host), Electron needs one built against Electron's headers
 * (`npm run rebuild:electron-native` → build-native/electron/better_sqlite3.node,
 * packed by electron-builder into resources/native/). This finds that file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ELECTRON_NATIVE_FILE = 'better_sqlite3.node';

export function electronNativeBindingCandidates(appPath: string, resourcesPath: string | undefined): string[] {
  const list: string[] = [];
  if (resourcesPath) list.push(path.join(resourcesPath, 'native', ELECTRON_NATIVE_FILE));
  list.push(path.join(appPath, 'build-native', 'electron', ELECTRON_NATIVE_FILE));
  return list;
}

export function findElectronNativeBinding(appPath: string, resourcesPath: string | undefined): string | null {
  return electronNativeBindingCandidates(appPath, resourcesPath).find((p) => existsSync(p)) ?? null;
}

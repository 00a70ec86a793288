/**
 * `npm run build`: everything electron-builder packs and the browser host serves.
 *   dist/main/electron-main.cjs, dist/main/desk-worker.cjs, dist/preload/electron-preload.cjs,
 *   dist/preload/browser-bridge.js, renderer/dist/
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleBrowserBridgeFile, bundleDeskWorker, bundleElectronMain, bundleElectronPreload, buildRenderer } from './bundles.ts';
import { ELECTRON_NATIVE_DIR } from './project.ts';

const started = Date.now();
await Promise.all([bundleElectronMain(), bundleDeskWorker(), bundleElectronPreload(), bundleBrowserBridgeFile()]);
console.log('bundled dist/main/electron-main.cjs, dist/main/desk-worker.cjs, dist/preload/electron-preload.cjs, dist/preload/browser-bridge.js');
await buildRenderer();
console.log(`built renderer/dist in ${((Date.now() - started) / 1000).toFixed(1)}s total`);
if (!existsSync(path.join(ELECTRON_NATIVE_DIR, 'better_sqlite3.node'))) {
  console.warn(
    'NOTE: build-native/electron/better_sqlite3.node is missing. The browser host is unaffected, but an Electron run or ' +
      '`npm run dist` needs it: run `npm run rebuild:electron-native` on a machine that can download the Electron headers.',
  );
}

/** Paths of the checkout, for the build and launch scripts. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
export const RENDERER_DIR = path.join(ROOT, 'renderer');
export const RENDERER_DIST = path.join(RENDERER_DIR, 'dist');
export const ELECTRON_MAIN_OUT = path.join(DIST, 'main', 'electron-main.cjs');
/** The desk core's worker thread, loaded by the Electron main and the browser host. */
export const DESK_WORKER_OUT = path.join(DIST, 'main', 'desk-worker.cjs');
export const ELECTRON_PRELOAD_OUT = path.join(DIST, 'preload', 'electron-preload.cjs');
export const BROWSER_BRIDGE_OUT = path.join(DIST, 'preload', 'browser-bridge.js');
export const ELECTRON_NATIVE_DIR = path.join(ROOT, 'build-native', 'electron');

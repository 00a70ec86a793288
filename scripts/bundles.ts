/**
 * The esbuild bundles of the desktop app, shared by `npm run build`, `npm start` and
 * the host tests:
 *   - Electron main → dist/main/electron-main.cjs (CJS; electron and the native module external)
 *   - the desk core's worker thread → dist/main/desk-worker.cjs (same options; main and browser host load it)
 *   - Electron preload → dist/preload/electron-preload.cjs (sandboxed: one file, shared/ + zod inlined)
 *   - browser bridge → dist/preload/browser-bridge.js (IIFE the browser host serves as /bridge.js)
 * and the renderer via vite.
 */
import { spawn } from 'node:child_process';
import { readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { BROWSER_BRIDGE_OUT, DESK_WORKER_OUT, ELECTRON_MAIN_OUT, ELECTRON_PRELOAD_OUT, RENDERER_DIR, RENDERER_DIST, ROOT } from './project.ts';

const common: BuildOptions = {
  bundle: true,
  absWorkingDir: ROOT,
  logLevel: 'warning',
  sourcemap: 'linked',
  legalComments: 'none',
};

export async function bundleElectronMain(outfile = ELECTRON_MAIN_OUT): Promise<void> {
  await bundleForNode('main/electron/electron-main.ts', outfile, 'linked');
}

/**
 * The worker thread that runs the desk core. Written to a temporary name and renamed,
 * so test files bundling it at the same moment never load a half-written file.
 * Returns the path to hand to the host (`workerScript`).
 */
export async function bundleDeskWorker(outfile = DESK_WORKER_OUT): Promise<string> {
  const tmp = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  await bundleForNode(path.join(ROOT, 'main/core/worker/desk-worker.ts'), tmp);
  renameSync(tmp, outfile);
  return outfile;
}

/**
 * A Node entry point bundled as the Electron main is (CJS), which is also how a bench
 * runs one as the app ships: plain `node`, no TypeScript loader thread.
 */
export async function bundleForNode(entry: string, outfile: string, sourcemap: BuildOptions['sourcemap'] = false): Promise<void> {
  await build({
    ...common,
    sourcemap,
    entryPoints: [entry],
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // better-sqlite3 loads a native file; electron is provided by the runtime; ws's optional native helpers may be absent.
    external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
    // Modules written as ESM may read import.meta.url; in the CJS bundle it is this file's URL.
    define: { 'import.meta.url': '__frontdesk_import_meta_url' },
    banner: { js: "const __frontdesk_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  });
}

/**
 * zod re-exports every error-message locale (`z.locales`); our code uses the default
 * English one only. Replacing the locale index with just `en` halves the size of the
 * renderer-side bundles (preload, bridge), which are parsed on every window load.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

export async function bundleElectronPreload(outfile = ELECTRON_PRELOAD_OUT): Promise<void> {
  await build({
    ...common,
    entryPoints: ['preload/electron-preload.ts'],
    outfile,
    // A sandboxed preload gets a browser-like environment with a require() for electron only.
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    minify: true,
    plugins: [zodEnglishOnly],
  });
}

const bridgeOptions: BuildOptions = {
  ...common,
  entryPoints: ['preload/browser-bridge.ts'],
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  plugins: [zodEnglishOnly],
};

/** The bridge script as text (the browser host serves it from memory). */
export async function bundleBrowserBridge(): Promise<string> {
  const result = await build({ ...bridgeOptions, sourcemap: false, write: false, outfile: BROWSER_BRIDGE_OUT });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no browser bridge output');
  return file.text;
}

export async function bundleBrowserBridgeFile(outfile = BROWSER_BRIDGE_OUT): Promise<void> {
  await build({ ...bridgeOptions, outfile });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when renderer/dist is missing or older than the renderer's (or shared/) sources. */
export function rendererBuildIsStale(): boolean {
  let built: number;
  try {
    built = statSync(path.join(RENDERER_DIST, 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  return (
    Math.max(newestMtime(path.join(RENDERER_DIR, 'src')), statSync(path.join(RENDERER_DIR, 'index.html')).mtimeMs, newestMtime(path.join(ROOT, 'shared'))) >
    built
  );
}

export function buildRenderer(): Promise<void> {
  return new Promise((resolve, reject) => {
    const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const child = spawn(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code})`))));
  });
}

export async function ensureRendererBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (!rendererBuildIsStale()) return;
  log('Building the renderer (renderer/dist is missing or out of date)…');
  await buildRenderer();
}

/**
 * The Electron shell: a thin layer over the host-agnostic DeskCore. It owns the app
 * lifecycle, the single-instance lock, hardened windows, ipcMain, safeStorage and the
 * OS signals (resume, network). Everything about syncing lives in main/core.
 *
 * Bundled by esbuild to dist/main/electron-main.cjs (package.json "main").
 */
import path from 'node:path';
import { app, crashReporter, dialog, session } from 'electron';
import { ViewSchema, type ViewName } from '../../shared/ipc.ts';
import { LaunchError, parseLaunchArgs, resolveLaunchOptions, type LaunchOptions } from '../config/launch-options.ts';
import { loadPolicy, PolicyError, policyValues } from '../config/policy.ts';
import { createDefaultLogger } from '../core/desk-core.ts';
import { createDeskCoreInWorker } from '../core/worker/desk-core-in-worker.ts';
import type { DeskCore } from '../core/host-contract.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { hardenSession, hardenWebContents } from './hardening.ts';
import { registerIpcHandlers } from './ipc-handlers.ts';
import { createPrintHook } from './print.ts';
import { findElectronNativeBinding } from './native-binding.ts';
import { chooseVaultMode, createSafeStorageVault } from './safe-storage-vault.ts';
import { watchSystemEvents } from './system-events.ts';
import { WindowRegistry } from './windows.ts';
import { ensurePrivateDir } from '../core/store/private-files.ts';
import { startAutoUpdate } from './auto-update.ts';

function fatal(title: string, message: string): never {
  console.error(`${title}: ${message}`);
  // showErrorBox works before 'ready' too (a plain native dialog on Windows/macOS; stderr elsewhere).
  try {
    dialog.showErrorBox(title, message);
  } catch {
    // headless: stderr already has it
  }
  app.exit(1);
  process.exit(1);
}

function readOptions(): LaunchOptions {
  // `electron path/to/main.cjs …` (dev) has one more leading argv entry than the packaged app.
  const args = process.argv.slice(process.defaultApp ? 2 : 1);
  try {
    return resolveLaunchOptions(parseLaunchArgs(args, false), loadPolicy(), { userDataDir: app.getPath('userData') });
  } catch (err) {
    if (err instanceof PolicyError || err instanceof LaunchError) fatal('Frontdesk cannot start', err.message);
    throw err;
  }
}

function main(): void {
  registerAppScheme();
  app.enableSandbox();

  const options = readOptions();
  // A desk on another data dir is another desk: give it its own Chromium profile, and
  // so its own single-instance lock (the lock lives in userData).
  if (path.resolve(options.dataDir) !== path.resolve(app.getPath('userData'))) {
    app.setPath('userData', path.join(options.dataDir, 'electron-profile'));
  }

  // Crash dumps (main, renderer, GPU) are written under the desk's data directory for the
  // helpdesk; they leave the machine only when the policy names a crash-report server.
  app.setPath('crashDumps', path.join(options.dataDir, 'crash-dumps'));
  crashReporter.start({
    uploadToServer: Boolean(options.policy.crashReportUrl),
    submitURL: options.policy.crashReportUrl ?? '',
    compress: true,
    globalExtra: { _productName: 'Frontdesk', _version: app.getVersion() },
  });

  if (!app.requestSingleInstanceLock({ view: options.view })) {
    console.log('Frontdesk is already running for this data directory; it has been brought to the front.');
    app.quit();
    return;
  }

  // A desktop app has no terminal to read: the JSON log lives with the desk's data.
  const log = createDefaultLogger(options.logLevel, path.join(options.dataDir, 'desk.log'));
  const windows = new WindowRegistry({
    preloadPath: path.join(app.getAppPath(), 'dist', 'preload', 'electron-preload.cjs'),
    devTools: !app.isPackaged,
    log,
  });
  let core: DeskCore | null = null;
  let stopWatching: (() => void) | null = null;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  app.on('second-instance', (_event, _argv, _cwd, additionalData) => {
    windows.focus();
    const asked = ViewSchema.safeParse((additionalData as { view?: unknown } | null)?.view);
    if (asked.success) windows.open(asked.data, 'secondary');
  });

  app.on('window-all-closed', () => {
    // macOS keeps apps running without windows; the desk keeps syncing in the background there.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && windows.count === 0) windows.open('today');
  });

  // Quit only after the core has flushed SQLite and closed the connection.
  let stopState: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (stopState === 'stopped' || !core) return;
    event.preventDefault();
    if (stopState === 'stopping') return;
    stopState = 'stopping';
    stopWatching?.();
    const running = core;
    running
      .stop()
      .catch((err: Error) => log.error({ error: err.message }, 'desk core did not stop cleanly'))
      .finally(() => {
        stopState = 'stopped';
        log.flush();
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(async () => {
      if (!options.serverUrl) {
        fatal('Frontdesk has no gateway', 'Start it with --server URL, or set "serverUrl" in the policy file (see docs/deployment.md).');
      }
      hardenSession(session.defaultSession, log);
      void startAutoUpdate(options.policy.updateUrl, log).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'self-update could not start'));
      await serveRenderer(session.defaultSession, path.join(app.getAppPath(), 'renderer', 'dist'));

      ensurePrivateDir(options.dataDir);
      const vault = createSafeStorageVault(options.dataDir, chooseVaultMode(options.allowPlaintextTokenStorage), log);
      const nativeBinding = findElectronNativeBinding(app.getAppPath(), process.resourcesPath);
      if (!nativeBinding) {
        const msg =
          'No Electron build of better-sqlite3 found (build-native/electron/better_sqlite3.node); the Node build will likely fail to load. Run `npm run rebuild:electron-native`.';
        log.warn({}, msg);
        console.error(`WARNING: ${msg}`);
      }

      // The core (SQLite, the stream) runs in a worker thread: a catch-up never stalls window IPC.
      const created = createDeskCoreInWorker({
        // Bundled next to this file (scripts/bundles.ts); Electron reads it from the asar.
        workerScript: path.join(__dirname, 'desk-worker.cjs'),
        dataDir: options.dataDir,
        serverUrl: options.serverUrl,
        vault,
        version: app.getVersion(),
        log,
        nativeBinding: nativeBinding ?? undefined,
        policy: { source: options.policySource, values: policyValues(options.policy) },
        hooks: {
          host: 'electron',
          openWindow: (view: ViewName) => {
            windows.open(view, 'secondary');
            return Promise.resolve({ url: null });
          },
          printDocument: createPrintHook(windows, () => app.getPath('documents'), log),
        },
      });
      created.onPush((channel, payload) => windows.send(channel, payload));
      registerIpcHandlers(created, windows, log);
      await created.start();
      core = created;
      stopWatching = watchSystemEvents((reason) => created.nudge(reason));

      windows.open(options.view ?? 'today');
      log.info({ serverUrl: options.serverUrl, dataDir: options.dataDir, vault: vault.description }, 'frontdesk started');
      console.log(`Frontdesk is running in its Electron window (gateway ${options.serverUrl}, data ${options.dataDir}).`);
    })
    .catch((err: Error) => fatal('Frontdesk failed to start', err.stack ?? err.message));
}

main();

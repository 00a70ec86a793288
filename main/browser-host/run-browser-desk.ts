/**
 * Runs a whole desk in the browser host: the file token vault, the DeskCore, and the
 * loopback host serving the renderer. Used by `npm start` when Electron is absent
 * (or with --browser), and by the host and renderer end-to-end tests.
 */
import type { Logger } from 'pino';
import { createDefaultLogger } from '../core/desk-core.ts';
import { createDeskCoreInWorker } from '../core/worker/desk-core-in-worker.ts';
import { createFileTokenVault } from '../core/file-token-vault.ts';
import type { AppInfo, PolicyInEffect } from '../../shared/ipc.ts';
import type { DeskCore, DeskTuning } from '../core/host-contract.ts';
import { createBrowserHostHooks, startBrowserHost, type BrowserHost } from './browser-host.ts';
import { ensurePrivateDir } from '../core/store/private-files.ts';

export interface BrowserDeskOptions {
  serverUrl: string;
  dataDir: string;
  rendererDir: string;
  bridgeScript: string;
  /** The bundled desk-core worker (scripts/bundles.ts `bundleDeskWorker`). */
  workerScript: string;
  version: string;
  port?: number;
  log?: Logger;
  /** Where the file vault's "UNENCRYPTED" warning goes (stderr by default). */
  warn?: (message: string) => void;
  tuning?: Partial<DeskTuning>;
  /** The central policy in effect (About panel). */
  policy?: PolicyInEffect;
  /** On the embedded demo gateway: its logins, shown on the login screen. */
  demoLogins?: AppInfo['demoLogins'];
}

export interface BrowserDesk {
  core: DeskCore;
  host: BrowserHost;
  /** Closes the host, then stops the core (flushing SQLite). Safe to call twice. */
  stop(): Promise<void>;
}

export async function runBrowserDesk(opts: BrowserDeskOptions): Promise<BrowserDesk> {
  ensurePrivateDir(opts.dataDir);
  const vault = createFileTokenVault(opts.dataDir, opts.warn ? { warn: opts.warn } : {});
  const { hooks, attach } = createBrowserHostHooks();
  // The core (SQLite, the stream) runs in its own thread; this one serves the windows.
  const core = createDeskCoreInWorker({
    workerScript: opts.workerScript,
    dataDir: opts.dataDir,
    serverUrl: opts.serverUrl,
    vault,
    hooks,
    version: opts.version,
    log: opts.log ?? createDefaultLogger(),
    tuning: opts.tuning,
    policy: opts.policy,
    demoLogins: opts.demoLogins,
  });
  await core.start();
  let host: BrowserHost;
  try {
    host = await startBrowserHost({ core, rendererDir: opts.rendererDir, bridgeScript: opts.bridgeScript, port: opts.port, log: opts.log });
  } catch (err) {
    await core.stop();
    throw err;
  }
  attach(host);
  let stopping: Promise<void> | null = null;
  return {
    core,
    host,
    stop() {
      stopping ??= (async () => {
        await host.close();
        await core.stop();
      })();
      return stopping;
    },
  };
}

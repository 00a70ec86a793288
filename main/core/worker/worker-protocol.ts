/**
 * Messages between the desk's main thread (the host: Electron main, browser host) and
 * the worker thread that runs the desk core (store, connection, outbox). Everything
 * here crosses a MessagePort by structured clone: plain data only.
 */
import type { AppInfo, InvokeChannel, PolicyInEffect, PrintRequest, PrintResult, PushChannel, ViewName } from '../../../shared/ipc.ts';
import type { DeskTuning, StoredSession } from '../host-contract.ts';

/** What the worker needs to build the core (`workerData`). */
export interface DeskWorkerInit {
  dataDir: string;
  serverUrl: string;
  version: string;
  nativeBinding?: string;
  tuning?: Partial<DeskTuning>;
  policy?: PolicyInEffect;
  demoLogins?: AppInfo['demoLogins'];
  host: 'electron' | 'browser' | 'headless';
  /** The host can print/save a window (Electron). */
  canPrint: boolean;
  /** The main thread's pino level; the worker's lines go back to the main thread's log. */
  logLevel: string;
  /** The vault stays with the host (Electron's safeStorage lives on the main thread): its content at start. */
  vault: { session: StoredSession | null; loadError: string | null; description: string };
}

export type HookCall = { name: 'openWindow'; view: ViewName } | { name: 'printDocument'; invokeId: number; request: PrintRequest };
export type HookResult = { url: string | null } | PrintResult;

export type ToWorker =
  | { type: 'start' }
  | { type: 'invoke'; id: number; channel: InvokeChannel; request: unknown }
  | { type: 'hook-result'; callId: number; ok: true; value: HookResult }
  | { type: 'hook-result'; callId: number; ok: false; error: string }
  | { type: 'nudge'; reason: string }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'started' }
  | { type: 'start-failed'; error: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string }
  | { type: 'push'; channel: PushChannel; payload: unknown }
  | { type: 'log'; line: string }
  | { type: 'vault-save'; session: StoredSession }
  | { type: 'vault-clear' }
  | { type: 'hook'; callId: number; call: HookCall }
  | { type: 'stopped' };

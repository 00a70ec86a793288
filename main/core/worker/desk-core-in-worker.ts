/**
 * The host's side of the desk core that runs in a worker thread (desk-worker.ts):
 * the same DeskCore contract, so Electron's IPC handlers and the browser host cannot
 * tell the difference, but the main thread never runs SQLite or the stream's JSON.
 *
 * Guarantees are the core's own (one transaction per batch, outbox, dedup), since
 * the very same code runs in the worker; this file only carries messages in order.
 * If the worker dies, pending invokes fail with a clear error, windows are told to
 * reload (a delta with `reset`), and a fresh worker reopens the same database — the
 * store was committed transaction by transaction, so nothing acknowledged is lost.
 */
import { Worker } from 'node:worker_threads';
import pino, { type Logger } from 'pino';
import type { InvokeChannel, InvokeRequest, InvokeResponses, PushChannel, PushPayloads } from '../../../shared/ipc.ts';
import type { DeskCore, DeskCoreOptions, InvokeOrigin, PushListener, StoredSession } from '../host-contract.ts';
import type { DeskWorkerInit, FromWorker, HookCall, HookResult, ToWorker } from './worker-protocol.ts';

export interface WorkerDeskCoreOptions extends Omit<DeskCoreOptions, 'log'> {
  /** The bundled worker entry (dist/main/desk-worker.cjs; scripts/bundles.ts builds it). */
  workerScript: string;
  log: Logger;
}

/** A worker that dies this many times within a minute is not restarted again. */
const MAX_RESTARTS_PER_MINUTE = 3;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  origin: InvokeOrigin;
}

export function createDeskCoreInWorker(options: WorkerDeskCoreOptions): DeskCore {
  const log = options.log;
  const listeners = new Set<PushListener>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  let stopping: Promise<void> | null = null;
  let restarts: number[] = [];
  // Lines from the worker go to the very destination of the host's logger.
  const destination = (log as unknown as Record<symbol, { write(line: string): void }>)[pino.symbols.streamSym];

  const emit = <P extends PushChannel>(channel: P, payload: PushPayloads[P]) => {
    for (const l of listeners) {
      try {
        l(channel, payload);
      } catch (err) {
        log.error({ err: (err as Error).message, channel }, 'a push listener threw');
      }
    }
  };

  function vaultContent(): DeskWorkerInit['vault'] {
    let session: StoredSession | null = null;
    let loadError: string | null = null;
    try {
      session = options.vault.load();
    } catch (err) {
      loadError = (err as Error).message;
    }
    return { session, loadError, description: options.vault.description };
  }

  async function runHook(call: HookCall): Promise<HookResult> {
    if (call.name === 'openWindow') return options.hooks.openWindow(call.view);
    const print = options.hooks.printDocument;
    if (!print) return { ok: false, path: null, reason: 'unsupported' };
    return print(pending.get(call.invokeId)?.origin.sender, call.request);
  }

  function send(w: Worker, message: ToWorker): void {
    w.postMessage(message);
  }

  function onMessage(w: Worker, message: FromWorker, started: { resolve: () => void; reject: (e: Error) => void }): void {
    switch (message.type) {
      case 'started':
        started.resolve();
        return;
      case 'start-failed':
        started.reject(new Error(message.error));
        return;
      case 'result': {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) p?.resolve(message.value);
        else p?.reject(new Error(message.error));
        return;
      }
      case 'push':
        emit(message.channel, message.payload as PushPayloads[typeof message.channel]);
        return;
      case 'log':
        destination.write(message.line);
        return;
      case 'vault-save':
        options.vault.save(message.session);
        return;
      case 'vault-clear':
        options.vault.clear();
        return;
      case 'hook':
        runHook(message.call).then(
          (value) => send(w, { type: 'hook-result', callId: message.callId, ok: true, value }),
          (err: Error) => send(w, { type: 'hook-result', callId: message.callId, ok: false, error: err.message }),
        );
        return;
      case 'stopped':
        // The store is flushed and closed; a socket still saying goodbye need not keep the thread.
        void w.terminate();
        return;
    }
  }

  function spawnWorker(): Promise<void> {
    const init: DeskWorkerInit = {
      dataDir: options.dataDir,
      serverUrl: options.serverUrl,
      version: options.version,
      nativeBinding: options.nativeBinding,
      tuning: options.tuning,
      policy: options.policy,
      demoLogins: options.demoLogins,
      host: options.hooks.host,
      canPrint: options.hooks.printDocument !== undefined,
      logLevel: log.level,
      vault: vaultContent(),
    };
    // No inherited execArgv: the worker is a plain CJS bundle and needs no loader or
    // preload of the host's (tsx's loader thread would wake it every second).
    const w = new Worker(options.workerScript, { workerData: init, execArgv: [], stdout: false, stderr: false });
    worker = w;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const started = {
        resolve: () => {
          settled = true;
          resolve();
        },
        reject: (e: Error) => {
          settled = true;
          reject(e);
        },
      };
      w.on('message', (m: FromWorker) => onMessage(w, m, started));
      let failure = '';
      w.on('error', (err) => {
        failure = `: ${err.message}`;
        log.error({ err: err.message, stack: err.stack }, 'the desk core thread failed');
      });
      w.on('exit', (code) => {
        if (worker !== w) return;
        worker = null;
        const reason = `the desk core thread exited (code ${code})${failure}`;
        for (const [id, p] of pending) {
          pending.delete(id);
          p.reject(new Error(reason));
        }
        if (!settled) {
          started.reject(new Error(reason));
          return;
        }
        if (stopping) return;
        restartAfterCrash(reason);
      });
      send(w, { type: 'start' });
    });
  }

  function restartAfterCrash(reason: string): void {
    const now = Date.now();
    restarts = restarts.filter((t) => now - t < 60_000);
    if (restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      log.fatal({ reason, restarts: restarts.length }, 'the desk core thread keeps failing; not restarting it again');
      return;
    }
    restarts.push(now);
    log.error({ reason }, 'restarting the desk core thread');
    spawnWorker().then(
      () => emit('desk:delta', { cursor: { epoch: null, lastSeq: 0 }, upserts: {}, activity: [], reset: true }),
      (err: Error) => log.fatal({ err: err.message }, 'the desk core thread could not be restarted'),
    );
  }

  return {
    invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>, origin: InvokeOrigin = {}): Promise<InvokeResponses[C]> {
      const w = worker;
      if (!w) return Promise.reject(new Error('the desk core is not running'));
      const id = nextId++;
      return new Promise<InvokeResponses[C]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, origin });
        send(w, { type: 'invoke', id, channel, request });
      });
    },

    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      if (worker) return;
      await spawnWorker();
    },

    stop() {
      stopping ??= (async () => {
        const w = worker;
        if (!w) return;
        const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
        send(w, { type: 'stop' });
        // The core flushes and closes SQLite, then the thread ends by itself.
        const timer = setTimeout(() => void w.terminate(), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },

    nudge(reason) {
      if (worker) send(worker, { type: 'nudge', reason });
    },
  };
}

/**
 * The desk core in its own thread. A catch-up of 100,000 events is seconds of
 * synchronous SQLite and JSON work; on the main thread (in Electron: the one that
 * also runs every window's IPC) that would stall the UI. Here it stalls nobody: the
 * main thread only relays invokes and pushes (desk-core-in-worker.ts).
 *
 * What stays with the host is proxied: the token vault (Electron's safeStorage is a
 * main-thread API; the worker keeps a mirror and sends every change back in order),
 * the host hooks (open a window, print the sender's window) and the log (lines go to
 * the main thread's destination, so one process writes one log file).
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { InvokeChannel, InvokeRequest, PrintRequest, PrintResult, PushChannel, PushPayloads, ViewName } from '../../../shared/ipc.ts';
import { createDeskCore, REDACTED_LOG_PATHS } from '../desk-core.ts';
import type { DeskHostHooks, StoredSession, TokenVault } from '../host-contract.ts';
import type { DeskWorkerInit, FromWorker, HookCall, HookResult, ToWorker } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('desk-worker must run in a worker thread');
const init = workerData as DeskWorkerInit;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

const log = pino(
  { level: init.logLevel, base: { app: 'frontdesk-desk', thread: 'desk-core' }, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } },
  { write: (line: string) => post({ type: 'log', line }) },
);

let session: StoredSession | null = init.vault.session;
const vault: TokenVault = {
  description: init.vault.description,
  load() {
    if (init.vault.loadError !== null) throw new Error(init.vault.loadError);
    return session;
  },
  save(s) {
    session = s;
    post({ type: 'vault-save', session: s });
  },
  clear() {
    session = null;
    post({ type: 'vault-clear' });
  },
};

let nextCall = 1;
const calls = new Map<number, { resolve: (v: HookResult) => void; reject: (e: Error) => void }>();
function callHook(call: HookCall): Promise<HookResult> {
  const callId = nextCall++;
  return new Promise((resolve, reject) => {
    calls.set(callId, { resolve, reject });
    post({ type: 'hook', callId, call });
  });
}

const hooks: DeskHostHooks = {
  host: init.host,
  openWindow: (view: ViewName) => callHook({ name: 'openWindow', view }) as Promise<{ url: string | null }>,
  ...(init.canPrint
    ? {
        // The sender is the host's own handle; here it is the id of the invoke it came with.
        printDocument: (sender: unknown, request: PrintRequest) =>
          callHook({ name: 'printDocument', invokeId: sender as number, request }) as Promise<PrintResult>,
      }
    : {}),
};

const core = createDeskCore({
  dataDir: init.dataDir,
  serverUrl: init.serverUrl,
  version: init.version,
  nativeBinding: init.nativeBinding,
  tuning: init.tuning,
  policy: init.policy,
  demoLogins: init.demoLogins,
  vault,
  hooks,
  log,
});
core.onPush(<P extends PushChannel>(channel: P, payload: PushPayloads[P]) => post({ type: 'push', channel, payload }));

async function invoke(id: number, channel: InvokeChannel, request: unknown): Promise<void> {
  try {
    const value = await core.invoke(channel, request as InvokeRequest<typeof channel>, { sender: id });
    post({ type: 'result', id, ok: true, value });
  } catch (err) {
    post({ type: 'result', id, ok: false, error: (err as Error).message });
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      core.start().then(
        () => post({ type: 'started' }),
        (err: Error) => post({ type: 'start-failed', error: err.message }),
      );
      return;
    case 'invoke':
      void invoke(message.id, message.channel, message.request);
      return;
    case 'hook-result': {
      const call = calls.get(message.callId);
      calls.delete(message.callId);
      if (message.ok) call?.resolve(message.value);
      else call?.reject(new Error(message.error));
      return;
    }
    case 'nudge':
      core.nudge(message.reason);
      return;
    case 'stop':
      core.stop().then(
        () => {
          post({ type: 'stopped' });
          port.close();
        },
        (err: Error) => {
          log.error({ err: err.message }, 'the desk core did not stop cleanly');
          post({ type: 'stopped' });
          port.close();
        },
      );
      return;
  }
});

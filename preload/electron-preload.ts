/**
 * The Electron preload: exposes FrontdeskApi as `window.frontdesk` through
 * contextBridge. Runs sandboxed (only electron's renderer modules), so it is bundled
 * with esbuild into dist/preload/electron-preload.cjs with shared/ inlined.
 *
 * Never exposes ipcRenderer or the IPC event object: each method invokes one named
 * channel, each listener receives the payload only and gets an unsubscribe back.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_GLOBAL,
  type FrontdeskApi,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponses,
  type PushChannel,
  type PushPayloads,
} from '../shared/ipc.ts';

function invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResponses[C]> {
  return ipcRenderer.invoke(channel, payload) as Promise<InvokeResponses[C]>;
}

function subscribe<P extends PushChannel>(channel: P, listener: (payload: PushPayloads[P]) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError(`${channel} listener must be a function`);
  const wrapped = (_event: IpcRendererEvent, payload: PushPayloads[P]): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api: FrontdeskApi = {
  getSnapshot: () => invoke('desk:get-snapshot', {}),
  activityPage: (beforeSeq, limit) => invoke('desk:activity-page', { beforeSeq, limit }),
  login: (email, password) => invoke('session:login', { email, password }),
  logout: async () => {
    await invoke('session:logout', {});
  },
  submit: (command) => invoke('actions:submit', { command }),
  dismissOutboxItem: async (key) => {
    await invoke('outbox:dismiss', { key });
  },
  // Electron opens the window in main; the returned url is null there.
  openWindow: async (view) => {
    await invoke('windows:open', { view });
  },
  appInfo: () => invoke('app:info', {}),
  onDelta: (listener) => subscribe('desk:delta', listener),
  onStatus: (listener) => subscribe('desk:status', listener),
  onOutbox: (listener) => subscribe('desk:outbox', listener),
};

contextBridge.exposeInMainWorld(API_GLOBAL, api);

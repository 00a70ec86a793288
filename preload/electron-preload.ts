/**
 * The Electron preload: exposes FrontdeskApi as `window.frontdesk` through
 * contextBridge. Runs sandboxed (only electron's renderer modules), so it is bundled
 * with esbuild into dist/preload/electron-preload.cjs with shared/ inlined.
 *
 * Never exposes ipcRenderer or the IPC event object: each method invokes one named
 * channel, each listener receives the payload only and gets an unsubscribe back.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createFrontdeskApi } from '../shared/api-client.ts';
import { API_GLOBAL } from '../shared/ipc.ts';

// Electron opens windows in main (`windows:open` answers url null), so no openUrl here.
const api = createFrontdeskApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  on: (channel, listener) => {
    if (typeof listener !== 'function') throw new TypeError(`${channel} listener must be a function`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld(API_GLOBAL, api);

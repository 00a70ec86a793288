/**
 * FrontdeskApi built from a transport: one invoke channel per method, one push
 * channel per `onX`. Both preloads use it (Electron over ipcRenderer, the browser
 * host over its loopback WebSocket), so the method → channel mapping is written once.
 * Type-only imports: nothing here is bundled but this function.
 */
import type { FrontdeskApi, InvokeChannel, InvokeRequest, InvokeResponses, PushChannel, PushPayloads } from './ipc.ts';

export interface ApiTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  /** Delivers the payload only; returns an unsubscribe. */
  on(channel: PushChannel, listener: (payload: never) => void): () => void;
}

export interface ApiClientOptions {
  /**
   * Hosts where the renderer opens windows itself (browser host) answer `windows:open`
   * with a url; this opens it. Without it (Electron opens windows in main) the url is ignored.
   */
  openUrl?(url: string): void | Promise<void>;
}

export function createFrontdeskApi(transport: ApiTransport, options: ApiClientOptions = {}): FrontdeskApi {
  const invoke = <C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<InvokeResponses[C]> =>
    transport.invoke(channel, payload) as Promise<InvokeResponses[C]>;
  const on = <P extends PushChannel>(channel: P, listener: (payload: PushPayloads[P]) => void): (() => void) =>
    transport.on(channel, listener as (payload: never) => void);

  return {
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
    openWindow: async (view) => {
      const { url } = await invoke('windows:open', { view });
      if (url && options.openUrl) await options.openUrl(url);
    },
    appInfo: () => invoke('app:info', {}),
    retryNow: async () => {
      await invoke('connection:retry-now', {});
    },
    reportCrash: async (report) => {
      await invoke('app:renderer-crashed', { message: report.message.slice(0, 2000), ...(report.stack ? { stack: report.stack.slice(0, 8000) } : {}) });
    },
    printDocument: (mode, suggestedName) => invoke('print:document', { mode, suggestedName }),
    onDelta: (listener) => on('desk:delta', listener),
    onStatus: (listener) => on('desk:status', listener),
    onOutbox: (listener) => on('desk:outbox', listener),
  };
}

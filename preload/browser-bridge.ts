/**
 * The browser host's "preload": FrontdeskApi over one loopback WebSocket to the host.
 * Loaded as the first <script> of index.html (the host injects it), so
 * `window.frontdesk` exists before the renderer bundle runs.
 *
 * The launch secret arrives once in the URL fragment (`#secret=…`), is kept in
 * sessionStorage (so reloads keep working) and removed from the address bar. Windows
 * this tab opens get it in their own fragment, since a new window's sessionStorage is
 * not guaranteed to be a copy. It is presented in the WebSocket handshake, never sent
 * as a URL, and never exposed on the API.
 */
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  BRIDGE_SECRET_PREFIX,
  FRAGMENT_SECRET_KEY,
  SESSION_SECRET_KEY,
  formatFragment,
  parseFragment,
  type BridgeServerMessage,
} from '../shared/bridge.ts';
import { createFrontdeskApi } from '../shared/api-client.ts';
import {
  API_GLOBAL,
  type ConnectionStatus,
  type DeskDelta,
  type FrontdeskApi,
  type InvokeChannel,
  type PushChannel,
  type PushPayloads,
} from '../shared/ipc.ts';

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;

function takeSecret(): string | null {
  const fragment = parseFragment(location.hash);
  const fromUrl = fragment.get(FRAGMENT_SECRET_KEY);
  if (fromUrl) {
    try {
      sessionStorage.setItem(SESSION_SECRET_KEY, fromUrl);
    } catch {
      // Storage disabled: this tab still works until it is reloaded.
    }
    // Keep the rest of the fragment verbatim (e.g. view=board); drop the secret from the address bar and history.
    const rest = location.hash
      .replace(/^#/, '')
      .split('&')
      .filter((part) => part !== '' && !part.startsWith(`${FRAGMENT_SECRET_KEY}=`))
      .join('&');
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(SESSION_SECRET_KEY);
  } catch {
    return null;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

const BAD_LINK =
  'This Frontdesk link is wrong, cut off or from an earlier start (its secret does not match). Open the whole link that `npm start` printed last — it ends in #secret=…';

function createBridge(secret: string | null): FrontdeskApi {
  const listeners = new Map<PushChannel, Set<(payload: never) => void>>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let open = false;
  let everOpened = false;
  let retryMs = RECONNECT_MIN_MS;
  let lastStatus: ConnectionStatus | null = null;
  /** Set when the host is up but refuses this page's secret: retrying cannot help. */
  let badLink: string | null = null;

  function emit<P extends PushChannel>(channel: P, payload: PushPayloads[P]): void {
    if (channel === 'desk:status') lastStatus = payload as ConnectionStatus;
    for (const fn of listeners.get(channel) ?? []) {
      try {
        (fn as (p: PushPayloads[P]) => void)(payload);
      } catch (err) {
        console.error(`frontdesk ${channel} listener failed`, err);
      }
    }
  }

  function onMessage(text: string): void {
    let msg: BridgeServerMessage;
    try {
      msg = JSON.parse(text) as BridgeServerMessage;
    } catch {
      console.error('frontdesk bridge: unreadable message from host');
      return;
    }
    if (msg.type === 'result') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.error));
    } else if (msg.type === 'push') {
      emit(msg.channel as PushChannel, msg.payload as never);
    } else if (msg.type === 'error') {
      console.error(`frontdesk bridge: ${msg.error}`);
    }
  }

  function connect(): void {
    if (!secret) return;
    const ws = new WebSocket(`ws://${location.host}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, BRIDGE_SECRET_PREFIX + secret]);
    socket = ws;
    ws.onopen = () => {
      open = true;
      retryMs = RECONNECT_MIN_MS;
      const wasReconnect = everOpened;
      everOpened = true;
      for (const text of queue) ws.send(text);
      queue = [];
      // State may have moved on while we were away: tell the renderer to reload its snapshot.
      if (wasReconnect) emit('desk:delta', { cursor: { epoch: null, lastSeq: 0 }, upserts: {}, activity: [], reset: true } satisfies DeskDelta);
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') onMessage(ev.data);
    };
    ws.onclose = () => {
      const hadOpened = open;
      open = false;
      socket = null;
      if (!everOpened) {
        // Never connected: either the host is gone, or it is up and refuses this link's
        // secret (mistyped, cut off, or from an earlier run). The page came from the same
        // host, so ask it for the page again: an answer means the secret is what is wrong.
        void fetch('/', { cache: 'no-store' }).then(
          (res) => {
            if (!res.ok) return retry();
            badLink = BAD_LINK;
            for (const p of pending.values()) p.reject(new Error(BAD_LINK));
            pending.clear();
            console.error(`frontdesk bridge: ${BAD_LINK}`);
          },
          () => retry(),
        );
        return;
      }
      if (hadOpened && lastStatus) {
        emit('desk:status', {
          ...lastStatus,
          state: 'offline',
          since: new Date().toISOString(),
          progress: null,
          detail: 'lost contact with the Frontdesk host (is `npm start` still running?)',
          retryAt: null,
        });
      }
      retry();
    };
  }

  function retry(): void {
    for (const p of pending.values()) p.reject(new Error('lost contact with the Frontdesk host; retrying'));
    pending.clear();
    setTimeout(connect, retryMs);
    retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
  }

  function invoke(channel: InvokeChannel, payload: unknown): Promise<unknown> {
    if (badLink) return Promise.reject(new Error(badLink));
    if (!secret) {
      return Promise.reject(new Error('This page was opened without its launch secret: open the URL printed by `npm start` (it ends in #secret=…).'));
    }
    const id = nextId++;
    const text = JSON.stringify({ type: 'invoke', id, channel, payload });
    return new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (open && socket) socket.send(text);
      else queue.push(text);
    });
  }

  function subscribe(channel: PushChannel, listener: (payload: never) => void): () => void {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  connect();

  const api = createFrontdeskApi(
    { invoke, on: subscribe },
    {
      openUrl: (url) => {
        if (!secret) return;
        const target = new URL(url, location.href);
        if (target.origin !== location.origin) throw new Error(`refusing to open a window outside this app: ${target.origin}`);
        const rest = target.hash.replace(/^#/, '');
        target.hash = `${rest ? `${rest}&` : ''}${formatFragment([[FRAGMENT_SECRET_KEY, secret]]).slice(1)}`;
        const opened = window.open(target.href, '_blank');
        if (!opened) throw new Error('The browser blocked the new window: allow pop-ups for this page.');
      },
    },
  );

  return {
    ...api,
    getSnapshot: async () => {
      const snapshot = await api.getSnapshot();
      // Remembered so a lost host can be shown as "offline" even before any status push.
      lastStatus = snapshot.status;
      return snapshot;
    },
  };
}

Object.defineProperty(window, API_GLOBAL, { value: Object.freeze(createBridge(takeSecret())), writable: false, configurable: false, enumerable: true });

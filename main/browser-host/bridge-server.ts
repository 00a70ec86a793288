/**
 * The host end of the loopback bridge: authenticated WebSockets at /bridge that carry
 * the FrontdeskApi. Every message is schema-checked, every invoke validated with
 * `validateInvoke` (the same single step the Electron host runs) before the core
 * sees it; pushes from the core go to every connected tab.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_PROTOCOL, decodeBridgeClientMessage, MAX_BRIDGE_MESSAGE_BYTES, type BridgeServerMessage } from '../../shared/bridge.ts';
import { isInvokeChannel, validateInvoke, type InvokeChannel } from '../../shared/ipc.ts';
import type { DeskCore } from '../core/host-contract.ts';
import { checkBridgeHandshake } from './bridge-auth.ts';

/** A tab that stops reading gets dropped rather than buffering without bound; it reconnects and reloads its snapshot. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export interface BridgeLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface BridgeServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly clientCount: number;
  close(): Promise<void>;
}

export function createBridgeServer(opts: { core: DeskCore; origin: string; host: string; secret: string; log: BridgeLog }): BridgeServer {
  const { core, log } = opts;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BRIDGE_MESSAGE_BYTES,
    perMessageDeflate: false,
    // Answer with the bridge protocol only: the secret token is never echoed back.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });
  const clients = new Set<WebSocket>();

  const send = (ws: WebSocket, msg: BridgeServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(msg));
  };

  const unsubscribe = core.onPush((channel, payload) => {
    if (clients.size === 0) return;
    const text = JSON.stringify({ type: 'push', channel, payload } satisfies BridgeServerMessage);
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        log.warn({ bufferedAmount: ws.bufferedAmount }, 'bridge client is not reading; dropping it');
        ws.terminate();
        continue;
      }
      ws.send(text);
    }
  });

  async function onMessage(ws: WebSocket, raw: string): Promise<void> {
    const decoded = decodeBridgeClientMessage(raw);
    if (!decoded.ok) {
      log.warn({ error: decoded.error }, 'rejected bridge message');
      send(ws, decoded.id === null ? { type: 'error', error: decoded.error } : { type: 'result', id: decoded.id, ok: false, error: decoded.error });
      return;
    }
    const { id, channel, payload } = decoded.value;
    if (!isInvokeChannel(channel)) {
      send(ws, { type: 'result', id, ok: false, error: `unknown channel ${JSON.stringify(channel)}` });
      return;
    }
    const valid = validateInvoke(channel, payload);
    if (!valid.ok) {
      log.warn({ channel, error: valid.error }, 'rejected invalid invoke');
      send(ws, { type: 'result', id, ok: false, error: valid.error });
      return;
    }
    try {
      const value = await core.invoke(channel as InvokeChannel, valid.value);
      send(ws, { type: 'result', id, ok: true, value: value ?? null });
    } catch (err) {
      // Never log the payload: a login carries a password.
      log.warn({ channel, error: (err as Error).message }, 'invoke failed');
      send(ws, { type: 'result', id, ok: false, error: (err as Error).message || 'invoke failed' });
    }
  }

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send(ws, { type: 'error', error: 'binary bridge messages are not accepted' });
        return;
      }
      void onMessage(ws, data.toString());
    });
    ws.on('close', () => clients.delete(ws));
    ws.on('error', (err) => log.warn({ error: err.message }, 'bridge socket error'));
  });

  return {
    handleUpgrade(req, socket, head) {
      const verdict = checkBridgeHandshake(req, opts);
      if (!verdict.ok) {
        log.warn({ status: verdict.status, reason: verdict.reason }, 'refused bridge connection');
        socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    get clientCount() {
      return clients.size;
    },
    close() {
      unsubscribe();
      for (const ws of clients) ws.close(1001, 'host stopping');
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          for (const ws of clients) ws.terminate();
        }, 1000);
        wss.close(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

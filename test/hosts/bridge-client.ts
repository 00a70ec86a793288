/**
 * A Node WebSocket client for the browser host's bridge, speaking the same protocol as
 * preload/browser-bridge.ts, with full control over Origin and secret so tests can
 * play both the real tab and an attacker.
 */
import WebSocket from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, BRIDGE_SECRET_PREFIX, type BridgeServerMessage } from '../../shared/bridge.ts';

export type HandshakeOutcome = { ok: true; client: BridgeTestClient } | { ok: false; status: number | null; error: string };

export class BridgeTestClient {
  readonly messages: BridgeServerMessage[] = [];
  private nextId = 1;
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as BridgeServerMessage);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  pushes(channel: string): unknown[] {
    return this.messages.filter((m) => m.type === 'push' && m.channel === channel).map((m) => (m as { payload: unknown }).payload);
  }

  /** Resolves with the first message matching, waiting at most timeoutMs. */
  waitFor<T extends BridgeServerMessage>(match: (m: BridgeServerMessage) => boolean, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error(`no matching bridge message within ${timeoutMs}ms; got ${JSON.stringify(this.messages.slice(-5))}`)),
        timeoutMs,
      );
      const check = (): void => {
        const found = this.messages.find(match);
        if (found) {
          clearTimeout(deadline);
          resolve(found as T);
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  async invoke(channel: string, payload: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    const result = await this.waitFor((m) => m.type === 'result' && m.id === id);
    return result.type === 'result' ? (result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error }) : { ok: false, error: 'no result' };
  }

  close(): void {
    this.ws.close();
  }
}

export function connectBridge(port: number, opts: { secret: string | null; origin: string | null; host?: string }): Promise<HandshakeOutcome> {
  const protocols = [BRIDGE_PROTOCOL, ...(opts.secret !== null ? [BRIDGE_SECRET_PREFIX + opts.secret] : [])];
  const ws = new WebSocket(`ws://127.0.0.1:${port}${BRIDGE_PATH}`, protocols, {
    ...(opts.origin !== null ? { origin: opts.origin } : {}),
    ...(opts.host ? { headers: { host: opts.host } } : {}),
    handshakeTimeout: 5000,
  });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ok: true, client: new BridgeTestClient(ws) }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? null, error: `HTTP ${res.statusCode}` });
      ws.terminate();
    });
    ws.once('error', (err) => resolve({ ok: false, status: null, error: err.message }));
  });
}

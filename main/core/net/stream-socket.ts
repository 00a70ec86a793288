/**
 * One WebSocket to the gateway's stream: token in the Authorization header (never
 * the URL), compression off, and a heartbeat that notices a dead socket (a laptop
 * that slept, a Wi-Fi that silently dropped) from inbound silence.
 */
import WebSocket from 'ws';
import { STREAM_PATH } from '../../../shared/protocol.ts';

export interface StreamSocketOptions {
  serverUrl: string;
  token: string;
  lastSeq: number;
  epoch: string | null;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  handshakeTimeoutMs: number;
}

export interface StreamSocketHandlers {
  onOpen: () => void;
  onMessage: (raw: string) => void;
  /** Closed for any reason (exactly once). `httpStatus` is set when the upgrade was refused. */
  onClose: (info: { code: number; reason: string; httpStatus: number | null; error: string | null }) => void;
}

export function streamUrl(serverUrl: string, lastSeq: number, epoch: string | null): string {
  const url = new URL(STREAM_PATH, serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('lastSeq', String(lastSeq));
  if (epoch !== null) url.searchParams.set('epoch', epoch);
  return url.toString();
}

export class StreamSocket {
  private readonly ws: WebSocket;
  private lastInbound = Date.now();
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  private httpStatus: number | null = null;
  private error: string | null = null;

  constructor(
    private readonly options: StreamSocketOptions,
    handlers: StreamSocketHandlers,
  ) {
    this.ws = new WebSocket(streamUrl(options.serverUrl, options.lastSeq, options.epoch), {
      headers: { authorization: `Bearer ${options.token}` },
      perMessageDeflate: false,
      handshakeTimeout: options.handshakeTimeoutMs,
      // Server frames are small; a huge one is an error, not something to buffer.
      maxPayload: 16 * 1024 * 1024,
    });
    this.ws.on('open', () => {
      this.touch();
      this.startHeartbeat();
      handlers.onOpen();
    });
    this.ws.on('message', (data, isBinary) => {
      this.touch();
      if (isBinary) {
        handlers.onMessage('\u0000binary frame');
        return;
      }
      handlers.onMessage(data.toString());
    });
    this.ws.on('ping', () => this.touch());
    this.ws.on('pong', () => this.touch());
    this.ws.on('unexpected-response', (_req, res) => {
      this.httpStatus = res.statusCode ?? 0;
      res.resume();
      this.ws.terminate();
    });
    this.ws.on('error', (err) => {
      this.error = err.message;
    });
    this.ws.on('close', (code, reason) => {
      if (this.closed) return;
      this.closed = true;
      this.stopHeartbeat();
      handlers.onClose({ code, reason: reason.toString(), httpStatus: this.httpStatus, error: this.error });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: object): void {
    if (this.isOpen) this.ws.send(JSON.stringify(frame));
  }

  /** Asks for a sign of life now (OS resumed, network changed); no answer in `withinMs` kills the socket. */
  probe(withinMs: number): void {
    if (!this.isOpen) return;
    const asked = Date.now();
    this.ws.ping();
    setTimeout(() => {
      if (!this.closed && this.lastInbound < asked) this.kill('no answer to a liveness probe');
    }, withinMs).unref();
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.error = reason;
      this.ws.terminate();
    } else if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.close(code, reason);
      // A peer that never answers the close handshake must not keep us waiting.
      setTimeout(() => this.ws.terminate(), 2_000).unref();
    }
  }

  /** Drops the socket without a close handshake (it is dead or hostile). */
  kill(reason: string): void {
    this.error = reason;
    this.ws.terminate();
  }

  private touch(): void {
    this.lastInbound = Date.now();
  }

  private startHeartbeat(): void {
    const tick = Math.max(250, Math.min(this.options.heartbeatIntervalMs, this.options.heartbeatTimeoutMs / 3));
    this.heartbeat = setInterval(() => {
      const silent = Date.now() - this.lastInbound;
      if (silent >= this.options.heartbeatTimeoutMs) {
        this.kill(`no traffic for ${silent} ms (heartbeat timeout)`);
      } else if (silent >= this.options.heartbeatIntervalMs && this.isOpen) {
        this.ws.ping();
      }
    }, tick);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

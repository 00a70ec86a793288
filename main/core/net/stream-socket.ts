/**
 * One WebSocket to the gateway's stream: token in the Authorization header (never
 * the URL), compression off, and a heartbeat that notices a dead socket (a laptop
 * that slept, a Wi-Fi that silently dropped, a gateway that hangs) from inbound
 * silence: after `heartbeatIntervalMs` of silence it pings (the gateway's ws answers
 * with a pong even when no event flows), after `heartbeatTimeoutMs` it gives up.
 *
 * Sleep and wake: a heartbeat tick that runs far later than scheduled means this
 * process did not run (laptop asleep, process stopped). The silence it measures is
 * then ours, not the gateway's, so instead of killing the socket the tick probes it:
 * a ping that must be answered within `wakeProbeMs`. Data already waiting in the
 * socket is read right after the tick and counts as an answer.
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
  /** After a detected sleep/pause: how long the gateway has to answer a ping. */
  wakeProbeMs: number;
}

/** A heartbeat timer that fires this much later than it was due means the process was asleep or stopped. */
const LATE_TIMER_MS = 2_000;

export interface StreamSocketHandlers {
  onOpen: () => void;
  onMessage: (raw: string) => void;
  /** Closed for any reason (exactly once). `httpStatus` is set when the upgrade was refused. */
  onClose: (info: StreamCloseInfo) => void;
}

export interface StreamCloseInfo {
  code: number;
  reason: string;
  httpStatus: number | null;
  error: string | null;
  /**
   * The gateway accepted the TCP connection but never answered the upgrade: it is
   * hanging (stopped, overloaded), not down. Waiting was the backoff already.
   */
  handshakeTimedOut: boolean;
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
  private heartbeatDue = 0;
  private lastPing = 0;
  private probeUntil = 0;
  private opened = false;
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
      this.opened = true;
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
    this.ws.on('pong', () => {
      this.touch();
      // The answer to our ping: the next thing due is the next ping, not the verdict the
      // timer was armed for. Re-arming now (we are awake anyway) saves a wake per round.
      if (this.heartbeat && this.probeUntil <= this.lastInbound) {
        clearTimeout(this.heartbeat);
        this.armHeartbeat(this.lastInbound + this.options.heartbeatIntervalMs);
      }
    });
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
      const handshakeTimedOut = !this.opened && this.httpStatus === null && this.error !== null && /handshake has timed out/i.test(this.error);
      handlers.onClose({ code, reason: reason.toString(), httpStatus: this.httpStatus, error: this.error, handshakeTimedOut });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: object): void {
    if (this.isOpen) this.ws.send(JSON.stringify(frame));
  }

  /** Stops reading frames (they wait in the socket) until `resume`: flow control for a catch-up. */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Asks for a sign of life now (OS resumed, network changed); no answer in `withinMs` kills the socket. */
  probe(withinMs: number): void {
    if (!this.isOpen) return;
    const asked = Date.now();
    this.probeUntil = Math.max(this.probeUntil, asked + withinMs);
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

  /**
   * One timer, armed for the next moment something can be due (a ping after
   * `heartbeatIntervalMs` of silence, the verdict after `heartbeatTimeoutMs`) rather
   * than a periodic tick: a quiet desk wakes once per ping round trip, not every
   * second (idle CPU is measured in bench/desk-ingest.bench.ts). Inbound traffic only
   * moves `lastInbound`; the timer re-arms itself lazily when it fires.
   */
  private startHeartbeat(): void {
    this.armHeartbeat(this.lastInbound + this.options.heartbeatIntervalMs);
  }

  private armHeartbeat(dueAt: number): void {
    this.heartbeatDue = dueAt;
    this.heartbeat = setTimeout(() => this.onHeartbeat(), Math.max(0, dueAt - Date.now()));
  }

  private onHeartbeat(): void {
    if (this.closed) return;
    const now = Date.now();
    if (now - this.heartbeatDue > LATE_TIMER_MS) {
      // We were asleep: our silence, not the gateway's. Ask for a sign of life;
      // what is already waiting in the socket is read before the probe's deadline.
      this.probe(this.options.wakeProbeMs);
      this.armHeartbeat(this.probeUntil);
      return;
    }
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.options;
    const silent = now - this.lastInbound;
    let next = this.lastInbound + heartbeatIntervalMs;
    if (silent >= heartbeatTimeoutMs && now >= this.probeUntil) {
      this.kill(`no traffic for ${silent} ms (heartbeat timeout)`);
      return;
    }
    if (silent >= heartbeatIntervalMs) {
      // One ping per silence: its pong (or any frame) moves lastInbound.
      if (this.lastPing <= this.lastInbound && this.isOpen) {
        this.lastPing = now;
        this.ws.ping();
      }
      next = this.lastInbound + heartbeatTimeoutMs;
    }
    // A probe in flight decides for itself.
    this.armHeartbeat(Math.max(next, this.probeUntil, now + 1));
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.heartbeat = null;
  }
}

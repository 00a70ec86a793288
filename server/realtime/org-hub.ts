/**
 * The connection pool keyed by organisation, and the broadcast path.
 *
 * - One upstream subscription per organisation with connections on this node:
 *   the first desk of an org opens it, the others share it, the last one to
 *   leave releases it.
 * - Events arriving in the same event-loop turn are coalesced (setImmediate
 *   flush); each flush serializes every event once, encodes all of them into ONE
 *   buffer of WebSocket frames, and writes that same buffer to every live socket
 *   of the org: one write per socket per flush, no per-socket encoding.
 * - Adaptive write window (`writeWindowMs`, at most a couple of ms, 0 = off): a
 *   channel whose next event arrives sooner after its last flush than that flush
 *   took to write (events coming faster than they can be written) holds the
 *   flush for the window, so the events arriving meanwhile share the per-socket
 *   write. A channel that keeps up (a hotel's normal day, any small hotel) is
 *   never held: its events are flushed on the next turn as before.
 * - Fan-out backpressure (`written`): a publish whose event joins a held flush
 *   behind an earlier event is answered once that flush is written, not when it
 *   is stored, so a publisher cannot run ahead of a hotel's fan-out and its
 *   events do not queue behind a whole fan-out. The first event of a held flush
 *   is answered at once (so the next publish can join it); nothing is ever
 *   answered before it is stored.
 *
 * Writing to the raw socket next to ws is safe because: permessage-deflate is
 * off (frames are never transformed or queued for compression), server frames
 * are unmasked (identical bytes for every client), we never send Blobs (the only
 * other reason ws's Sender queues), so ws's own writes (pings, close frames) are
 * synchronous socket.write calls too and the socket sees all frames in program
 * order. We only write while ws reports OPEN, so nothing follows a close frame.
 *
 * Replay of missed events pages through the log and waits for 'drain' between
 * pages. Live events published meanwhile are not queued per connection: they
 * are in the log, and the replay keeps paging until it reaches what the live
 * path has already broadcast (`flushedSeq`), then switches the connection to
 * live in the same synchronous step, so no event is missed or sent twice.
 *
 * Per-connection cost is one small Conn object; timers are hub-wide (one tick
 * handles heartbeat pings, token expiry and close grace for every socket).
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import { CloseCode, type ServerFrame } from '../../shared/protocol.ts';
import { LogUnavailableError } from '../log/errors.ts';
import type { EventLog, LogEvent, LogHealth, LogInfo, Subscription } from '../log/types.ts';
import type { GatewayMetrics } from '../metrics.ts';
import { controlFrame, encodeEventBatch, selectFrames, type FrameBatch } from './frames.ts';

const REPLAYING = 0;
const LIVE = 1;
const CLOSED = 2;
const WS_OPEN = 1;

/** A desk connection. Kept deliberately small: thousands of these live at once. */
export class Conn {
  state = REPLAYING;
  /** Highest seq this connection has been given (or skipped by resync) when it went live. */
  sentSeq = 0;
  alive = true;
  /** When a close was started (ms); the hub terminates it if the peer never completes it. */
  closingAt = 0;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly socket: Socket,
    readonly orgId: string,
    readonly userId: string,
    /** Access-token expiry, epoch seconds. */
    public exp: number,
    /** Service filter, or null for all services. */
    readonly services: ReadonlySet<string> | null,
    /** Canonical form of the filter (sorted, comma-joined), to share filtered batches. */
    readonly filterKey: string,
  ) {}

  get isLive(): boolean {
    return this.state === LIVE;
  }
}

class OrgChannel {
  readonly conns = new Set<Conn>();
  pending: LogEvent[] = [];
  /** Every event with seq <= flushedSeq has been written to all live connections. */
  flushedSeq = 0;
  ready = false;
  released = false;
  dirty = false;
  /** A held flush (adaptive write window), or null. */
  hold: NodeJS.Timeout | null = null;
  /** Publishers waiting for the held flush to be written (see OrgHub.written). */
  waiters: (() => void)[] = [];
  /** performance.now() when the last flush ended, and how long its write loop took (ms). */
  lastFlushEnd = -Infinity;
  lastFlushMs = 0;
  sub: Subscription | null = null;
  readonly whenReady: Promise<void>;

  constructor(
    readonly orgId: string,
    open: (ch: OrgChannel) => Promise<void>,
  ) {
    this.whenReady = open(this);
  }
}

export interface HubOptions {
  log: EventLog;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Past this many bytes queued in userland for one socket, it is a slow consumer (closed 1013). */
  sendBudgetBytes: number;
  /** Events per replay page. */
  replayPageSize: number;
  /** Heartbeat ping interval (ms). A socket that did not answer the previous ping is terminated. */
  heartbeatMs: number;
  /**
   * Adaptive write window (ms, 0 = off): how long a channel whose events arrive faster
   * than its flushes can write them holds its next flush to coalesce more events.
   */
  writeWindowMs?: number;
}

export interface ResumeRequest {
  lastSeq?: number;
  epoch?: string;
}

const TICK_MS = 1000;
const CLOSE_GRACE_MS = 5000;
const REPLAY_HIGH_WATER = 1024 * 1024;
/** The write window is capped: it may only trade a couple of ms of latency for fewer writes. */
export const MAX_WRITE_WINDOW_MS = 2;

export class OrgHub {
  private readonly channels = new Map<string, OrgChannel>();
  private readonly dirty: OrgChannel[] = [];
  private flushScheduled = false;
  private readonly ticker: NodeJS.Timeout;
  private ticks = 0;
  private readonly pingEvery: number;
  private readonly windowMs: number;

  constructor(private readonly o: HubOptions) {
    this.windowMs = Math.max(0, Math.min(MAX_WRITE_WINDOW_MS, o.writeWindowMs ?? 0));
    this.pingEvery = Math.max(1, Math.round(o.heartbeatMs / TICK_MS));
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
    // Desks stay connected through a shared-log outage; they are told, not dropped.
    o.log.onHealth((h) => {
      const frame = statusFrame(h);
      for (const ch of this.channels.values()) for (const conn of ch.conns) this.send(conn, frame);
    });
  }

  get channelCount(): number {
    return this.channels.size;
  }

  /** Joins the org's channel, sends hello, replays what was missed, then goes live. */
  async attach(conn: Conn, resume: ResumeRequest): Promise<void> {
    const ch = this.acquire(conn.orgId);
    ch.conns.add(conn);
    this.o.metrics.connections++;
    try {
      await ch.whenReady;
      if (conn.state === CLOSED) return;
      const info = await this.o.log.info(conn.orgId);
      if (conn.state === CLOSED) return;
      this.send(conn, {
        type: 'hello',
        orgId: conn.orgId,
        epoch: info.epoch,
        headSeq: info.headSeq,
        connectionId: conn.id,
      });
      const health = this.o.log.health();
      if (!health.ok) this.send(conn, statusFrame(health));
      let cursor = info.headSeq;
      if (resume.lastSeq !== undefined) {
        const stale = (resume.epoch !== undefined && resume.epoch !== info.epoch) || resume.lastSeq > info.headSeq || resume.lastSeq < info.oldestSeq - 1;
        if (stale) this.sendResync(conn, info);
        else cursor = resume.lastSeq;
      }
      await this.replay(conn, ch, cursor);
    } catch (err) {
      if (err instanceof LogUnavailableError) {
        this.o.logger.warn({ err: err.message, orgId: conn.orgId, connectionId: conn.id }, 'stream setup failed: shared log unreachable');
        this.close(conn, CloseCode.tryAgainLater, 'shared log unreachable');
        return;
      }
      this.o.logger.error({ err, orgId: conn.orgId, connectionId: conn.id }, 'stream setup failed');
      this.close(conn, 1011, 'internal error');
    }
  }

  private sendResync(conn: Conn, info: LogInfo): void {
    this.o.metrics.resyncs++;
    this.send(conn, { type: 'resync', epoch: info.epoch, headSeq: info.headSeq });
  }

  private async replay(conn: Conn, ch: OrgChannel, from: number): Promise<void> {
    let cursor = from;
    for (;;) {
      if (conn.state !== REPLAYING) return;
      const target = ch.flushedSeq;
      if (cursor >= target) {
        // Synchronous switch: everything up to flushedSeq was replayed; the live
        // path delivers the rest (and skips what is <= cursor).
        this.send(conn, { type: 'caught_up', seq: cursor });
        conn.sentSeq = cursor;
        conn.state = LIVE;
        return;
      }
      const page = await this.o.log.read(conn.orgId, cursor, this.o.replayPageSize, target);
      if (conn.state !== REPLAYING) return;
      if (page.length === 0 || page[0].seq !== cursor + 1) {
        // History was trimmed under this replay: the client must reload.
        const info = await this.o.log.info(conn.orgId);
        if (conn.state !== REPLAYING) return;
        this.sendResync(conn, info);
        cursor = Math.max(info.headSeq, cursor);
        continue;
      }
      const jsons: string[] = [];
      for (const e of page) if (conn.services === null || conn.services.has(e.service)) jsons.push(e.json);
      if (jsons.length > 0 && this.canWrite(conn)) {
        conn.socket.write(encodeEventBatch(jsons).buf);
        this.o.metrics.eventsDelivered += jsons.length;
        this.o.metrics.replayedEvents += jsons.length;
      }
      cursor = page[page.length - 1].seq;
      if (conn.socket.writableLength > REPLAY_HIGH_WATER) await waitDrain(conn.socket);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Leaves the org's channel; the last one out releases the upstream subscription. */
  detach(conn: Conn): void {
    if (conn.state === CLOSED) return;
    conn.state = CLOSED;
    const ch = this.channels.get(conn.orgId);
    if (!ch || !ch.conns.delete(conn)) return;
    this.o.metrics.connections--;
    if (ch.conns.size === 0) this.release(ch);
  }

  private acquire(orgId: string): OrgChannel {
    let ch = this.channels.get(orgId);
    if (!ch) {
      ch = new OrgChannel(orgId, (c) => this.open(c));
      this.channels.set(orgId, ch);
      this.o.metrics.orgs = this.channels.size;
    }
    return ch;
  }

  private async open(ch: OrgChannel): Promise<void> {
    const sub = await this.o.log.subscribe(ch.orgId, {
      events: (events) => {
        if (ch.released) return;
        for (const e of events) ch.pending.push(e);
        this.markDirty(ch);
      },
      gap: (info) => {
        if (ch.released) return;
        // Continuity upstream was lost: everyone resyncs and continues from the new head.
        ch.pending = [];
        ch.flushedSeq = info.headSeq;
        for (const c of ch.conns) {
          // A replaying desk may already have been sent pages of the new history under
          // its old epoch: it resyncs too (its replay then goes on in the new history).
          if (c.state === REPLAYING) {
            this.sendResync(c, info);
            continue;
          }
          if (c.state !== LIVE) continue;
          this.sendResync(c, info);
          c.sentSeq = info.headSeq;
        }
      },
    });
    if (ch.released) {
      sub.close();
      return;
    }
    ch.sub = sub;
    ch.flushedSeq = sub.startSeq;
    ch.ready = true;
    this.o.metrics.subscriptions++;
    if (ch.pending.length > 0) this.markDirty(ch);
  }

  private release(ch: OrgChannel): void {
    ch.released = true;
    if (ch.hold) {
      clearTimeout(ch.hold);
      ch.hold = null;
    }
    for (const w of ch.waiters.splice(0)) w();
    this.channels.delete(ch.orgId);
    this.o.metrics.orgs = this.channels.size;
    if (ch.sub) {
      ch.sub.close();
      ch.sub = null;
      this.o.metrics.subscriptions--;
    }
  }

  private markDirty(ch: OrgChannel): void {
    if (ch.dirty || ch.hold) return;
    if (this.windowMs > 0 && ch.lastFlushMs > 0 && performance.now() - ch.lastFlushEnd < ch.lastFlushMs) {
      // Events are coming faster than this channel's flushes write them: hold this
      // flush for the window so the next events share its writes.
      ch.hold = setTimeout(() => this.flushHeld(ch), this.windowMs);
      return;
    }
    ch.dirty = true;
    this.dirty.push(ch);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flushHeld(ch: OrgChannel): void {
    ch.hold = null;
    if (!ch.released && ch.ready) this.flushChannel(ch);
    const waiters = ch.waiters;
    ch.waiters = [];
    for (const w of waiters) w();
  }

  /**
   * Fan-out backpressure: when event `seq` joined a flush the window holds behind an
   * earlier event, resolves once that flush is written (null: answer now).
   */
  written(orgId: string, seq: number): Promise<void> | null {
    const ch = this.channels.get(orgId);
    if (!ch || !ch.hold || ch.pending.length === 0 || ch.pending[0].seq >= seq) return null;
    return new Promise((resolve) => ch.waiters.push(resolve));
  }

  private flush(): void {
    this.flushScheduled = false;
    const channels = this.dirty.splice(0);
    for (const ch of channels) {
      ch.dirty = false;
      if (!ch.released && ch.ready) this.flushChannel(ch);
    }
  }

  private flushChannel(ch: OrgChannel): void {
    let events = ch.pending;
    ch.pending = [];
    // Guard against a redelivered prefix (e.g. an upstream reader retry).
    let skip = 0;
    while (skip < events.length && events[skip].seq <= ch.flushedSeq) skip++;
    if (skip > 0) events = events.slice(skip);
    if (events.length === 0) return;
    const first = events[0].seq;
    const last = events[events.length - 1].seq;
    const jsons = new Array<string>(events.length);
    for (let i = 0; i < events.length; i++) jsons[i] = events[i].json;
    const batch = encodeEventBatch(jsons);
    ch.flushedSeq = last;

    let filtered: Map<string, { buf: Buffer; count: number } | null> | null = null;
    let delivered = 0;
    const budget = this.o.sendBudgetBytes;
    const all = batch.buf;
    const n = events.length;
    const started = performance.now();
    for (const conn of ch.conns) {
      if (conn.state !== LIVE) continue;
      const sent = conn.sentSeq;
      if (sent >= last) continue;
      let buf: Buffer;
      let count: number;
      if (sent < first && conn.services === null) {
        buf = all;
        count = n;
      } else if (sent < first) {
        filtered ??= new Map();
        let sel = filtered.get(conn.filterKey);
        if (sel === undefined) {
          sel = subset(batch, events, conn.services, 0);
          filtered.set(conn.filterKey, sel);
        }
        if (sel === null) continue;
        buf = sel.buf;
        count = sel.count;
      } else {
        // Went live in the middle of this batch (rare): only the part after sentSeq.
        const sel = subset(batch, events, conn.services, sent);
        if (sel === null) continue;
        buf = sel.buf;
        count = sel.count;
      }
      if (conn.ws.readyState !== WS_OPEN) continue;
      if (conn.socket.writableLength + buf.length > budget) {
        this.slowConsumer(conn);
        continue;
      }
      conn.socket.write(buf);
      delivered += count;
    }
    const ended = performance.now();
    ch.lastFlushMs = ended - started;
    ch.lastFlushEnd = ended;
    this.o.metrics.eventsDelivered += delivered;
  }

  private slowConsumer(conn: Conn): void {
    this.o.metrics.slowConsumerDisconnects++;
    this.o.logger.warn({ orgId: conn.orgId, connectionId: conn.id, buffered: conn.socket.writableLength }, 'slow consumer disconnected');
    this.close(conn, CloseCode.tryAgainLater, 'slow consumer');
  }

  canWrite(conn: Conn): boolean {
    return conn.state !== CLOSED && conn.ws.readyState === WS_OPEN;
  }

  send(conn: Conn, frame: ServerFrame): void {
    if (this.canWrite(conn)) conn.socket.write(controlFrame(frame));
  }

  close(conn: Conn, code: number, reason: string): void {
    if (conn.closingAt === 0) conn.closingAt = Date.now();
    if (conn.ws.readyState === WS_OPEN) conn.ws.close(code, reason);
  }

  /** Closes every connection of a user (admin revoke). */
  closeUser(userId: string, code: number, reason: string): number {
    let n = 0;
    for (const ch of this.channels.values()) {
      for (const conn of ch.conns) {
        if (conn.userId === userId) {
          this.close(conn, code, reason);
          n++;
        }
      }
    }
    return n;
  }

  closeAll(code: number, reason: string): void {
    for (const ch of this.channels.values()) for (const conn of ch.conns) this.close(conn, code, reason);
  }

  /** Drops every socket at once (shutdown, after the close handshake had its chance). */
  terminateAll(): void {
    for (const ch of this.channels.values()) for (const conn of ch.conns) conn.ws.terminate();
  }

  /** One hub-wide timer: close grace, token expiry, heartbeat. */
  private tick(): void {
    const now = Date.now();
    const nowSeconds = now / 1000;
    const ping = ++this.ticks % this.pingEvery === 0;
    for (const ch of this.channels.values()) {
      for (const conn of ch.conns) {
        if (conn.closingAt !== 0) {
          if (now - conn.closingAt > CLOSE_GRACE_MS) conn.ws.terminate();
          continue;
        }
        if (conn.exp <= nowSeconds) {
          this.o.metrics.tokenExpiredCloses++;
          this.close(conn, CloseCode.tokenExpired, 'token expired');
          continue;
        }
        if (ping) {
          if (!conn.alive) {
            conn.ws.terminate();
            continue;
          }
          conn.alive = false;
          conn.ws.ping();
        }
      }
    }
  }

  stop(): void {
    clearInterval(this.ticker);
    for (const ch of [...this.channels.values()]) this.release(ch);
  }
}

function subset(batch: FrameBatch, events: readonly LogEvent[], services: ReadonlySet<string> | null, afterSeq: number): { buf: Buffer; count: number } | null {
  const idx: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq > afterSeq && (services === null || services.has(e.service))) idx.push(i);
  }
  if (idx.length === 0) return null;
  if (idx.length === events.length) return { buf: batch.buf, count: idx.length };
  return { buf: selectFrames(batch, idx), count: idx.length };
}

function statusFrame(h: LogHealth): ServerFrame {
  return h.ok ? { type: 'status', state: 'ok' } : { type: 'status', state: 'degraded', reason: (h.reason ?? 'shared log unreachable').slice(0, 500) };
}

function waitDrain(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

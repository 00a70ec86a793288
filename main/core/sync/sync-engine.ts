/**
 * The leader connection: the install's single stream from the gateway into the
 * store. It owns the connection state machine (connecting → catching up → live,
 * offline with backoff, resyncing, needs login), batches events into store
 * transactions, and never lets the cursor skip a seq.
 */
import type { Logger } from 'pino';
import type { DeskCursor } from '../../../shared/ipc.ts';
import { stateFromJson, type HotelState } from '../../../shared/projection.ts';
import { CloseCode, type HelloFrame, type StoredEvent } from '../../../shared/protocol.ts';
import type { DeskTuning } from '../host-contract.ts';
import { Backoff } from '../net/backoff.ts';
import type { GatewayClient } from '../net/gateway-client.ts';
import { NeedsLoginError, type SessionManager } from '../net/session-manager.ts';
import { StreamSocket, type StreamCloseInfo } from '../net/stream-socket.ts';
import type { DeskStore, IngestResult } from '../store/desk-store.ts';
import { FrameHandler } from './frame-handler.ts';
import { RecentIds } from './recent-ids.ts';
import type { StatusTracker } from './status-tracker.ts';

/** Close code the desk uses for its own "resume from my cursor" closes. */
export const RESUME_CLOSE_CODE = 4000;

export interface SyncEngineDeps {
  store: DeskStore;
  client: GatewayClient;
  session: SessionManager;
  status: StatusTracker;
  log: Logger;
  tuning: DeskTuning;
  /** Outbox keys still waiting for their event (queued or sent). */
  pendingOutbox: () => { keys: ReadonlySet<string>; anySent: boolean };
  /** A batch was committed. */
  onCommitted: (result: IngestResult, cursor: DeskCursor, state: HotelState) => void;
  /** Local state was replaced by a snapshot. */
  onReplaced: (cursor: DeskCursor, confirmedKeys: string[]) => void;
  /** The gateway is reachable with a valid session (send the outbox). */
  onReachable: () => void;
}

/** Counters for logs, doctor and tests. */
export interface SyncCounters {
  connects: number;
  rejectedFrames: number;
  staleFrames: number;
  duplicateIds: number;
  gaps: number;
  resyncs: number;
  commitFailures: number;
  /** Events refused because they did not continue this desk's hash chain (each one a resync). */
  chainBreaks: number;
}

export class SyncEngine {
  /** The projections, always equal to what the store holds after the last commit. */
  state: HotelState;
  readonly counters: SyncCounters = { connects: 0, rejectedFrames: 0, staleFrames: 0, duplicateIds: 0, gaps: 0, resyncs: 0, commitFailures: 0, chainBreaks: 0 };
  readonly recentIds: RecentIds;

  private socket: StreamSocket | null = null;
  /** Bumped per socket: callbacks of an older socket are ignored. */
  private generation = 0;
  private handler: FrameHandler | null = null;
  private connecting = false;
  private stopped = false;
  private paused = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private liveSince: number | null = null;
  private authFailures = 0;

  // Per-connection stream state.
  private connEpoch: string | null = null;
  private epochMismatch = false;
  private resyncing = false;
  private queued: string[] = [];
  private pending: StoredEvent[] = [];
  /** Cursor including accepted-but-uncommitted frames (duplicate ids advance it too). */
  private pendingThrough = 0;
  /** Hash of the event at pendingThrough (null: unknown). */
  private pendingHash: string | null = null;
  private flushScheduled: NodeJS.Immediate | NodeJS.Timeout | null = null;
  /** Paused until the scheduled flush has committed a catch-up slice. */
  private pausedSocket: StreamSocket | null = null;
  private catchUp: { base: number; total: number } | null = null;
  private lastRejectLog = 0;

  constructor(private readonly deps: SyncEngineDeps) {
    this.state = deps.store.loadState();
    this.recentIds = new RecentIds(deps.tuning.dedupCapacity);
    for (const id of deps.store.recentEventIds(deps.tuning.dedupCapacity)) this.recentIds.add(id);
    this.backoff = new Backoff({ baseMs: deps.tuning.backoffBaseMs, capMs: deps.tuning.backoffCapMs });
  }

  get cursor(): DeskCursor {
    const c = this.deps.store.getCursor();
    return { epoch: c.epoch, lastSeq: c.lastSeq };
  }

  /** Whether the gateway answered on this session recently (the outbox may send). */
  get reachable(): boolean {
    const s = this.deps.status.state;
    return s === 'live' || s === 'catching_up' || s === 'resyncing';
  }

  /** Starts (or restarts after a login) connecting. */
  resume(): void {
    this.paused = false;
    this.backoff.reset();
    this.authFailures = 0;
    void this.connect();
  }

  /** Stops connecting and closes the socket: logout or needs-login. Data stays readable. */
  pause(state: 'signed_out' | 'needs_login', detail: string | null): void {
    this.paused = true;
    this.clearRetry();
    this.dropSocket(CloseCode.normal, state);
    this.deps.status.set(state, detail);
  }

  /** The store was reset underneath (another organisation): reload the in-memory views. */
  reloadFromStore(): void {
    this.dropSocket(CloseCode.normal, 'store reset');
    this.state = this.deps.store.loadState();
    this.recentIds.clear();
  }

  /** Retry now instead of waiting for the backoff (OS resume, network change). */
  nudge(reason: string): void {
    if (this.stopped || this.paused) return;
    if (this.socket) {
      this.socket.probe(3_000);
      return;
    }
    if (this.retryTimer) {
      this.deps.log.info({ reason }, 'reconnecting now');
      this.clearRetry();
      void this.connect();
    }
  }

  /** A new access token: renew it on the live socket so it is not closed at expiry. */
  tokenRenewed(token: string): void {
    this.socket?.send({ type: 'auth', token });
  }

  /** Flushes what is pending and closes. */
  stop(): void {
    this.stopped = true;
    this.clearRetry();
    this.dropSocket(CloseCode.goingAway, 'desk stopping');
  }

  // ---------------------------------------------------------------- connecting

  private async connect(): Promise<void> {
    if (this.stopped || this.paused || this.socket || this.connecting) return;
    this.connecting = true;
    let token: string;
    try {
      token = await this.deps.session.accessToken();
    } catch (err) {
      this.connecting = false;
      if (err instanceof NeedsLoginError) {
        if (!this.paused) this.pause(this.deps.session.current ? 'needs_login' : 'signed_out', err.message);
        return;
      }
      this.scheduleReconnect(`token refresh failed: ${(err as Error).message}`);
      return;
    }
    this.connecting = false;
    if (this.stopped || this.paused || this.socket) return;
    const user = this.deps.session.user;
    if (!user) return;
    const cursor = this.deps.store.getCursor();
    const generation = ++this.generation;
    this.counters.connects++;
    this.connEpoch = cursor.epoch;
    this.epochMismatch = false;
    this.resyncing = false;
    this.queued = [];
    this.pending = [];
    this.pendingThrough = cursor.lastSeq;
    this.pendingHash = cursor.lastHash;
    this.catchUp = null;
    this.handler = new FrameHandler(user.orgId, cursor.lastSeq, this.recentIds, cursor.lastHash);
    if (this.deps.status.state !== 'offline') this.deps.status.set('connecting');
    this.socket = new StreamSocket(
      {
        serverUrl: this.deps.client.serverUrl,
        token,
        lastSeq: cursor.lastSeq,
        epoch: cursor.epoch,
        heartbeatIntervalMs: this.deps.tuning.heartbeatIntervalMs,
        heartbeatTimeoutMs: this.deps.tuning.heartbeatTimeoutMs,
        handshakeTimeoutMs: this.deps.tuning.httpTimeoutMs,
        wakeProbeMs: this.deps.tuning.wakeProbeMs,
      },
      {
        onOpen: () => undefined,
        onMessage: (raw) => {
          if (generation !== this.generation) return;
          if (this.resyncing) this.queued.push(raw);
          else this.process(raw);
        },
        onClose: (info) => {
          if (generation !== this.generation) return;
          this.onSocketClosed(info);
        },
      },
    );
  }

  private onSocketClosed(info: StreamCloseInfo): void {
    if (!this.resyncing) this.flush();
    this.socket = null;
    this.handler = null;
    this.resyncing = false;
    this.queued = [];
    this.cancelFlush();
    const wasLive = this.liveSince;
    this.liveSince = null;
    if (wasLive !== null && Date.now() - wasLive >= this.deps.tuning.stableAfterMs) this.backoff.reset();
    if (this.stopped || this.paused) return;
    const why =
      info.httpStatus !== null
        ? `upgrade refused (HTTP ${info.httpStatus})`
        : `closed ${info.code}${info.reason ? ` ${info.reason}` : ''}${info.error ? ` (${info.error})` : ''}`;
    this.deps.log.info({ code: info.code, httpStatus: info.httpStatus, reason: info.reason, error: info.error }, 'stream closed');

    if (info.httpStatus === 401 || info.code === CloseCode.tokenExpired) {
      this.authFailures++;
      void this.refreshThenReconnect(why);
      return;
    }
    if (info.handshakeTimedOut) {
      // The gateway takes connections but does not answer (it hangs). The handshake
      // wait was the backoff; keep one attempt always pending, so the desk is back the
      // moment the gateway answers again instead of a backoff later.
      this.deps.status.set('offline', why);
      this.scheduleReconnect(why, 0);
      return;
    }
    if (info.code === RESUME_CLOSE_CODE) {
      // Our own resume (gap, epoch change): reconnect at once, unless it keeps happening.
      this.scheduleReconnect(why, this.backoff.attempts < 2 ? 0 : undefined);
      return;
    }
    // The node went away or refused us (not a session matter): if the desk knows other
    // nodes of the cluster, try the next one at once; the cursor carries over (same log).
    const from = this.deps.client.serverUrl;
    if (this.deps.client.failover()) {
      this.deps.log.warn({ from, to: this.deps.client.serverUrl, why }, 'moving to the next gateway');
      this.scheduleReconnect(why, this.backoff.attempts < 2 ? 0 : undefined);
      return;
    }
    this.scheduleReconnect(why);
  }

  private async refreshThenReconnect(why: string): Promise<void> {
    try {
      await this.deps.session.refresh(why);
    } catch (err) {
      if (err instanceof NeedsLoginError) return; // the session listener moved us to needs_login
      this.scheduleReconnect(`token refresh failed: ${(err as Error).message}`);
      return;
    }
    // A fresh token refused again means something else is wrong: back off.
    this.scheduleReconnect(why, this.authFailures <= 1 ? 0 : undefined);
  }

  private scheduleReconnect(reason: string, delayMs?: number): void {
    if (this.stopped || this.paused) return;
    this.clearRetry();
    const delay = delayMs ?? this.backoff.next();
    // An immediate resume is not an outage: keep showing the current state.
    if (delay > 0) this.deps.status.set('offline', reason, null, Date.now() + delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private dropSocket(code: number, reason: string): void {
    if (!this.resyncing) this.flush();
    const s = this.socket;
    this.generation++;
    this.socket = null;
    this.handler = null;
    this.resyncing = false;
    this.queued = [];
    this.cancelFlush();
    this.liveSince = null;
    s?.close(code, reason);
  }

  /** Closes this socket and resumes from the committed cursor. */
  private resumeFromCursor(reason: string): void {
    this.deps.log.warn({ reason }, 'resuming the stream');
    if (!this.resyncing) this.flush();
    this.socket?.close(RESUME_CLOSE_CODE, reason.slice(0, 100));
  }

  // ---------------------------------------------------------------- frames

  private process(raw: string): void {
    const handler = this.handler;
    if (!handler) return;
    const d = handler.handle(raw);
    switch (d.kind) {
      case 'event':
        if (this.epochMismatch) {
          // We asked from another epoch and the gateway replays anyway: its seqs mean
          // something else now. Reload the snapshot, then resume from it.
          void this.resync('epoch changed without a resync frame', true);
          return;
        }
        this.pending.push(d.event);
        this.pendingThrough = d.event.seq;
        this.pendingHash = d.event.hash ?? null;
        this.afterAccept();
        return;
      case 'duplicate-id':
        this.counters.duplicateIds++;
        this.deps.log.warn({ seq: d.seq, id: d.id }, 'event id already ingested under another seq: counted, not applied');
        this.pendingThrough = d.seq;
        this.pendingHash = d.hash;
        this.afterAccept();
        return;
      case 'broken-link':
        // The gateway's history is not the one this desk holds: what we stored may differ
        // from the log. Never append: reload the snapshot and drop our copy of the log.
        this.counters.chainBreaks++;
        void this.resync(`hash chain broken: ${d.reason}`, true, true);
        return;
      case 'stale':
        this.counters.staleFrames++;
        return;
      case 'gap':
        this.counters.gaps++;
        this.resumeFromCursor(`seq gap: expected ${d.expected}, got ${d.got}`);
        return;
      case 'hello':
        this.onHello(d.frame);
        return;
      case 'caught-up':
        if (this.epochMismatch) {
          void this.resync('epoch changed without a resync frame', true);
          return;
        }
        this.flush();
        this.catchUp = null;
        this.liveSince = Date.now();
        this.authFailures = 0;
        this.deps.status.synced();
        this.deps.status.set('live');
        this.deps.onReachable();
        return;
      case 'resync':
        void this.resync(`gateway asked for a resync (epoch ${d.frame.epoch}, head ${d.frame.headSeq})`, false);
        return;
      case 'server-error':
        this.deps.log.warn({ code: d.frame.code, message: d.frame.message }, 'gateway reported an error');
        return;
      case 'gateway-status':
        // Connected, but the gateway's shared log does not answer: events may be late and
        // actions wait in the outbox. Said in the status detail; the state stays as it is.
        this.deps.log.warn({ state: d.frame.state, reason: d.frame.reason }, 'gateway status');
        this.deps.status.set(
          this.deps.status.state,
          d.frame.state === 'degraded' ? `gateway degraded: ${d.frame.reason ?? 'its shared log does not answer'}` : null,
          this.deps.status.status.progress,
        );
        return;
      case 'rejected': {
        this.counters.rejectedFrames++;
        const now = Date.now();
        if (now - this.lastRejectLog > 1_000) {
          this.lastRejectLog = now;
          this.deps.log.warn({ reason: d.reason, rejectedSoFar: this.counters.rejectedFrames }, 'rejected a frame from the gateway');
        }
        if (d.reason.startsWith('hello for organisation')) this.resumeFromCursor(d.reason);
        return;
      }
    }
  }

  private onHello(hello: HelloFrame): void {
    const cursor = this.deps.store.getCursor();
    this.deps.log.info({ epoch: hello.epoch, headSeq: hello.headSeq, lastSeq: cursor.lastSeq, connectionId: hello.connectionId }, 'stream hello');
    if (this.deps.store.getMeta('rebuildFromSnapshot') === '1') {
      void this.resync('the local database was rebuilt', true);
      return;
    }
    if (cursor.epoch !== null && cursor.epoch !== hello.epoch) {
      // The gateway's log was recreated: expect its resync frame (we sent our epoch).
      this.epochMismatch = true;
      this.deps.status.set('resyncing', `server epoch changed (${cursor.epoch} → ${hello.epoch})`);
      return;
    }
    this.connEpoch = hello.epoch;
    const total = Math.max(0, hello.headSeq - cursor.lastSeq);
    this.catchUp = { base: cursor.lastSeq, total };
    this.deps.status.set('catching_up', null, { done: 0, total });
    this.deps.onReachable();
  }

  /** `dropLog`: forget the stored events even in the same epoch (they may differ from the gateway's). */
  private async resync(reason: string, resumeAfter: boolean, dropLog = false): Promise<void> {
    if (this.resyncing) return;
    const generation = this.generation;
    this.flush();
    this.resyncing = true;
    this.counters.resyncs++;
    this.deps.status.set('resyncing', reason);
    this.deps.log.warn({ reason }, 'loading the snapshot');
    let applied = false;
    try {
      const token = await this.deps.session.accessToken();
      const snapshot = await this.deps.client.snapshot(token);
      if (generation !== this.generation) return; // the socket went away meanwhile: the next one decides
      const user = this.deps.session.user;
      if (!user || snapshot.orgId !== user.orgId) throw new Error(`snapshot of organisation ${snapshot.orgId}`);
      const before = this.deps.store.getCursor();
      const newEpoch = before.epoch !== snapshot.epoch;
      const { confirmedKeys } = this.deps.store.replaceWithSnapshot(snapshot, newEpoch || dropLog);
      this.state = stateFromJson(snapshot.state);
      if (newEpoch || dropLog) this.recentIds.clear();
      this.handler?.resetTo(snapshot.seq, snapshot.hash ?? null);
      this.pendingThrough = snapshot.seq;
      this.pendingHash = snapshot.hash ?? null;
      this.connEpoch = snapshot.epoch;
      this.epochMismatch = false;
      applied = true;
      this.deps.log.info({ epoch: snapshot.epoch, seq: snapshot.seq, newEpoch }, 'snapshot applied');
      this.deps.onReplaced({ epoch: snapshot.epoch, lastSeq: snapshot.seq }, confirmedKeys);
    } catch (err) {
      if (generation !== this.generation) return;
      this.deps.log.warn({ err: (err as Error).message }, 'resync failed');
      this.resyncing = false;
      if (err instanceof NeedsLoginError) return;
      this.socket?.close(RESUME_CLOSE_CODE, 'resync failed');
      return;
    } finally {
      if (generation === this.generation) this.resyncing = false;
    }
    if (!applied || generation !== this.generation) return;
    if (resumeAfter) {
      this.queued = [];
      this.resumeFromCursor('resume from the snapshot');
      return;
    }
    this.catchUp = { base: this.pendingThrough, total: 0 };
    this.deps.status.set('catching_up', 'snapshot loaded', { done: 0, total: 0 });
    while (!this.resyncing && this.queued.length > 0 && generation === this.generation) {
      this.process(this.queued.shift()!);
    }
  }

  // ---------------------------------------------------------------- batching

  private afterAccept(): void {
    if (this.pending.length >= this.deps.tuning.maxBatchEvents) {
      this.flush();
      return;
    }
    if (this.catchUp && this.pending.length >= this.deps.tuning.catchUpSliceEvents && this.pausedSocket === null && this.socket) {
      // A catch-up arrives faster than it can be committed: read no further, commit
      // this slice after the current I/O turn, then read on. The main thread (in
      // Electron: the UI's) is never held for more than one slice at a time.
      this.cancelFlush();
      this.pausedSocket = this.socket;
      this.pausedSocket.pause();
      this.flushScheduled = setImmediate(() => {
        this.flushScheduled = null;
        this.flush();
      });
      return;
    }
    if (this.flushScheduled) return;
    if (this.catchUp && this.deps.tuning.catchUpBatchDelayMs > 0) {
      this.flushScheduled = setTimeout(() => {
        this.flushScheduled = null;
        this.flush();
      }, this.deps.tuning.catchUpBatchDelayMs);
    } else {
      // Live: commit after this I/O turn, so frames that arrived together share a transaction.
      this.flushScheduled = setImmediate(() => {
        this.flushScheduled = null;
        this.flush();
      });
    }
  }

  private cancelFlush(): void {
    // Whatever ends a scheduled flush (the flush itself, a close) lets the socket read on.
    if (this.pausedSocket) {
      this.pausedSocket.resume();
      this.pausedSocket = null;
    }
    if (!this.flushScheduled) return;
    clearTimeout(this.flushScheduled as NodeJS.Timeout);
    clearImmediate(this.flushScheduled as NodeJS.Immediate);
    this.flushScheduled = null;
  }

  /** Commits pending events + projections + cursor in one transaction. */
  private flush(): void {
    this.cancelFlush();
    const committed = this.deps.store.getCursor();
    if (this.pending.length === 0 && this.pendingThrough <= committed.lastSeq) return;
    const events = this.pending;
    this.pending = [];
    const epoch = this.connEpoch;
    if (epoch === null) {
      this.deps.log.error('events before an epoch is known; dropping the batch and resuming');
      this.resumeFromCursor('no epoch');
      return;
    }
    const outbox = this.deps.pendingOutbox();
    let result: IngestResult;
    try {
      result = this.deps.store.ingestBatch(events, this.state, {
        epoch,
        pendingKeys: outbox.keys,
        confirmSent: outbox.anySent,
        throughSeq: this.pendingThrough,
        lastHash: this.pendingHash,
      });
    } catch (err) {
      // Nothing was written; the in-memory state may be ahead of the store: reload both
      // views from the store and resume from its cursor.
      this.counters.commitFailures++;
      this.deps.log.error({ err: (err as Error).message, events: events.length }, 'could not commit a batch; resuming from the stored cursor');
      this.state = this.deps.store.loadState();
      for (const e of events) this.recentIds.delete(e.id);
      const c = this.deps.store.getCursor();
      this.handler?.resetTo(c.lastSeq, c.lastHash);
      this.pendingThrough = c.lastSeq;
      this.pendingHash = c.lastHash;
      this.socket?.close(RESUME_CLOSE_CODE, 'commit failed');
      return;
    }
    if (this.deps.status.state === 'live') this.deps.status.synced();
    if (this.catchUp) {
      // Progress per committed batch, not per event: it is a UI hint, and cheap this way.
      const done = result.lastSeq - this.catchUp.base;
      this.catchUp.total = Math.max(this.catchUp.total, done);
      this.deps.status.progress(done, this.catchUp.total);
    }
    this.deps.onCommitted(result, { epoch, lastSeq: result.lastSeq }, this.state);
  }
}

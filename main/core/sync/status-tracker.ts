/**
 * The connection status windows show ("offline since 10:42", "catching up 40%").
 * Every change is logged (the sync CLI's stderr is the JSON log) and pushed;
 * progress-only updates are throttled so a catch-up does not flood the windows.
 */
import type { Logger } from 'pino';
import type { ConnectionState, ConnectionStatus } from '../../../shared/ipc.ts';

export class StatusTracker {
  private current: ConnectionStatus;
  private lastProgressEmit = 0;
  private progressTimer: NodeJS.Timeout | null = null;

  constructor(
    serverUrl: string,
    lastSyncAt: string | null,
    private readonly log: Logger,
    private readonly emit: (status: ConnectionStatus) => void,
    private readonly progressIntervalMs = 100,
  ) {
    this.current = { state: 'signed_out', since: new Date().toISOString(), lastSyncAt, progress: null, detail: null, retryAt: null, serverUrl };
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  get state(): ConnectionState {
    return this.current.state;
  }

  /**
   * Moves to `state`. Staying in the same state keeps `since` ("offline since T"
   * stays put). `retryAt` (epoch ms) is when the next connection attempt is due.
   */
  set(state: ConnectionState, detail: string | null = null, progress: ConnectionStatus['progress'] = null, retryAt: number | null = null): void {
    const changed = state !== this.current.state;
    // Live until now means in step until now: "last sync" is when the link was lost,
    // not when the last event happened to arrive (found in QA).
    const leftLive = changed && this.current.state === 'live';
    this.current = {
      ...this.current,
      lastSyncAt: leftLive ? new Date().toISOString() : this.current.lastSyncAt,
      state,
      since: changed ? new Date().toISOString() : this.current.since,
      detail,
      progress,
      retryAt: retryAt === null ? null : new Date(retryAt).toISOString(),
    };
    if (changed || detail !== null) this.log.info({ state, detail, progress, since: this.current.since, retryAt: this.current.retryAt }, `connection ${state}`);
    this.push();
  }

  progress(done: number, total: number): void {
    this.current = { ...this.current, progress: { done, total } };
    const now = Date.now();
    if (now - this.lastProgressEmit >= this.progressIntervalMs) {
      this.push();
    } else if (!this.progressTimer) {
      this.progressTimer = setTimeout(() => {
        this.progressTimer = null;
        this.push();
      }, this.progressIntervalMs);
    }
  }

  synced(at: string = new Date().toISOString()): void {
    this.current = { ...this.current, lastSyncAt: at };
  }

  stop(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
  }

  private push(): void {
    this.lastProgressEmit = Date.now();
    if (this.progressTimer) {
      clearTimeout(this.progressTimer);
      this.progressTimer = null;
    }
    this.emit(this.current);
  }
}

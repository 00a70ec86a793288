/**
 * Follows one organisation's log for the whole run and keeps every event it sees
 * (seq, id, kind, causedBy), so the end checks can compare desks with the log even
 * for events that truncation has since removed from the gateway. It polls often
 * enough to stay ahead of the rolling history bound, and the harness makes it catch
 * up right before every explicit truncation.
 */
import type { LogEntry } from './checks.ts';
import type { OrgReader } from './gateway-api.ts';

export class LogRecorder {
  log = new Map<number, LogEntry>();
  /** Logs of earlier epochs (the history was replaced: a Redis restart), oldest first. */
  readonly pastEpochs: { epoch: string; log: Map<number, LogEntry> }[] = [];
  /** Called when the log's epoch changes under the recorder (before it reads the new one). */
  onNewEpoch: (() => void) | null = null;
  /** Seq after which everything has been read. */
  private upTo = 0;
  recordedFrom: number | null = null;
  headSeq = 0;
  epoch = '';
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  errors = 0;

  constructor(readonly reader: OrgReader) {}

  start(intervalMs = 150): void {
    const tick = (): void => {
      void this.catchUp()
        .catch(() => {
          this.errors++;
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Reads everything up to the current head (one caller at a time). Throws if the gateway is unreachable. */
  catchUp(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.readAll().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async readAll(): Promise<void> {
    for (let page = 0; page < 1000; page++) {
      const r = await this.reader.events(this.upTo, 5000);
      if ('gone' in r) {
        // Trimmed before we read it: start over from the oldest retained event.
        if (this.recordedFrom === null) this.recordedFrom = r.gone;
        this.upTo = Math.max(this.upTo, r.gone - 1);
        continue;
      }
      if (this.epoch !== '' && r.epoch && r.epoch !== this.epoch) {
        // Another history: keep the old one for the action checks, read the new one from its start.
        this.pastEpochs.push({ epoch: this.epoch, log: this.log });
        this.log = new Map();
        this.upTo = 0;
        this.recordedFrom = null;
        this.headSeq = 0;
        this.epoch = r.epoch;
        this.onNewEpoch?.();
        continue;
      }
      if (this.recordedFrom === null) this.recordedFrom = r.events.length ? r.events[0].seq : r.headSeq + 1;
      this.headSeq = Math.max(this.headSeq, r.headSeq);
      if (r.epoch) this.epoch = r.epoch;
      if (r.headSeq < this.upTo) return; // read again once the new epoch shows
      for (const e of r.events) {
        this.log.set(e.seq, e);
        this.upTo = Math.max(this.upTo, e.seq);
      }
      if (r.events.length === 0 || this.upTo >= r.headSeq) return;
    }
  }
}

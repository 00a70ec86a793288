/**
 * Batches what changed into `desk:delta` pushes: at most one per frame-ish interval
 * (longer during bursts such as a catch-up), each entity once in its latest version.
 * A burst too big to be worth sending item by item becomes a `reset` (windows reload
 * the snapshot), so a 100k-event catch-up does not flood the renderers.
 */
import type { ActivityItem, DeskCursor, DeskDelta } from '../../../shared/ipc.ts';
import { getEntity, type EntityRef, type HotelState, type HotelStateJson } from '../../../shared/projection.ts';

export interface DeltaCoalescerOptions {
  intervalMs: number;
  burstMs: number;
  /** More activity items than this in one delta → send a reset instead. */
  maxActivity: number;
  /** Activity count in one delta above which the next delta waits burstMs. */
  burstThreshold?: number;
}

export class DeltaCoalescer {
  private upserts = new Map<string, EntityRef>();
  private activity: ActivityItem[] = [];
  private reset = false;
  private cursor: DeskCursor | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private lastWasBurst = false;

  constructor(
    private readonly state: () => HotelState,
    private readonly emit: (delta: DeskDelta) => void,
    private readonly options: DeltaCoalescerOptions,
  ) {}

  /** Records committed changes; `makeActivity` runs only if the items will be sent. */
  add(cursor: DeskCursor, changed: readonly EntityRef[], activityCount: number, makeActivity: () => ActivityItem[]): void {
    this.cursor = cursor;
    if (!this.reset) {
      if (this.activity.length + activityCount > this.options.maxActivity) {
        this.markReset(cursor);
      } else {
        for (const ref of changed) this.upserts.set(`${ref.type}\u0000${ref.id}`, ref);
        if (activityCount > 0) this.activity.push(...makeActivity());
      }
    }
    this.schedule();
  }

  /** Local state was replaced: windows must reload the snapshot. */
  markReset(cursor: DeskCursor): void {
    this.cursor = cursor;
    this.reset = true;
    this.upserts.clear();
    this.activity = [];
    this.schedule();
  }

  /** Sends what is pending now (e.g. before answering a snapshot request). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.cursor) return;
    const state = this.state();
    const upserts: Partial<HotelStateJson> = {};
    if (!this.reset) {
      for (const ref of this.upserts.values()) {
        const entity = getEntity(state, ref);
        if (!entity) continue;
        ((upserts[ref.type] ??= []) as unknown[]).push(entity);
      }
    }
    const delta: DeskDelta = { cursor: this.cursor, upserts, activity: this.activity, reset: this.reset };
    this.lastWasBurst = this.activity.length > (this.options.burstThreshold ?? 50) || this.reset;
    this.upserts = new Map();
    this.activity = [];
    this.reset = false;
    this.cursor = null;
    this.lastFlushAt = Date.now();
    this.emit(delta);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    const period = this.lastWasBurst ? this.options.burstMs : this.options.intervalMs;
    const wait = Math.max(0, this.lastFlushAt + period - Date.now());
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.flush();
      },
      Math.max(wait, 1),
    );
  }
}

/**
 * The renderer's one store. Only the bridge writes to it (one `setState` per
 * snapshot, delta, status or outbox push); components read it through the
 * selectors in `selectors.ts`. Collections are Maps replaced on change, with
 * untouched entities keeping their identity so memoised rows do not re-render.
 */
import { create } from 'zustand';
import { ENTITY_TYPES } from '../../../shared/domain.ts';
import type { ActivityItem, ConnectionStatus, DeskCursor, DeskDelta, DeskSnapshot, OutboxItemView } from '../../../shared/ipc.ts';
import type { User } from '../../../shared/protocol.ts';
import { emptyState, stateFromJson, type HotelStateView } from '../../../shared/projection.ts';
import { deriveOptimistic, truthOnly, type Optimistic } from './optimistic.ts';

/** Live activity kept in memory; older pages are fetched on demand. */
export const ACTIVITY_CAP = 2000;

export type Phase = 'loading' | 'ready' | 'no_api' | 'error';

export interface DeskState {
  phase: Phase;
  phaseError: string | null;
  user: User | null;
  cursor: DeskCursor;
  status: ConnectionStatus | null;
  /** The truth from main, one map per entity type (the organisation's hotel in `hotels`). */
  truth: HotelStateView;
  /** Newest first. */
  activity: readonly ActivityItem[];
  /** How many activity items may be kept (grows when older pages are loaded). */
  activityLimit: number;
  /** True once an older page came back short: the desk holds nothing older. */
  activityExhausted: boolean;
  outbox: readonly OutboxItemView[];
  /** Keys confirmed since the last delta: their changes are still on the way (see deriveOptimistic). */
  awaitingDelta: ReadonlySet<string>;
  /** Outbox keys whose events this window has already received (activity `causedBy`), newest last. */
  seenCauses: ReadonlySet<string>;
  /** What the screens show: the truth with pending actions planned and applied. */
  optimistic: Optimistic;
}

/** How many `causedBy` keys are remembered (far more than actions confirmed between two deltas). */
const SEEN_CAUSES_CAP = 500;

export const initialDeskState: DeskState = {
  phase: 'loading',
  phaseError: null,
  user: null,
  cursor: { epoch: null, lastSeq: 0 },
  status: null,
  truth: emptyState(),
  activity: [],
  activityLimit: ACTIVITY_CAP,
  activityExhausted: false,
  outbox: [],
  awaitingDelta: new Set(),
  seenCauses: new Set(),
  optimistic: truthOnly(emptyState()),
};

const NO_KEYS: ReadonlySet<string> = new Set();

export const useDesk = create<DeskState>()(() => initialDeskState);

function upsert<T extends { id: string }>(current: ReadonlyMap<string, T>, changed: readonly T[] | undefined): ReadonlyMap<string, T> {
  if (!changed || changed.length === 0) return current;
  const next = new Map(current);
  for (const item of changed) next.set(item.id, item);
  return next;
}

/** Pure: the state after a snapshot. */
export function withSnapshot(s: DeskState, snap: DeskSnapshot): Partial<DeskState> {
  const outbox = snap.outbox;
  const truth = stateFromJson(snap.state);
  return {
    phase: 'ready',
    phaseError: null,
    user: snap.user,
    cursor: snap.cursor,
    status: snap.status,
    truth,
    activity: snap.activity,
    activityLimit: Math.max(ACTIVITY_CAP, snap.activity.length),
    activityExhausted: false,
    outbox,
    // The snapshot's state already contains every confirmed action's event.
    awaitingDelta: NO_KEYS,
    optimistic: deriveOptimistic(truth, outbox, NO_KEYS, s.seenCauses, snap.user),
  };
}

/** Pure: the state after one batched delta (not a reset: the bridge reloads for those). */
export function withDelta(s: DeskState, delta: DeskDelta): Partial<DeskState> {
  const u = delta.upserts;
  let truth = s.truth;
  for (const type of ENTITY_TYPES) {
    const changed = u[type];
    if (changed && changed.length > 0) truth = { ...truth, [type]: upsert(s.truth[type] as ReadonlyMap<string, { id: string }>, changed) };
  }
  const next: Partial<DeskState> = { cursor: delta.cursor, truth };
  if (delta.activity.length > 0) {
    const newest = s.activity[0]?.seq ?? 0;
    const fresh: ActivityItem[] = [];
    // Delta activity is ascending; the list is newest first.
    for (let i = delta.activity.length - 1; i >= 0; i--) {
      const item = delta.activity[i];
      if (item.seq > newest) fresh.push(item);
    }
    if (fresh.length > 0) {
      const merged = fresh.concat(s.activity);
      next.activity = merged.length > s.activityLimit ? merged.slice(0, s.activityLimit) : merged;
    }
    let seen: Set<string> | null = null;
    for (const item of delta.activity) {
      if (!item.causedBy) continue;
      seen ??= new Set(s.seenCauses);
      seen.add(item.causedBy);
    }
    if (seen) {
      for (const key of seen) {
        if (seen.size <= SEEN_CAUSES_CAP) break;
        seen.delete(key);
      }
      next.seenCauses = seen;
    }
  }
  // Main commits an event (queueing it for this delta) before it announces the
  // confirmation, so any delta after a confirmation carries that action's changes.
  if (s.awaitingDelta.size > 0) next.awaitingDelta = NO_KEYS;
  // The pending actions are planned again on the new truth (or the view simply is the truth).
  next.optimistic = s.outbox.length === 0 ? truthOnly(truth) : deriveOptimistic(truth, s.outbox, NO_KEYS, next.seenCauses ?? s.seenCauses, s.user);
  return next;
}

export function withOutbox(s: DeskState, outbox: readonly OutboxItemView[]): Partial<DeskState> {
  let awaiting = s.awaitingDelta;
  const before = new Map(s.outbox.map((o) => [o.key, o.state]));
  for (const item of outbox) {
    const was = before.get(item.key);
    // Confirmed before its delta got here (unless this window already saw its event).
    if (item.state === 'confirmed' && (was === 'queued' || was === 'sent') && !s.seenCauses.has(item.key)) {
      if (awaiting === s.awaitingDelta) awaiting = new Set(awaiting);
      (awaiting as Set<string>).add(item.key);
    }
  }
  return { outbox, awaitingDelta: awaiting, optimistic: deriveOptimistic(s.truth, outbox, awaiting, s.seenCauses, s.user) };
}

/** Pure: merge one item the renderer just submitted, so it shows before the outbox push arrives. */
export function withSubmitted(s: DeskState, item: OutboxItemView): Partial<DeskState> {
  const i = s.outbox.findIndex((o) => o.key === item.key);
  if (i >= 0) return {}; // the push already told us (and may be newer)
  return withOutbox(s, [...s.outbox, item]);
}

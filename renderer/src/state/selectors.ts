/**
 * The only way components read the store. Each hook selects the smallest slice it
 * needs (stable references from the store) and derives views of it with useMemo,
 * so a delta re-renders only the screens whose data changed.
 */
import { useMemo } from 'react';
import type { Reservation, Room, Task } from '../../../shared/domain.ts';
import type { OutboxItemView } from '../../../shared/ipc.ts';
import { applyReservationPatch, applyRoomPatch, applyTaskPatch, isPending, type Rejection } from './optimistic.ts';
import { useDesk, type DeskState } from './store.ts';

export interface ShownRoom extends Room {
  pendingKey: string | null;
}
export interface ShownReservation extends Reservation {
  pendingKeys: readonly string[];
}
export interface ShownTask extends Task {
  pendingKey: string | null;
}

const selectRooms = (s: DeskState) => s.rooms;
const selectRoomOverlay = (s: DeskState) => s.overlay.rooms;
const selectReservations = (s: DeskState) => s.reservations;
const selectReservationOverlay = (s: DeskState) => s.overlay.reservations;
const selectTasks = (s: DeskState) => s.tasks;
const selectTaskOverlay = (s: DeskState) => s.overlay.tasks;
const selectRejections = (s: DeskState) => s.overlay.rejections;

const NO_KEYS: readonly string[] = [];

// One shown wrapper per entity version, so memoised rows/tiles skip re-rendering
// when some other entity changed.
const roomCache = new WeakMap<Room, ShownRoom>();
const taskCache = new WeakMap<Task, ShownTask>();
function unpatched<E extends object, S>(cache: WeakMap<E, S>, entity: E, wrap: (e: E) => S): S {
  let shown = cache.get(entity);
  if (!shown) {
    shown = wrap(entity);
    cache.set(entity, shown);
  }
  return shown;
}

/** Rooms as shown: truth plus pending actions. Sorted by floor then number. */
export function useShownRooms(): ShownRoom[] {
  const rooms = useDesk(selectRooms);
  const overlay = useDesk(selectRoomOverlay);
  return useMemo(() => {
    const out: ShownRoom[] = [];
    for (const room of rooms.values()) {
      const patch = overlay.get(room.id);
      out.push(patch ? { ...applyRoomPatch(room, patch), pendingKey: patch.key } : unpatched(roomCache, room, (r) => ({ ...r, pendingKey: null })));
    }
    return out.sort((a, b) => a.floor - b.floor || a.number.localeCompare(b.number, undefined, { numeric: true }));
  }, [rooms, overlay]);
}

export function useRoomNumbers(): ReadonlyMap<string, string> {
  const rooms = useDesk(selectRooms);
  return useMemo(() => {
    const m = new Map<string, string>();
    for (const r of rooms.values()) m.set(r.id, r.number);
    return m;
  }, [rooms]);
}

const RANK: Record<Reservation['status'], number> = { in_house: 0, booked: 1, checked_out: 2, no_show: 3, cancelled: 3 };
/** What a desk looks for first: guests in house, then upcoming arrivals (soonest first), then past stays (latest first). */
function byRelevance(a: Reservation, b: Reservation): number {
  const ra = RANK[a.status];
  const rb = RANK[b.status];
  if (ra !== rb) return ra - rb;
  const cmp = a.arrival < b.arrival ? -1 : a.arrival > b.arrival ? 1 : 0;
  if (cmp !== 0) return ra >= 2 ? -cmp : cmp;
  return a.guestName < b.guestName ? -1 : a.guestName > b.guestName ? 1 : 0;
}

/** Reservations as shown (truth plus pending actions), most relevant first. Sorted on the truth, so a pending action never makes a row jump. */
export function useShownReservations(): ShownReservation[] {
  const reservations = useDesk(selectReservations);
  const overlay = useDesk(selectReservationOverlay);
  const sorted = useMemo(() => [...reservations.values()].sort(byRelevance), [reservations]);
  return useMemo(
    () =>
      sorted.map((r) => {
        const patch = overlay.get(r.id);
        return patch ? { ...applyReservationPatch(r, patch), pendingKeys: patch.keys } : withNoKeys(r);
      }),
    [sorted, overlay],
  );
}

const reservationCache = new WeakMap<Reservation, ShownReservation>();
function withNoKeys(r: Reservation): ShownReservation {
  return unpatched(reservationCache, r, (x) => ({ ...x, pendingKeys: NO_KEYS }));
}

export function useShownTasks(): ShownTask[] {
  const tasks = useDesk(selectTasks);
  const overlay = useDesk(selectTaskOverlay);
  return useMemo(() => {
    const rank = { high: 0, normal: 1, low: 2 } as const;
    // Sorted by the CONFIRMED status: a task completed but not yet confirmed keeps its
    // place among the open ones instead of jumping out of sight (found in QA).
    const out: Array<{ shown: ShownTask; open: boolean }> = [];
    for (const t of tasks.values()) {
      const patch = overlay.get(t.id);
      const shown = patch ? { ...applyTaskPatch(t, patch), pendingKey: patch.key } : unpatched(taskCache, t, (x) => ({ ...x, pendingKey: null }));
      out.push({ shown, open: t.status === 'open' });
    }
    return out
      .sort(
        (x, y) =>
          (x.open === y.open ? 0 : x.open ? -1 : 1) ||
          rank[x.shown.priority] - rank[y.shown.priority] ||
          (x.shown.createdAt < y.shown.createdAt ? -1 : x.shown.createdAt > y.shown.createdAt ? 1 : 0),
      )
      .map((x) => x.shown);
  }, [tasks, overlay]);
}

export function useRejection(entityId: string): Rejection | undefined {
  return useDesk((s) => selectRejections(s).get(entityId));
}

export const useStatus = () => useDesk((s) => s.status);
export const useUser = () => useDesk((s) => s.user);
export const usePhase = () => useDesk((s) => s.phase);
export const usePhaseError = () => useDesk((s) => s.phaseError);
export const useOutbox = () => useDesk((s) => s.outbox);
export const useActivity = () => useDesk((s) => s.activity);
/** Older events may exist while the oldest shown is not the first and no page came back short. */
export const useActivityHasOlder = () => useDesk((s) => !s.activityExhausted && (s.activity.at(-1)?.seq ?? 1) > 1);
export const useLastSeq = () => useDesk((s) => s.cursor.lastSeq);

export function usePendingCount(): number {
  return useDesk((s) => countPending(s.outbox));
}
function countPending(outbox: readonly OutboxItemView[]): number {
  let n = 0;
  for (const o of outbox) if (isPending(o)) n++;
  return n;
}
export function useRejectedCount(): number {
  return useDesk((s) => {
    let n = 0;
    for (const o of s.outbox) if (o.state === 'rejected') n++;
    return n;
  });
}

export interface TodaySummary {
  arrivals: ShownReservation[];
  departures: ShownReservation[];
  inHouse: ShownReservation[];
  unassigned: ShownReservation[];
  unpaid: ShownReservation[];
}

/** Today's lists, derived from the shown reservations for a business date. */
export function useToday(today: string): TodaySummary {
  const shown = useShownReservations();
  return useMemo(() => {
    const arrivals: ShownReservation[] = [];
    const departures: ShownReservation[] = [];
    const inHouse: ShownReservation[] = [];
    const unassigned: ShownReservation[] = [];
    const unpaid: ShownReservation[] = [];
    for (const r of shown) {
      if (r.status === 'cancelled' || r.status === 'no_show') continue;
      if (r.arrival === today && (r.status === 'booked' || r.status === 'in_house')) arrivals.push(r);
      if (r.departure === today && (r.status === 'in_house' || r.status === 'checked_out')) departures.push(r);
      if (r.status === 'in_house') inHouse.push(r);
      if (r.status === 'booked' && r.arrival <= today && r.roomId === null) unassigned.push(r);
      if ((r.status === 'in_house' || (r.status === 'checked_out' && r.departure === today)) && r.balanceCents > 0) unpaid.push(r);
    }
    return { arrivals, departures, inHouse, unassigned, unpaid };
  }, [shown, today]);
}

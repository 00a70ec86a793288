/**
 * The only way components read the store. Each hook selects the smallest slice it
 * needs (stable references from the store) and derives views of it with useMemo,
 * so a delta re-renders only the screens whose data changed.
 */
import { useMemo } from 'react';
import type { Command } from '../../../shared/commands.ts';
import type { Hotel, Payment, Reservation, Room, Task } from '../../../shared/domain.ts';
import type { OutboxItemView } from '../../../shared/ipc.ts';
import { plan, type Refusal } from '../../../shared/planner.ts';
import { hotelOf, type HotelStateView } from '../../../shared/projection.ts';
import { isPending, planContext, type Rejection } from './optimistic.ts';
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

const selectShownState = (s: DeskState) => s.optimistic.state;
const selectShownRooms = (s: DeskState) => s.optimistic.state.rooms;
const selectShownReservations = (s: DeskState) => s.optimistic.state.reservations;
const selectShownTasks = (s: DeskState) => s.optimistic.state.tasks;
const selectShownPayments = (s: DeskState) => s.optimistic.state.payments;
const selectShownHotels = (s: DeskState) => s.optimistic.state.hotels;
const selectPending = (s: DeskState) => s.optimistic.pending;
const selectRejections = (s: DeskState) => s.optimistic.rejections;
const selectTruthReservations = (s: DeskState) => s.truth.reservations;
const selectTruthTasks = (s: DeskState) => s.truth.tasks;

const NO_KEYS: readonly string[] = [];

// One shown wrapper per entity version, so memoised rows/tiles skip re-rendering
// when some other entity changed.
const roomCache = new WeakMap<Room, ShownRoom>();
const taskCache = new WeakMap<Task, ShownTask>();
const reservationCache = new WeakMap<Reservation, ShownReservation>();
function wrapped<E extends object, S>(cache: WeakMap<E, S>, entity: E, wrap: (e: E) => S): S {
  let shown = cache.get(entity);
  if (!shown) {
    shown = wrap(entity);
    cache.set(entity, shown);
  }
  return shown;
}

/** The state as shown (truth plus pending actions), for planning a command before it is sent. */
export const useShownState = (): HotelStateView => useDesk(selectShownState);

/** The hotel record as shown; null until the gateway has sent one. */
export function useHotel(): Hotel | null {
  const hotels = useDesk(selectShownHotels);
  return useMemo(() => hotelOf({ hotels }), [hotels]);
}

/** Rooms as shown: truth plus pending actions. Sorted by floor then number. */
export function useShownRooms(): ShownRoom[] {
  const rooms = useDesk(selectShownRooms);
  const pending = useDesk(selectPending);
  return useMemo(() => {
    const out: ShownRoom[] = [];
    for (const room of rooms.values()) {
      const keys = pending.get(room.id);
      out.push(keys ? { ...room, pendingKey: keys[keys.length - 1] } : wrapped(roomCache, room, (r) => ({ ...r, pendingKey: null })));
    }
    return out.sort((a, b) => a.floor - b.floor || a.number.localeCompare(b.number, undefined, { numeric: true }));
  }, [rooms, pending]);
}

export function useRoomNumbers(): ReadonlyMap<string, string> {
  const rooms = useDesk(selectShownRooms);
  return useMemo(() => {
    const m = new Map<string, string>();
    for (const r of rooms.values()) m.set(r.id, r.number);
    return m;
  }, [rooms]);
}

export function useShownPayments(): ReadonlyMap<string, Payment> {
  return useDesk(selectShownPayments);
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

/**
 * Reservations as shown (truth plus pending actions), most relevant first. Sorted on
 * the truth, so a pending action never makes a row jump; new bookings still pending
 * come first.
 */
export function useShownReservations(): ShownReservation[] {
  const truth = useDesk(selectTruthReservations);
  const shown = useDesk(selectShownReservations);
  const pending = useDesk(selectPending);
  const order = useMemo(() => [...truth.values()].sort(byRelevance).map((r) => r.id), [truth]);
  return useMemo(() => {
    const out: ShownReservation[] = [];
    const wrap = (r: Reservation) => {
      const keys = pending.get(r.id);
      return keys ? { ...r, pendingKeys: keys } : wrapped(reservationCache, r, (x) => ({ ...x, pendingKeys: NO_KEYS }));
    };
    for (const r of shown.values()) if (!truth.has(r.id)) out.push(wrap(r));
    for (const id of order) {
      const r = shown.get(id);
      if (r) out.push(wrap(r));
    }
    return out;
  }, [order, truth, shown, pending]);
}

export function useShownTasks(): ShownTask[] {
  const truth = useDesk(selectTruthTasks);
  const tasks = useDesk(selectShownTasks);
  const pending = useDesk(selectPending);
  return useMemo(() => {
    const rank = { high: 0, normal: 1, low: 2 } as const;
    // Sorted by the CONFIRMED status: a task completed but not yet confirmed keeps its
    // place among the open ones instead of jumping out of sight (found in QA).
    const out: Array<{ shown: ShownTask; open: boolean }> = [];
    for (const t of tasks.values()) {
      const keys = pending.get(t.id);
      const shown = keys ? { ...t, pendingKey: keys[keys.length - 1] } : wrapped(taskCache, t, (x) => ({ ...x, pendingKey: null }));
      out.push({ shown, open: (truth.get(t.id) ?? t).status === 'open' });
    }
    return out
      .sort(
        (x, y) =>
          (x.open === y.open ? 0 : x.open ? -1 : 1) ||
          rank[x.shown.priority] - rank[y.shown.priority] ||
          (x.shown.createdAt < y.shown.createdAt ? -1 : x.shown.createdAt > y.shown.createdAt ? 1 : 0),
      )
      .map((x) => x.shown);
  }, [truth, tasks, pending]);
}

export function useRejection(entityId: string): Rejection | undefined {
  return useDesk((s) => selectRejections(s).get(entityId));
}

/**
 * What the rules say of a command against what the desk shows now: null when it
 * would be accepted, else the refusal. Dialogs use it to explain before sending;
 * the gateway decides with the same planner.
 */
export function usePlanCheck(command: Command | null): Refusal | null {
  const state = useDesk(selectShownState);
  const user = useDesk((s) => s.user);
  return useMemo(() => {
    if (!command) return null;
    const result = plan(state, command, planContext('check', new Date(), user));
    return result.ok ? null : result.refusal;
  }, [state, command, user]);
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
  /** In house after their departure date. */
  overdue: ShownReservation[];
  /** Still booked from an earlier arrival date: no-show candidates. */
  late: ShownReservation[];
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
    const overdue: ShownReservation[] = [];
    const late: ShownReservation[] = [];
    for (const r of shown) {
      if (r.status === 'cancelled' || r.status === 'no_show') continue;
      if (r.arrival === today && (r.status === 'booked' || r.status === 'in_house')) arrivals.push(r);
      if (r.departure === today && (r.status === 'in_house' || r.status === 'checked_out')) departures.push(r);
      if (r.status === 'in_house') inHouse.push(r);
      if (r.status === 'booked' && r.arrival === today && r.roomId === null) unassigned.push(r);
      if (r.status === 'in_house' && r.departure < today) overdue.push(r);
      if (r.status === 'booked' && r.arrival < today) late.push(r);
      // Money to collect before the guest goes: departing today (or overdue), or already gone today.
      if (((r.status === 'in_house' && r.departure <= today) || (r.status === 'checked_out' && r.departure === today)) && r.balanceCents > 0) unpaid.push(r);
    }
    return { arrivals, departures, inHouse, unassigned, unpaid, overdue, late };
  }, [shown, today]);
}

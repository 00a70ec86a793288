/**
 * The one reducer from events to hotel state, shared by the gateway (snapshots,
 * command validation) and the desk (its local projection), so both always agree.
 *
 * `applyEvent` mutates `state` in place for speed (it runs per event at ingest
 * rates of 50k/s) and returns which entities changed, so callers can persist
 * and forward only those. Unknown kinds and data that fail validation change
 * nothing: the event is still kept by the log, the projection simply ignores it.
 */
import type { EntityType, Payment, Reservation, Room, Task } from './domain.ts';
import { isKnownKind, KNOWN_EVENT_DATA } from './events.ts';

export interface HotelState {
  rooms: Map<string, Room>;
  reservations: Map<string, Reservation>;
  tasks: Map<string, Task>;
  payments: Map<string, Payment>;
}

export interface EntityRef {
  type: EntityType;
  id: string;
}

/** Plain-JSON form of the state, as snapshots carry it. */
export interface HotelStateJson {
  rooms: Room[];
  reservations: Reservation[];
  tasks: Task[];
  payments: Payment[];
}

export function emptyState(): HotelState {
  return { rooms: new Map(), reservations: new Map(), tasks: new Map(), payments: new Map() };
}

export function stateToJson(state: HotelState): HotelStateJson {
  return {
    rooms: [...state.rooms.values()],
    reservations: [...state.reservations.values()],
    tasks: [...state.tasks.values()],
    payments: [...state.payments.values()],
  };
}

export function stateFromJson(json: HotelStateJson): HotelState {
  const state = emptyState();
  for (const r of json.rooms) state.rooms.set(r.id, r);
  for (const r of json.reservations) state.reservations.set(r.id, r);
  for (const t of json.tasks) state.tasks.set(t.id, t);
  for (const p of json.payments) state.payments.set(p.id, p);
  return state;
}

export interface ProjectableEvent {
  kind: string;
  data: unknown;
}

/** Applies one event; returns the entities it changed (empty for unknown or invalid data). */
export function applyEvent(state: HotelState, event: ProjectableEvent): EntityRef[] {
  if (!isKnownKind(event.kind)) return [];
  const parsed = KNOWN_EVENT_DATA[event.kind].safeParse(event.data);
  if (!parsed.success) return [];
  const d = parsed.data as Record<string, unknown>;
  switch (event.kind) {
    case 'room.created': {
      const room = d.room as Room;
      state.rooms.set(room.id, room);
      return [{ type: 'rooms', id: room.id }];
    }
    case 'room.status_changed': {
      const room = state.rooms.get(d.roomId as string);
      if (!room) return [];
      state.rooms.set(room.id, { ...room, status: d.status as Room['status'] });
      return [{ type: 'rooms', id: room.id }];
    }
    case 'reservation.created': {
      const r = d.reservation as Reservation;
      state.reservations.set(r.id, r);
      return [{ type: 'reservations', id: r.id }];
    }
    case 'reservation.room_assigned':
      return patchReservation(state, d.reservationId as string, { roomId: d.roomId as string });
    case 'reservation.checked_in': {
      const changed = patchReservation(state, d.reservationId as string, {
        status: 'in_house',
        roomId: d.roomId as string,
      });
      return changed.concat(setRoomStatus(state, d.roomId as string, 'occupied'));
    }
    case 'reservation.checked_out': {
      const r = state.reservations.get(d.reservationId as string);
      const changed = patchReservation(state, d.reservationId as string, { status: 'checked_out' });
      return r?.roomId ? changed.concat(setRoomStatus(state, r.roomId, 'vacant_dirty')) : changed;
    }
    case 'reservation.cancelled':
      return patchReservation(state, d.reservationId as string, { status: 'cancelled' });
    case 'reservation.charge_posted': {
      const r = state.reservations.get(d.reservationId as string);
      if (!r) return [];
      return patchReservation(state, r.id, { balanceCents: r.balanceCents + (d.amountCents as number) });
    }
    case 'task.created': {
      const t = d.task as Task;
      state.tasks.set(t.id, t);
      return [{ type: 'tasks', id: t.id }];
    }
    case 'task.completed': {
      const t = state.tasks.get(d.taskId as string);
      if (!t) return [];
      state.tasks.set(t.id, { ...t, status: 'done', completedAt: d.completedAt as string });
      return [{ type: 'tasks', id: t.id }];
    }
    case 'payment.captured': {
      const p = d.payment as Payment;
      if (state.payments.has(p.id)) return [];
      state.payments.set(p.id, p);
      const changed: EntityRef[] = [{ type: 'payments', id: p.id }];
      const r = state.reservations.get(p.reservationId);
      if (r) {
        state.reservations.set(r.id, { ...r, balanceCents: r.balanceCents - p.amountCents });
        changed.push({ type: 'reservations', id: r.id });
      }
      return changed;
    }
  }
}

function patchReservation(state: HotelState, id: string, patch: Partial<Reservation>): EntityRef[] {
  const r = state.reservations.get(id);
  if (!r) return [];
  state.reservations.set(id, { ...r, ...patch });
  return [{ type: 'reservations', id }];
}

function setRoomStatus(state: HotelState, id: string, status: Room['status']): EntityRef[] {
  const room = state.rooms.get(id);
  if (!room) return [];
  state.rooms.set(id, { ...room, status });
  return [{ type: 'rooms', id }];
}

export function getEntity(state: HotelState, ref: EntityRef): Room | Reservation | Task | Payment | undefined {
  return state[ref.type].get(ref.id);
}

/**
 * The one reducer from events to hotel state, shared by the gateway (snapshots,
 * command planning) and the desk (its local projection and optimistic view), so
 * both always agree.
 *
 * `applyEvent` mutates `state` in place for speed (it runs per event at ingest
 * rates of 50k/s) and returns which entities changed, so callers can persist
 * and forward only those. It never mutates an entity object: a changed entity is
 * a new object, so a shallow copy of the maps (`cloneState`) is a safe fork.
 * Unknown kinds and data that fail validation change nothing: the event is still
 * kept by the log, the projection simply ignores it.
 */
import type { EntityOf, EntityType, Hotel, Payment, Reservation, Room, RoomStatus, Task } from './domain.ts';
import { parseKnownEvent, type TypedEvent } from './events.ts';

export interface HotelState {
  hotels: Map<string, Hotel>;
  rooms: Map<string, Room>;
  reservations: Map<string, Reservation>;
  tasks: Map<string, Task>;
  payments: Map<string, Payment>;
}

/** The state as rules read it (the planner never writes). */
export type HotelStateView = { readonly [K in keyof HotelState]: ReadonlyMap<string, EntityOf[K]> };

export interface EntityRef {
  type: EntityType;
  id: string;
}

/** Plain-JSON form of the state, as snapshots carry it. `hotels` holds the organisation's one hotel. */
export interface HotelStateJson {
  hotels: Hotel[];
  rooms: Room[];
  reservations: Reservation[];
  tasks: Task[];
  payments: Payment[];
}

export function emptyState(): HotelState {
  return { hotels: new Map(), rooms: new Map(), reservations: new Map(), tasks: new Map(), payments: new Map() };
}

/** A fork that applyEvent can change without touching `state` (entities are immutable). */
export function cloneState(state: HotelStateView): HotelState {
  return {
    hotels: new Map(state.hotels),
    rooms: new Map(state.rooms),
    reservations: new Map(state.reservations),
    tasks: new Map(state.tasks),
    payments: new Map(state.payments),
  };
}

export function stateToJson(state: HotelState): HotelStateJson {
  return {
    hotels: [...state.hotels.values()],
    rooms: [...state.rooms.values()],
    reservations: [...state.reservations.values()],
    tasks: [...state.tasks.values()],
    payments: [...state.payments.values()],
  };
}

export function stateFromJson(json: Partial<HotelStateJson>): HotelState {
  const state = emptyState();
  for (const h of json.hotels ?? []) state.hotels.set(h.id, h);
  for (const r of json.rooms ?? []) state.rooms.set(r.id, r);
  for (const r of json.reservations ?? []) state.reservations.set(r.id, r);
  for (const t of json.tasks ?? []) state.tasks.set(t.id, t);
  for (const p of json.payments ?? []) state.payments.set(p.id, p);
  return state;
}

/** The organisation's hotel record, if it has one (older logs may not). */
export function hotelOf(state: Pick<HotelStateView, 'hotels'>): Hotel | null {
  for (const h of state.hotels.values()) return h;
  return null;
}

export interface ProjectableEvent {
  kind: string;
  data: unknown;
}

/** Applies one event; returns the entities it changed (empty for unknown or invalid data). */
export function applyEvent(state: HotelState, event: ProjectableEvent): EntityRef[] {
  const typed = parseKnownEvent(event);
  return typed ? applyTypedEvent(state, typed) : [];
}

/** Applies an already parsed event (the planner's own output needs no second parse). */
export function applyTypedEvent(state: HotelState, e: TypedEvent): EntityRef[] {
  switch (e.kind) {
    case 'hotel.configured':
      state.hotels.set(e.data.hotel.id, e.data.hotel);
      return [{ type: 'hotels', id: e.data.hotel.id }];
    case 'business_day.closed': {
      const hotel = hotelOf(state);
      if (!hotel) return [];
      state.hotels.set(hotel.id, { ...hotel, businessDate: e.data.businessDate });
      return [{ type: 'hotels', id: hotel.id }];
    }
    case 'room.created':
      state.rooms.set(e.data.room.id, e.data.room);
      return [{ type: 'rooms', id: e.data.room.id }];
    case 'room.status_changed': {
      const outOfOrder = e.data.status === 'out_of_order' && e.data.reason ? { reason: e.data.reason, until: e.data.until ?? null } : null;
      return patch(state, 'rooms', e.data.roomId, { status: e.data.status, outOfOrder });
    }
    case 'reservation.created':
      state.reservations.set(e.data.reservation.id, e.data.reservation);
      return [{ type: 'reservations', id: e.data.reservation.id }];
    case 'reservation.modified':
      return patch(state, 'reservations', e.data.reservationId, e.data.changes);
    case 'reservation.room_assigned':
      return patch(state, 'reservations', e.data.reservationId, { roomId: e.data.roomId });
    case 'reservation.room_unassigned':
      return patch(state, 'reservations', e.data.reservationId, { roomId: null });
    case 'reservation.checked_in':
      return patch(state, 'reservations', e.data.reservationId, { status: 'in_house', roomId: e.data.roomId }).concat(
        roomStatus(state, e.data.roomId, 'occupied'),
      );
    case 'reservation.room_moved':
      return patch(state, 'reservations', e.data.reservationId, { roomId: e.data.toRoomId }).concat(
        roomStatus(state, e.data.fromRoomId, 'vacant_dirty'),
        roomStatus(state, e.data.toRoomId, 'occupied'),
      );
    case 'reservation.checked_out': {
      const roomId = state.reservations.get(e.data.reservationId)?.roomId;
      const changed = patch(state, 'reservations', e.data.reservationId, { status: 'checked_out' });
      return roomId ? changed.concat(roomStatus(state, roomId, 'vacant_dirty')) : changed;
    }
    case 'reservation.cancelled':
      // A cancelled stay releases its room.
      return patch(state, 'reservations', e.data.reservationId, { status: 'cancelled', roomId: null, cancelReason: e.data.reason });
    case 'reservation.no_show':
      return patch(state, 'reservations', e.data.reservationId, { status: 'no_show', roomId: null });
    case 'reservation.charge_posted': {
      const r = state.reservations.get(e.data.reservationId);
      if (!r) return [];
      return patch(state, 'reservations', r.id, { balanceCents: r.balanceCents + e.data.amountCents });
    }
    case 'task.created':
      state.tasks.set(e.data.task.id, e.data.task);
      return [{ type: 'tasks', id: e.data.task.id }];
    case 'task.completed':
      return patch(state, 'tasks', e.data.taskId, { status: 'done', completedAt: e.data.completedAt });
    case 'task.reopened':
      return patch(state, 'tasks', e.data.taskId, { status: 'open', completedAt: null });
    case 'payment.captured': {
      const p = e.data.payment;
      if (state.payments.has(p.id)) return [];
      state.payments.set(p.id, p);
      const changed: EntityRef[] = [{ type: 'payments', id: p.id }];
      const r = state.reservations.get(p.reservationId);
      if (r) changed.push(...patch(state, 'reservations', r.id, { balanceCents: r.balanceCents - p.amountCents }));
      return changed;
    }
  }
}

type Mutable = 'rooms' | 'reservations' | 'tasks' | 'hotels';

function patch<T extends Mutable>(state: HotelState, type: T, id: string, changes: Partial<EntityOf[T]>): EntityRef[] {
  const map = state[type] as Map<string, EntityOf[T]>;
  const current = map.get(id);
  if (!current) return [];
  map.set(id, { ...current, ...changes });
  return [{ type, id }];
}

function roomStatus(state: HotelState, id: string, status: RoomStatus): EntityRef[] {
  return patch(state, 'rooms', id, { status, outOfOrder: null });
}

export function getEntity(state: HotelState, ref: EntityRef): EntityOf[EntityType] | undefined {
  return state[ref.type].get(ref.id);
}

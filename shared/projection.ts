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
import type { Charge, DayAudit, EntityOf, EntityType, Guest, Hotel, Invoice, Payment, Refund, Reservation, Room, RoomStatus, Shift, Task } from './domain.ts';
import { ENTITY_TYPES } from './domain.ts';
import { parseKnownEvent, type TypedEvent } from './events.ts';

export interface HotelState {
  hotels: Map<string, Hotel>;
  rooms: Map<string, Room>;
  reservations: Map<string, Reservation>;
  tasks: Map<string, Task>;
  payments: Map<string, Payment>;
  charges: Map<string, Charge>;
  refunds: Map<string, Refund>;
  invoices: Map<string, Invoice>;
  guests: Map<string, Guest>;
  shifts: Map<string, Shift>;
  audits: Map<string, DayAudit>;
}

/** The state as rules read it (the planner never writes). */
export type HotelStateView = { readonly [K in keyof HotelState]: ReadonlyMap<string, EntityOf[K]> };

export interface EntityRef {
  type: EntityType;
  id: string;
}

/** Plain-JSON form of the state, as snapshots carry it. `hotels` holds the organisation's one hotel. */
export type HotelStateJson = { [K in EntityType]: EntityOf[K][] };

export function emptyState(): HotelState {
  return mapTypes(() => new Map()) as HotelState;
}

function mapTypes<T>(make: (type: EntityType) => T): Record<EntityType, T> {
  return Object.fromEntries(ENTITY_TYPES.map((t) => [t, make(t)])) as Record<EntityType, T>;
}

/** A fork that applyEvent can change without touching `state` (entities are immutable). */
export function cloneState(state: HotelStateView): HotelState {
  return mapTypes((t) => new Map(state[t] as ReadonlyMap<string, unknown>)) as unknown as HotelState;
}

export function emptyStateJson(): HotelStateJson {
  return stateToJson(emptyState());
}

export function stateToJson(state: HotelStateView): HotelStateJson {
  return mapTypes((t) => [...state[t].values()]) as HotelStateJson;
}

/** From a snapshot; collections an older gateway does not send start empty. */
export function stateFromJson(json: Partial<HotelStateJson>): HotelState {
  const state = emptyState();
  for (const t of ENTITY_TYPES) {
    const map = state[t] as Map<string, { id: string }>;
    for (const e of (json[t] ?? []) as { id: string }[]) map.set(e.id, e);
  }
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
      const changed: EntityRef[] = [{ type: 'hotels', id: hotel.id }];
      if (e.data.audit) {
        state.audits.set(e.data.audit.id, e.data.audit);
        changed.push({ type: 'audits', id: e.data.audit.id });
      }
      return changed;
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
    case 'reservation.charge_posted':
      // The pre-folio form of a charge (older logs): it moves the balance only.
      return balance(state, e.data.reservationId, e.data.amountCents);
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
      return changed.concat(balance(state, p.reservationId, -p.amountCents));
    }
    case 'payment.voided': {
      const p = state.payments.get(e.data.paymentId);
      if (!p || p.voided) return [];
      return patch(state, 'payments', p.id, { voided: true, voidReason: e.data.reason }).concat(
        balance(state, p.reservationId, p.amountCents - (p.refundedCents ?? 0)),
      );
    }
    case 'payment.refunded': {
      const refund = e.data.refund;
      const p = state.payments.get(refund.paymentId);
      if (state.refunds.has(refund.id) || !p) return [];
      state.refunds.set(refund.id, refund);
      return ([{ type: 'refunds', id: refund.id }] as EntityRef[])
        .concat(patch(state, 'payments', p.id, { refundedCents: (p.refundedCents ?? 0) + refund.amountCents }))
        .concat(balance(state, refund.reservationId, refund.amountCents));
    }
    case 'charge.posted': {
      const c = e.data.charge;
      // A night the audit posted is posted once, however often the event is applied.
      if (state.charges.has(c.id)) return [];
      state.charges.set(c.id, c);
      return ([{ type: 'charges', id: c.id }] as EntityRef[]).concat(c.voided ? [] : balance(state, c.reservationId, c.amountCents));
    }
    case 'charge.voided': {
      const c = state.charges.get(e.data.chargeId);
      if (!c || c.voided) return [];
      return patch(state, 'charges', c.id, { voided: true, voidReason: e.data.reason }).concat(balance(state, c.reservationId, -c.amountCents));
    }
    case 'invoice.issued': {
      const inv = e.data.invoice;
      if (state.invoices.has(inv.id)) return [];
      state.invoices.set(inv.id, inv);
      const changed: EntityRef[] = [{ type: 'invoices', id: inv.id }];
      return inv.correctsInvoiceId ? changed.concat(patch(state, 'invoices', inv.correctsInvoiceId, { creditedBy: inv.id })) : changed;
    }
    case 'guest.created':
      state.guests.set(e.data.guest.id, e.data.guest);
      return [{ type: 'guests', id: e.data.guest.id }];
    case 'guest.updated':
      return patch(state, 'guests', e.data.guestId, e.data.changes);
    case 'shift.opened':
      state.shifts.set(e.data.shift.id, e.data.shift);
      return [{ type: 'shifts', id: e.data.shift.id }];
    case 'shift.closed': {
      const { shiftId, ...closed } = e.data;
      return patch(state, 'shifts', shiftId, { status: 'closed', ...closed });
    }
  }
}

/** The folio moved by `delta`: the reservation's balance follows it (it is never set apart from the folio). */
function balance(state: HotelState, reservationId: string, delta: number): EntityRef[] {
  const r = state.reservations.get(reservationId);
  if (!r || delta === 0) return [];
  return patch(state, 'reservations', r.id, { balanceCents: r.balanceCents + delta });
}

type Mutable = Exclude<EntityType, 'refunds' | 'audits'>;

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

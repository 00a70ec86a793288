/**
 * The hotel's rules, written once. `plan(state, command, context)` turns a desk
 * command into the events it appends, or a refusal with a stable code and a plain
 * sentence. Pure: no clock, no randomness, no I/O — the time comes from the
 * context and new ids from the idempotency key (`ids.ts`).
 *
 * The gateway decides with it (inside the same transaction as the append); the
 * desk's optimistic view plans each queued action and applies the planned events
 * with the same projection. There is no other copy of any rule.
 *
 * Codes are the contract (docs/protocol.md lists them per command); clients may
 * show their own words for a code, so never change a code to change a message.
 */
import type { Command, CommandOf } from './commands.ts';
import { addDays } from './dates.ts';
import type {
  Charge,
  ChargeCategory,
  DayAudit,
  Guest,
  Hotel,
  Invoice,
  Payment,
  Refund,
  Reservation,
  ReservationStatus,
  Room,
  RoomStatus,
  Shift,
  Task,
} from './domain.ts';
import { KNOWN_EVENT_DATA, SERVICE_OF_KIND, type KnownEventData, type KnownEventKind, type TypedEvent } from './events.ts';
import { derivedConfirmation, derivedId } from './ids.ts';
import { formatMoney } from './money.ts';
import { hotelOf, type HotelStateView } from './projection.ts';

export interface PlanContext {
  /** The command's idempotency key: tags the events (`causedBy`) and names what they create. */
  key: string;
  /** When the receptionist took the action (a queued action keeps its own time). */
  takenAt: Date;
  /** The user acting (their id): payments, charges and shifts carry it. */
  operator: string;
  /** Their display name, for shift reports. */
  operatorName?: string;
}

/** A planned event, typed, with the service that publishes its kind. */
export type PlannedEvent = TypedEvent & { service: string; causedBy: string };

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export type PlanResult = { ok: true; events: PlannedEvent[] } | { ok: false; refusal: Refusal };

export const REFUSAL_CODES = [
  'not_found',
  'invalid_status',
  'invalid_dates',
  'invalid_guest',
  'invalid_room_type',
  'arrival_in_past',
  'not_arrival_day',
  'no_room',
  'same_room',
  'room_taken',
  'room_not_ready',
  'room_out_of_order',
  'room_occupied',
  'invalid_transition',
  'reason_required',
  'invalid_task',
  'task_done',
  'task_open',
  'no_hotel',
  'wrong_business_date',
  'invalid_charge',
  'already_voided',
  'not_same_day',
  'refunded',
  'exceeds_payment',
  'empty_folio',
  'invoice_issued',
  'already_credited',
  'not_an_invoice',
  'shift_open',
  'no_shift',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** HTTP status of a refusal: 404 when the thing does not exist, 409 for every rule. */
export function refusalStatus(code: RefusalCode): 404 | 409 {
  return code === 'not_found' ? 404 : 409;
}

/** Live stays hold their room: a booked or in-house reservation. */
export function isLive(r: Reservation): boolean {
  return r.status === 'booked' || r.status === 'in_house';
}

/** Half-open stays [arrival, departure): a departure day is free for the next arrival. */
export function overlaps(a: { arrival: string; departure: string }, b: { arrival: string; departure: string }): boolean {
  return a.arrival < b.departure && b.arrival < a.departure;
}

/** The hotel's business date; without a hotel record (older logs), the UTC date of `at`. */
export function businessDateOf(state: HotelStateView, at: Date): string {
  return hotelOf(state)?.businessDate ?? at.toISOString().slice(0, 10);
}

/** The live stay other than `exceptId` that holds `roomId` over any night of `stay`. */
export function roomHolder(
  state: HotelStateView,
  roomId: string,
  stay: { arrival: string; departure: string },
  exceptId: string | null,
): Reservation | undefined {
  for (const other of state.reservations.values()) {
    if (other.id !== exceptId && other.roomId === roomId && isLive(other) && overlaps(stay, other)) return other;
  }
  return undefined;
}

/** Rooms of `roomType` (any type when null) with no live stay over `stay`, not out of order. */
export function freeRooms(
  state: HotelStateView,
  stay: { arrival: string; departure: string },
  roomType: string | null,
  exceptId: string | null = null,
): Room[] {
  const out: Room[] = [];
  for (const room of state.rooms.values()) {
    if (roomType && room.type !== roomType) continue;
    if (room.status === 'out_of_order') continue;
    if (!roomHolder(state, room.id, stay, exceptId)) out.push(room);
  }
  return out.sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }));
}

/** Which room statuses a receptionist may set by hand, from which. Occupancy itself comes from check-in/out. */
export function allowedRoomStatuses(state: HotelStateView, room: Room): RoomStatus[] {
  const guest = inHouseGuestOf(state, room.id);
  if (guest) return room.status === 'occupied' ? ['occupied_dirty'] : room.status === 'occupied_dirty' ? ['occupied'] : ['occupied', 'occupied_dirty'];
  const vacant: RoomStatus[] = ['vacant_clean', 'vacant_dirty', 'inspected', 'out_of_order'];
  return vacant.filter((s) => s !== room.status || s === 'out_of_order');
}

export function plan(state: HotelStateView, command: Command, ctx: PlanContext): PlanResult {
  const p = new Planner(state, ctx);
  switch (command.type) {
    case 'create_reservation':
      return p.createReservation(command);
    case 'modify_reservation':
      return p.modifyReservation(command);
    case 'cancel_reservation':
      return p.cancel(command);
    case 'mark_no_show':
      return p.noShow(command);
    case 'assign_room':
      return p.assignRoom(command);
    case 'unassign_room':
      return p.unassignRoom(command);
    case 'check_in':
      return p.checkIn(command);
    case 'move_room':
      return p.moveRoom(command);
    case 'check_out':
      return p.checkOut(command);
    case 'set_room_status':
      return p.setRoomStatus(command);
    case 'create_task':
      return p.createTask(command);
    case 'complete_task':
      return p.completeTask(command);
    case 'reopen_task':
      return p.reopenTask(command);
    case 'take_payment':
      return p.takePayment(command);
    case 'close_business_day':
      return p.closeBusinessDay(command);
    case 'void_payment':
      return p.voidPayment(command);
    case 'refund_payment':
      return p.refundPayment(command);
    case 'post_charge':
      return p.postCharge(command);
    case 'void_charge':
      return p.voidCharge(command);
    case 'issue_invoice':
      return p.issueInvoice(command);
    case 'issue_credit_note':
      return p.issueCreditNote(command);
    case 'open_shift':
      return p.openShift(command);
    case 'close_shift':
      return p.closeShift(command);
    case 'create_guest':
      return p.createGuest(command);
    case 'update_guest':
      return p.updateGuest(command);
  }
}

/** The operator's open shift, if any. */
export function openShiftOf(state: HotelStateView, operator: string): Shift | undefined {
  for (const sh of state.shifts.values()) if (sh.operator === operator && sh.status === 'open') return sh;
  return undefined;
}

/** What a shift's drawer should hold: the float, plus cash taken, minus cash refunded, during it. */
export function shiftCash(
  state: HotelStateView,
  shift: Shift,
): { cashIn: number; cashOut: number; expected: number; byMethod: Record<string, number>; refunds: number } {
  let cashIn = 0;
  let cashOut = 0;
  let refunds = 0;
  const byMethod: Record<string, number> = {};
  for (const p of state.payments.values()) {
    if (p.shiftId !== shift.id || p.voided) continue;
    byMethod[p.method] = (byMethod[p.method] ?? 0) + p.amountCents;
    if (p.method === 'cash') cashIn += p.amountCents;
  }
  for (const r of state.refunds.values()) {
    if (r.shiftId !== shift.id) continue;
    refunds += r.amountCents;
    if (r.method === 'cash') cashOut += r.amountCents;
  }
  return { cashIn, cashOut, expected: shift.floatCents + cashIn - cashOut, byMethod, refunds };
}

/** A reservation's folio: live charges, payments net of refunds, and what is owed (negative = credit). */
export function folioOf(
  state: HotelStateView,
  reservationId: string,
): { charges: Charge[]; payments: Payment[]; refunds: Refund[]; chargedCents: number; paidCents: number; balanceCents: number } {
  const charges = [...state.charges.values()].filter((c) => c.reservationId === reservationId);
  const payments = [...state.payments.values()].filter((p) => p.reservationId === reservationId);
  const refunds = [...state.refunds.values()].filter((r) => r.reservationId === reservationId);
  const chargedCents = charges.reduce((n, c) => n + (c.voided ? 0 : c.amountCents), 0);
  const paidCents = payments.reduce((n, p) => n + (p.voided ? 0 : p.amountCents - (p.refundedCents ?? 0)), 0);
  return { charges, payments, refunds, chargedCents, paidCents, balanceCents: chargedCents - paidCents };
}

/** Tax on an amount in basis points, rounded half up to the minor unit. */
export function taxOf(amount: number, bp: number): number {
  return Math.round((amount * bp) / 10_000);
}

const STATUS_PHRASE: Record<ReservationStatus, string> = {
  booked: 'booked and not checked in yet',
  in_house: 'already checked in',
  checked_out: 'already checked out',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
};

const ROOM_STATUS_PHRASE: Record<RoomStatus, string> = {
  vacant_clean: 'vacant and clean',
  vacant_dirty: 'vacant and dirty',
  inspected: 'inspected',
  occupied: 'occupied',
  occupied_dirty: 'occupied and needing service',
  out_of_order: 'out of order',
};

function inHouseGuestOf(state: HotelStateView, roomId: string): Reservation | undefined {
  for (const r of state.reservations.values()) if (r.status === 'in_house' && r.roomId === roomId) return r;
  return undefined;
}

/** "Anna Berg (confirmation FD-1042)": how the desk knows a reservation. */
function guestOf(r: Reservation): string {
  return `${r.guestName} (confirmation ${r.confirmation})`;
}

class Planner {
  private readonly events: PlannedEvent[] = [];
  private readonly hotel: Hotel | null;
  private readonly today: string;

  constructor(
    private readonly state: HotelStateView,
    private readonly ctx: PlanContext,
  ) {
    this.hotel = hotelOf(state);
    this.today = businessDateOf(state, ctx.takenAt);
  }

  // ----------------------------------------------------------------- helpers

  private emit<K extends KnownEventKind>(kind: K, data: KnownEventData<K>): this {
    // Parsing what the planner builds keeps every planned event exactly as a published one would be.
    const parsed = KNOWN_EVENT_DATA[kind].parse(data) as KnownEventData<K>;
    this.events.push({ kind, data: parsed, service: SERVICE_OF_KIND[kind], causedBy: this.ctx.key } as PlannedEvent);
    return this;
  }

  private ok(): PlanResult {
    return { ok: true, events: this.events };
  }

  private refuse(code: RefusalCode, message: string): PlanResult {
    return { ok: false, refusal: { code, message } };
  }

  private notFound(what: 'reservation' | 'room' | 'task', id: string): PlanResult {
    return this.refuse('not_found', `The ${what} ${id} does not exist at this hotel (it may have been removed).`);
  }

  private wrongStatus(action: string, r: Reservation): PlanResult {
    return this.refuse('invalid_status', `${action} ${guestOf(r)}: the reservation is ${STATUS_PHRASE[r.status]}.`);
  }

  private money(minor: number): string {
    return this.hotel ? formatMoney(minor, this.hotel.currency, this.hotel.locale) : String(minor);
  }

  private reservation(id: string): Reservation | PlanResult {
    return this.state.reservations.get(id) ?? this.notFound('reservation', id);
  }

  private room(id: string): Room | PlanResult {
    return this.state.rooms.get(id) ?? this.notFound('room', id);
  }

  /** Rules a stay's dates and guest must meet, for a new booking or a change. */
  private checkStay(stay: { guestName: string; arrival: string; departure: string; adults: number; roomType: string }): PlanResult | null {
    if (stay.guestName.trim() === '') return this.refuse('invalid_guest', 'Enter the guest’s name.');
    if (!Number.isInteger(stay.adults) || stay.adults < 1 || stay.adults > 20) {
      return this.refuse('invalid_guest', 'A stay has between 1 and 20 adults.');
    }
    if (stay.departure <= stay.arrival) {
      return this.refuse('invalid_dates', `The departure (${stay.departure}) must be after the arrival (${stay.arrival}).`);
    }
    if (this.state.rooms.size > 0 && ![...this.state.rooms.values()].some((r) => r.type === stay.roomType)) {
      return this.refuse('invalid_room_type', `This hotel has no rooms of type "${stay.roomType}".`);
    }
    return null;
  }

  /** Whether `room` may be given to `r` for `stay`: not out of order, no other live stay overlapping. */
  private checkRoomFree(room: Room, r: Reservation | null, stay: { arrival: string; departure: string }): PlanResult | null {
    if (room.status === 'out_of_order') {
      const why = room.outOfOrder ? ` (${room.outOfOrder.reason})` : '';
      return this.refuse('room_out_of_order', `Room ${room.number} is out of order${why}.`);
    }
    const holder = roomHolder(this.state, room.id, stay, r?.id ?? null);
    if (holder) {
      return this.refuse(
        'room_taken',
        `Room ${room.number} is already given to ${guestOf(holder)} for overlapping dates (${holder.arrival} to ${holder.departure}).`,
      );
    }
    return null;
  }

  /** Whether a guest can walk into `room` now: free for the stay, nobody in it, clean. */
  private checkRoomReady(room: Room, r: Reservation, stay: { arrival: string; departure: string }): PlanResult | null {
    const guest = inHouseGuestOf(this.state, room.id);
    if (guest && guest.id !== r.id) return this.refuse('room_occupied', `Room ${room.number} is occupied: ${guestOf(guest)} is staying in it.`);
    const taken = this.checkRoomFree(room, r, stay);
    if (taken) return taken;
    if (room.status === 'occupied' || room.status === 'occupied_dirty') return this.refuse('room_occupied', `Room ${room.number} is occupied.`);
    if (room.status === 'vacant_dirty') return this.refuse('room_not_ready', `Room ${room.number} has not been cleaned yet.`);
    return null;
  }

  private cleaningTask(room: Room, n: number): Task {
    return {
      id: derivedId('task', this.ctx.key, n),
      kind: 'housekeeping',
      title: `Clean room ${room.number}`,
      roomId: room.id,
      status: 'open',
      priority: 'normal',
      createdAt: this.ctx.takenAt.toISOString(),
      completedAt: null,
      dueDate: this.today,
      cleaning: true,
    };
  }

  // ----------------------------------------------------------------- bookings

  createReservation(c: CommandOf<'create_reservation'>): PlanResult {
    const guestName = c.guestName.trim();
    const stay = { guestName, arrival: c.arrival, departure: c.departure, adults: c.adults, roomType: c.roomType };
    const bad = this.checkStay(stay);
    if (bad) return bad;
    if (c.arrival < this.today) {
      return this.refuse('arrival_in_past', `The arrival (${c.arrival}) is before the hotel’s business date (${this.today}).`);
    }
    let guestId = c.guestId;
    if (guestId !== undefined && !this.state.guests.has(guestId)) return this.refuse('not_found', `The guest record ${guestId} does not exist at this hotel.`);
    if (guestId === undefined) {
      const guest: Guest = {
        id: derivedId('guest', this.ctx.key),
        name: guestName,
        ...optional({ email: c.email?.trim(), phone: c.phone?.trim(), language: c.language }),
      };
      this.emit('guest.created', { guest });
      guestId = guest.id;
    }
    const reservation: Reservation = {
      id: derivedId('res', this.ctx.key),
      confirmation: derivedConfirmation(this.hotel?.code ?? 'FD', this.ctx.key),
      guestName,
      arrival: c.arrival,
      departure: c.departure,
      roomType: c.roomType,
      roomId: null,
      status: 'booked',
      adults: c.adults,
      balanceCents: 0,
      guestId,
      rateCents: c.rateCents ?? this.hotel?.rates?.[c.roomType] ?? 0,
      ...optional({ children: c.children, email: c.email?.trim(), phone: c.phone?.trim(), notes: c.notes?.trim() }),
    };
    if (c.roomId) {
      const room = this.room(c.roomId);
      if (!isRoom(room)) return room;
      const taken = this.checkRoomFree(room, null, reservation);
      if (taken) return taken;
      this.emit('reservation.created', { reservation });
      return this.emit('reservation.room_assigned', { reservationId: reservation.id, roomId: room.id }).ok();
    }
    return this.emit('reservation.created', { reservation }).ok();
  }

  modifyReservation(c: CommandOf<'modify_reservation'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    if (!isLive(r)) return this.wrongStatus('Cannot change', r);
    const changes = optional({
      guestName: c.guestName?.trim(),
      arrival: c.arrival,
      departure: c.departure,
      roomType: c.roomType,
      adults: c.adults,
      children: c.children,
      email: c.email?.trim(),
      phone: c.phone?.trim(),
      notes: c.notes?.trim(),
      rateCents: c.rateCents,
    });
    for (const k of Object.keys(changes) as (keyof typeof changes)[]) if (changes[k] === r[k]) delete changes[k];
    if (Object.keys(changes).length === 0) return this.ok();
    const next = { ...r, ...changes };
    const bad = this.checkStay(next);
    if (bad) return bad;
    if (r.status === 'in_house') {
      if (changes.arrival !== undefined) return this.refuse('invalid_dates', `${guestOf(r)} has already arrived: the arrival date cannot change.`);
      if (changes.roomType !== undefined) return this.refuse('invalid_room_type', `${guestOf(r)} is in house: move the guest to another room instead.`);
      if (next.departure < this.today) {
        return this.refuse('invalid_dates', `The departure (${next.departure}) cannot be before the business date (${this.today}).`);
      }
    } else if (changes.arrival !== undefined && next.arrival < this.today) {
      return this.refuse('arrival_in_past', `The arrival (${next.arrival}) is before the hotel’s business date (${this.today}).`);
    }
    // Longer or moved dates must still fit the assigned room; a new type releases it.
    let release = false;
    if (r.roomId) {
      const room = this.state.rooms.get(r.roomId);
      if (room && changes.roomType !== undefined && room.type !== changes.roomType) release = true;
      else if (room && (changes.arrival !== undefined || changes.departure !== undefined)) {
        const holder = roomHolder(this.state, room.id, next, r.id);
        if (holder) {
          return this.refuse(
            'room_taken',
            `Room ${room.number} is given to ${guestOf(holder)} from ${holder.arrival}: the stay cannot change to ${next.arrival} – ${next.departure} in it.`,
          );
        }
      }
    }
    this.emit('reservation.modified', { reservationId: r.id, changes });
    if (release) this.emit('reservation.room_unassigned', { reservationId: r.id });
    return this.ok();
  }

  cancel(c: CommandOf<'cancel_reservation'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    if (r.status !== 'booked') return this.wrongStatus('Cannot cancel', r);
    const reason = c.reason.trim();
    if (reason === '') return this.refuse('reason_required', 'Say why the reservation is cancelled.');
    return this.emit('reservation.cancelled', { reservationId: r.id, reason }).ok();
  }

  noShow(c: CommandOf<'mark_no_show'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    if (r.status !== 'booked') return this.wrongStatus('Cannot mark as a no-show', r);
    if (r.arrival > this.today) {
      return this.refuse('not_arrival_day', `${guestOf(r)} arrives on ${r.arrival}, after the business date (${this.today}).`);
    }
    return this.emit('reservation.no_show', { reservationId: r.id }).ok();
  }

  // ----------------------------------------------------------------- rooms for stays

  assignRoom(c: CommandOf<'assign_room'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    const room = this.room(c.roomId);
    if (!isRoom(room)) return room;
    if (r.status !== 'booked') return this.wrongStatus(`Cannot assign room ${room.number} to`, r);
    if (r.roomId === room.id) return this.ok();
    const taken = this.checkRoomFree(room, r, r);
    if (taken) return taken;
    return this.emit('reservation.room_assigned', { reservationId: r.id, roomId: room.id }).ok();
  }

  unassignRoom(c: CommandOf<'unassign_room'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    if (r.status !== 'booked') return this.wrongStatus('Cannot release the room of', r);
    if (!r.roomId) return this.refuse('no_room', `${guestOf(r)} has no room assigned.`);
    return this.emit('reservation.room_unassigned', { reservationId: r.id }).ok();
  }

  checkIn(c: CommandOf<'check_in'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    if (r.status !== 'booked') return this.wrongStatus('Cannot check in', r);
    if (r.arrival > this.today) {
      return this.refuse('not_arrival_day', `${guestOf(r)} arrives on ${r.arrival}: change the arrival to check in on ${this.today}.`);
    }
    if (r.departure <= this.today) {
      return this.refuse('invalid_dates', `${guestOf(r)} was due to leave on ${r.departure}: change the departure first.`);
    }
    const roomId = c.roomId ?? r.roomId;
    if (!roomId) return this.refuse('no_room', `${guestOf(r)} has no room yet: assign a room first, or choose one when checking in.`);
    const room = this.room(roomId);
    if (!isRoom(room)) return room;
    const problem = this.checkRoomReady(room, r, r);
    if (problem) return problem;
    return this.emit('reservation.checked_in', { reservationId: r.id, roomId: room.id }).ok();
  }

  moveRoom(c: CommandOf<'move_room'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    const room = this.room(c.roomId);
    if (!isRoom(room)) return room;
    if (r.status !== 'in_house' || !r.roomId) return this.wrongStatus(`Cannot move to room ${room.number}:`, r);
    if (r.roomId === room.id) return this.refuse('same_room', `${guestOf(r)} is already in room ${room.number}.`);
    const reason = c.reason.trim();
    if (reason === '') return this.refuse('reason_required', 'Say why the guest moves.');
    // The rest of the stay must fit the new room: tonight to departure.
    const problem = this.checkRoomReady(room, r, { arrival: this.today, departure: r.departure > this.today ? r.departure : addDays(this.today, 1) });
    if (problem) return problem;
    const from = this.state.rooms.get(r.roomId);
    this.emit('reservation.room_moved', { reservationId: r.id, fromRoomId: r.roomId, toRoomId: room.id, reason });
    if (from) this.emit('task.created', { task: this.cleaningTask(from, 0) });
    return this.ok();
  }

  checkOut(c: CommandOf<'check_out'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    if (r.status !== 'in_house') return this.wrongStatus('Cannot check out', r);
    // An open balance does not block check-out: it stays on the folio.
    this.emit('reservation.checked_out', { reservationId: r.id });
    const room = r.roomId ? this.state.rooms.get(r.roomId) : undefined;
    if (room) this.emit('task.created', { task: this.cleaningTask(room, 0) });
    return this.ok();
  }

  // ----------------------------------------------------------------- housekeeping

  setRoomStatus(c: CommandOf<'set_room_status'>): PlanResult {
    const room = this.room(c.roomId);
    if (!isRoom(room)) return room;
    const reason = c.reason?.trim() ?? '';
    if (c.status === 'out_of_order') {
      if (reason === '') return this.refuse('reason_required', `Say why room ${room.number} is out of order.`);
      if (c.until !== undefined && c.until < this.today) {
        return this.refuse('invalid_dates', `The return date (${c.until}) is before the business date (${this.today}).`);
      }
    }
    const guest = inHouseGuestOf(this.state, room.id);
    const allowed = allowedRoomStatuses(this.state, room);
    if (room.status === c.status && c.status !== 'out_of_order') return this.ok();
    if (!allowed.includes(c.status)) {
      if (guest) {
        return this.refuse('room_occupied', `Room ${room.number} cannot be set to ${ROOM_STATUS_PHRASE[c.status]} while ${guestOf(guest)} is staying in it.`);
      }
      return this.refuse(
        'invalid_transition',
        c.status === 'occupied' || c.status === 'occupied_dirty'
          ? `Room ${room.number} has no guest: a room becomes occupied only by checking a guest in to it.`
          : `Room ${room.number} cannot go from ${ROOM_STATUS_PHRASE[room.status]} to ${ROOM_STATUS_PHRASE[c.status]}.`,
      );
    }
    if (c.status === 'out_of_order') {
      return this.emit('room.status_changed', { roomId: room.id, status: c.status, reason, until: c.until ?? null }).ok();
    }
    return this.emit('room.status_changed', { roomId: room.id, status: c.status }).ok();
  }

  createTask(c: CommandOf<'create_task'>): PlanResult {
    const title = c.title.trim();
    if (title === '') return this.refuse('invalid_task', 'Enter what needs to be done.');
    if (c.roomId && !this.state.rooms.has(c.roomId)) return this.notFound('room', c.roomId);
    const task: Task = {
      id: derivedId('task', this.ctx.key),
      kind: c.kind,
      title,
      roomId: c.roomId ?? null,
      status: 'open',
      priority: c.priority,
      createdAt: this.ctx.takenAt.toISOString(),
      completedAt: null,
      dueDate: c.dueDate ?? null,
    };
    return this.emit('task.created', { task }).ok();
  }

  completeTask(c: CommandOf<'complete_task'>): PlanResult {
    const task = this.state.tasks.get(c.taskId);
    if (!task) return this.notFound('task', c.taskId);
    if (task.status !== 'open') {
      const where = task.roomId ? ` for room ${this.state.rooms.get(task.roomId)?.number ?? task.roomId}` : '';
      return this.refuse('task_done', `The task "${task.title}"${where} is already done.`);
    }
    this.emit('task.completed', { taskId: task.id, completedAt: this.ctx.takenAt.toISOString() });
    // Housekeeping follows the work: a cleaned room is clean.
    const room = task.cleaning && task.roomId ? this.state.rooms.get(task.roomId) : undefined;
    if (room?.status === 'vacant_dirty') this.emit('room.status_changed', { roomId: room.id, status: 'vacant_clean' });
    if (room?.status === 'occupied_dirty') this.emit('room.status_changed', { roomId: room.id, status: 'occupied' });
    return this.ok();
  }

  reopenTask(c: CommandOf<'reopen_task'>): PlanResult {
    const task = this.state.tasks.get(c.taskId);
    if (!task) return this.notFound('task', c.taskId);
    if (task.status === 'open') return this.refuse('task_open', `The task "${task.title}" is still open.`);
    return this.emit('task.reopened', { taskId: task.id }).ok();
  }

  // ----------------------------------------------------------------- money and the day

  takePayment(c: CommandOf<'take_payment'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    // A payment the terminal took is a fact: never refused for the balance or the stay's
    // status. Paying more than is owed leaves a credit on the reservation. Cash goes into
    // a drawer, so it needs the operator's shift open.
    const shift = openShiftOf(this.state, this.ctx.operator);
    if (c.method === 'cash' && !shift) return this.refuse('no_shift', 'Open your shift (count the cash float) before taking cash.');
    const payment: Payment = {
      id: derivedId('pay', this.ctx.key),
      reservationId: r.id,
      amountCents: c.amountCents,
      method: c.method,
      at: this.ctx.takenAt.toISOString(),
      operator: this.ctx.operator,
      businessDate: this.today,
      ...optional({ reference: c.reference?.trim() || undefined, shiftId: shift?.id }),
    };
    return this.emit('payment.captured', { payment }).ok();
  }

  voidPayment(c: CommandOf<'void_payment'>): PlanResult {
    const p = this.state.payments.get(c.paymentId);
    if (!p) return this.refuse('not_found', `The payment ${c.paymentId} does not exist at this hotel.`);
    if (p.voided) return this.refuse('already_voided', 'This payment is already voided.');
    if ((p.businessDate ?? p.at.slice(0, 10)) !== this.today) {
      return this.refuse('not_same_day', `Only a payment of today’s business date (${this.today}) can be voided; refund this one instead.`);
    }
    if ((p.refundedCents ?? 0) > 0) return this.refuse('refunded', 'Part of this payment was refunded already; it cannot be voided.');
    const reason = c.reason.trim();
    if (reason === '') return this.refuse('reason_required', 'Say why the payment is voided.');
    return this.emit('payment.voided', { paymentId: p.id, reason }).ok();
  }

  refundPayment(c: CommandOf<'refund_payment'>): PlanResult {
    const p = this.state.payments.get(c.paymentId);
    if (!p) return this.refuse('not_found', `The payment ${c.paymentId} does not exist at this hotel.`);
    if (p.voided) return this.refuse('already_voided', 'This payment was voided; there is nothing to refund.');
    const left = p.amountCents - (p.refundedCents ?? 0);
    if (c.amountCents > left) return this.refuse('exceeds_payment', `At most ${this.money(left)} of this payment can still be refunded.`);
    const reason = c.reason.trim();
    if (reason === '') return this.refuse('reason_required', 'Say why the money is refunded.');
    const shift = openShiftOf(this.state, this.ctx.operator);
    if (p.method === 'cash' && !shift) return this.refuse('no_shift', 'Open your shift before paying cash out of the drawer.');
    const refund: Refund = {
      id: derivedId('rfd', this.ctx.key),
      paymentId: p.id,
      reservationId: p.reservationId,
      amountCents: c.amountCents,
      reason,
      method: p.method,
      at: this.ctx.takenAt.toISOString(),
      businessDate: this.today,
      operator: this.ctx.operator,
      ...optional({ shiftId: shift?.id }),
    };
    return this.emit('payment.refunded', { refund }).ok();
  }

  postCharge(c: CommandOf<'post_charge'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    const description = c.description.trim();
    if (description === '') return this.refuse('invalid_charge', 'Say what the charge is for.');
    return this.emit('charge.posted', { charge: this.charge(r.id, c.amountCents, description, c.category ?? 'other', derivedId('chg', this.ctx.key)) }).ok();
  }

  voidCharge(c: CommandOf<'void_charge'>): PlanResult {
    const charge = this.state.charges.get(c.chargeId);
    if (!charge) return this.refuse('not_found', `The charge ${c.chargeId} does not exist at this hotel.`);
    if (charge.voided) return this.refuse('already_voided', 'This charge is already voided.');
    if (this.activeInvoice(charge.reservationId)) {
      return this.refuse('invoice_issued', 'An invoice covers this folio: issue a credit note first, then correct the charge.');
    }
    const reason = c.reason.trim();
    if (reason === '') return this.refuse('reason_required', 'Say why the charge is voided.');
    return this.emit('charge.voided', { chargeId: charge.id, reason }).ok();
  }

  // ----------------------------------------------------------------- invoices

  issueInvoice(c: CommandOf<'issue_invoice'>): PlanResult {
    const r = this.reservation(c.reservationId);
    if (!isReservation(r)) return r;
    const folio = folioOf(this.state, r.id);
    const live = folio.charges.filter((ch) => !ch.voided);
    if (live.length === 0) return this.refuse('empty_folio', `${guestOf(r)} has nothing charged yet: there is nothing to invoice.`);
    const taxes = new Map<number, number>();
    for (const ch of live) if (ch.category === 'tax') taxes.set(ch.taxBp ?? 0, (taxes.get(ch.taxBp ?? 0) ?? 0) + ch.amountCents);
    const payments: Invoice['payments'] = [];
    for (const p of folio.payments)
      if (!p.voided && p.amountCents - (p.refundedCents ?? 0) !== 0)
        payments.push({ method: p.method, at: p.at, amountCents: p.amountCents - (p.refundedCents ?? 0) });
    return this.emit('invoice.issued', {
      invoice: this.invoice('invoice', r, {
        lines: live.map((ch) => ({ description: ch.description, category: ch.category, businessDate: ch.businessDate, amountCents: ch.amountCents })),
        taxes: [...taxes].sort((a, b) => a[0] - b[0]).map(([rateBp, amountCents]) => ({ rateBp, amountCents })),
        payments,
        totalCents: folio.chargedCents,
        paidCents: folio.paidCents,
        balanceCents: folio.balanceCents,
      }),
    }).ok();
  }

  issueCreditNote(c: CommandOf<'issue_credit_note'>): PlanResult {
    const original = this.state.invoices.get(c.invoiceId);
    if (!original) return this.refuse('not_found', `The invoice ${c.invoiceId} does not exist at this hotel.`);
    if (original.kind !== 'invoice') return this.refuse('not_an_invoice', `${original.number} is a credit note; only an invoice can be credited.`);
    if (original.creditedBy) return this.refuse('already_credited', `Invoice ${original.number} has been credited already.`);
    const reason = c.reason.trim();
    if (reason === '') return this.refuse('reason_required', 'Say why the invoice is credited.');
    const r = this.state.reservations.get(original.reservationId);
    if (!r) return this.notFound('reservation', original.reservationId);
    return this.emit('invoice.issued', {
      invoice: this.invoice('credit_note', r, {
        lines: original.lines.map((l) => ({ ...l, amountCents: -l.amountCents })),
        taxes: original.taxes.map((t) => ({ rateBp: t.rateBp, amountCents: -t.amountCents })),
        payments: [],
        totalCents: -original.totalCents,
        paidCents: 0,
        balanceCents: -original.totalCents,
        correctsInvoiceId: original.id,
        reason,
      }),
    }).ok();
  }

  /** The reservation's invoice that has not been credited, if any. */
  private activeInvoice(reservationId: string): Invoice | undefined {
    for (const inv of this.state.invoices.values()) if (inv.reservationId === reservationId && inv.kind === 'invoice' && !inv.creditedBy) return inv;
    return undefined;
  }

  /**
   * The hotel's next number, from the log's own state: the gateway plans under the
   * organisation's lock (SQLite transaction, or Redis append conditional on the head),
   * so numbers are sequential per hotel with no gap and no reuse, across restarts and nodes.
   */
  private invoice(
    kind: Invoice['kind'],
    r: Reservation,
    body: Pick<Invoice, 'lines' | 'taxes' | 'payments' | 'totalCents' | 'paidCents' | 'balanceCents'> & Partial<Pick<Invoice, 'correctsInvoiceId' | 'reason'>>,
  ): Invoice {
    let seq = 1;
    for (const inv of this.state.invoices.values()) if (inv.seq >= seq) seq = inv.seq + 1;
    const guest = r.guestId ? this.state.guests.get(r.guestId) : undefined;
    const room = r.roomId ? (this.state.rooms.get(r.roomId)?.number ?? null) : null;
    return {
      id: derivedId('inv', this.ctx.key),
      kind,
      seq,
      number: `${this.hotel?.code ?? 'FD'}-${String(seq).padStart(6, '0')}`,
      reservationId: r.id,
      issuedAt: this.ctx.takenAt.toISOString(),
      businessDate: this.today,
      currency: this.hotel?.currency ?? 'EUR',
      hotel: { name: this.hotel?.name ?? 'Hotel', ...optional({ address: this.hotel?.address }) },
      guest: { name: guest?.name ?? r.guestName, ...optional({ address: guest?.address, email: guest?.email ?? r.email }) },
      language: guest?.language ?? this.hotel?.locale ?? 'en',
      stay: { arrival: r.arrival, departure: r.departure, room, confirmation: r.confirmation },
      ...body,
    };
  }

  // ----------------------------------------------------------------- shifts and guests

  openShift(c: CommandOf<'open_shift'>): PlanResult {
    if (openShiftOf(this.state, this.ctx.operator)) return this.refuse('shift_open', 'Your shift is already open.');
    const shift: Shift = {
      id: derivedId('shift', this.ctx.key),
      operator: this.ctx.operator,
      openedAt: this.ctx.takenAt.toISOString(),
      businessDate: this.today,
      floatCents: c.floatCents,
      status: 'open',
      closedAt: null,
      expectedCents: null,
      countedCents: null,
      differenceCents: null,
      ...optional({ operatorName: this.ctx.operatorName }),
    };
    return this.emit('shift.opened', { shift }).ok();
  }

  closeShift(c: CommandOf<'close_shift'>): PlanResult {
    const shift = openShiftOf(this.state, this.ctx.operator);
    if (!shift) return this.refuse('no_shift', 'You have no open shift to close.');
    const { expected } = shiftCash(this.state, shift);
    return this.emit('shift.closed', {
      shiftId: shift.id,
      closedAt: this.ctx.takenAt.toISOString(),
      expectedCents: expected,
      countedCents: c.countedCents,
      differenceCents: c.countedCents - expected,
    }).ok();
  }

  createGuest(c: CommandOf<'create_guest'>): PlanResult {
    const name = c.name.trim();
    if (name === '') return this.refuse('invalid_guest', 'Enter the guest’s name.');
    const guest: Guest = {
      id: derivedId('guest', this.ctx.key),
      name,
      ...optional({ email: c.email?.trim(), phone: c.phone?.trim(), address: c.address?.trim(), language: c.language, notes: c.notes?.trim() }),
    };
    return this.emit('guest.created', { guest }).ok();
  }

  updateGuest(c: CommandOf<'update_guest'>): PlanResult {
    const guest = this.state.guests.get(c.guestId);
    if (!guest) return this.refuse('not_found', `The guest record ${c.guestId} does not exist at this hotel.`);
    if (c.name !== undefined && c.name.trim() === '') return this.refuse('invalid_guest', 'Enter the guest’s name.');
    const changes = optional({
      name: c.name?.trim(),
      email: c.email?.trim(),
      phone: c.phone?.trim(),
      address: c.address?.trim(),
      language: c.language,
      notes: c.notes?.trim(),
    });
    for (const k of Object.keys(changes) as (keyof typeof changes)[]) if (changes[k] === guest[k]) delete changes[k];
    if (Object.keys(changes).length === 0) return this.ok();
    return this.emit('guest.updated', { guestId: guest.id, changes }).ok();
  }

  private charge(reservationId: string, amountCents: number, description: string, category: ChargeCategory, id: string, extra: Partial<Charge> = {}): Charge {
    return {
      id,
      reservationId,
      amountCents,
      description,
      category,
      businessDate: this.today,
      at: this.ctx.takenAt.toISOString(),
      operator: this.ctx.operator,
      voided: false,
      ...extra,
    };
  }

  closeBusinessDay(c: CommandOf<'close_business_day'>): PlanResult {
    if (!this.hotel) return this.refuse('no_hotel', 'This organisation has no hotel record, so it has no business day to close.');
    if (c.businessDate !== this.hotel.businessDate) {
      return this.refuse(
        'wrong_business_date',
        `The business date is ${this.hotel.businessDate}, not ${c.businessDate}: another desk may have closed the day already.`,
      );
    }
    const noShows = [...this.state.reservations.values()]
      .filter((r) => r.status === 'booked' && r.arrival <= c.businessDate)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const day = c.businessDate;
    for (const r of noShows) this.emit('reservation.no_show', { reservationId: r.id });
    // Post tonight's room and its tax for every stay in house. The ids name the stay and the
    // night, so a night is posted once however often the close is retried or replayed.
    const taxBp = this.hotel.roomTaxBp ?? 0;
    const inHouse = [...this.state.reservations.values()].filter((r) => r.status === 'in_house').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const posted = new Map<string, number>();
    let roomRevenue = 0;
    for (const r of inHouse) {
      const rate = r.rateCents ?? 0;
      if (rate <= 0) continue;
      const roomNumber = r.roomId ? (this.state.rooms.get(r.roomId)?.number ?? '') : '';
      const roomId = derivedId('chg', `${r.id}|${day}|room`);
      if (this.state.charges.has(roomId)) continue;
      this.emit('charge.posted', { charge: this.charge(r.id, rate, `Room ${roomNumber} night ${day}`.replace('  ', ' '), 'room', roomId, { night: day }) });
      roomRevenue += rate;
      let total = rate;
      const tax = taxOf(rate, taxBp);
      if (tax > 0) {
        this.emit('charge.posted', {
          charge: this.charge(r.id, tax, `Tax ${taxBp / 100} % on room, night ${day}`, 'tax', derivedId('chg', `${r.id}|${day}|tax`), { night: day, taxBp }),
        });
        total += tax;
      }
      posted.set(r.id, total);
    }
    const audit = this.audit(
      day,
      inHouse.length,
      roomRevenue,
      noShows.map((r) => r.id),
      posted,
    );
    return this.emit('business_day.closed', { closedDate: day, businessDate: addDays(day, 1), audit }).ok();
  }

  /** The day's figures, as the night audit records them (after tonight's postings). */
  private audit(day: string, roomsSold: number, roomRevenue: number, noShows: string[], posted: ReadonlyMap<string, number>): DayAudit {
    let roomsAvailable = 0;
    for (const room of this.state.rooms.values()) if (room.status !== 'out_of_order') roomsAvailable++;
    const revenueByCategory: Record<string, number> = {};
    for (const ch of this.state.charges.values()) {
      if (ch.voided || ch.businessDate !== day) continue;
      revenueByCategory[ch.category] = (revenueByCategory[ch.category] ?? 0) + ch.amountCents;
    }
    for (const e of this.events) {
      if (e.kind !== 'charge.posted') continue;
      const ch = e.data.charge;
      revenueByCategory[ch.category] = (revenueByCategory[ch.category] ?? 0) + ch.amountCents;
    }
    const paymentsByMethod: Record<string, number> = {};
    for (const p of this.state.payments.values()) {
      if (p.voided || (p.businessDate ?? p.at.slice(0, 10)) !== day) continue;
      paymentsByMethod[p.method] = (paymentsByMethod[p.method] ?? 0) + p.amountCents;
    }
    let refundsCents = 0;
    for (const r of this.state.refunds.values()) if (r.businessDate === day) refundsCents += r.amountCents;
    const openBalances: DayAudit['openBalances'] = [];
    for (const r of this.state.reservations.values()) {
      if (r.status !== 'in_house' && r.status !== 'checked_out') continue;
      const balance = r.balanceCents + (posted.get(r.id) ?? 0);
      if (balance !== 0) openBalances.push({ reservationId: r.id, guestName: r.guestName, balanceCents: balance });
    }
    openBalances.sort((a, b) => b.balanceCents - a.balanceCents);
    return {
      id: day,
      businessDate: day,
      closedAt: this.ctx.takenAt.toISOString(),
      roomsAvailable,
      roomsSold,
      occupancy: roomsAvailable === 0 ? 0 : Math.round((roomsSold / roomsAvailable) * 1000) / 10,
      adr: roomsSold === 0 ? 0 : Math.round(roomRevenue / roomsSold),
      revpar: roomsAvailable === 0 ? 0 : Math.round(roomRevenue / roomsAvailable),
      revenueByCategory,
      paymentsByMethod,
      refundsCents,
      noShows,
      openBalances,
    };
  }
}

function isReservation(x: Reservation | PlanResult): x is Reservation {
  return !('ok' in x);
}
function isRoom(x: Room | PlanResult): x is Room {
  return !('ok' in x);
}

/** Drops undefined fields, so events carry only what was given. */
function optional<T extends Record<string, unknown>>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

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
import type { Hotel, Reservation, ReservationStatus, Room, RoomStatus, Task } from './domain.ts';
import { KNOWN_EVENT_DATA, SERVICE_OF_KIND, type KnownEventData, type KnownEventKind, type TypedEvent } from './events.ts';
import { derivedConfirmation, derivedId } from './ids.ts';
import { hotelOf, type HotelStateView } from './projection.ts';

export interface PlanContext {
  /** The command's idempotency key: tags the events (`causedBy`) and names what they create. */
  key: string;
  /** When the receptionist took the action (a queued action keeps its own time). */
  takenAt: Date;
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
export function freeRooms(state: HotelStateView, stay: { arrival: string; departure: string }, roomType: string | null, exceptId: string | null = null): Room[] {
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
  }
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
    // status. Paying more than is owed leaves a credit on the reservation.
    const payment = { id: derivedId('pay', this.ctx.key), reservationId: r.id, amountCents: c.amountCents, method: c.method, at: this.ctx.takenAt.toISOString() };
    return this.emit('payment.captured', { payment }).ok();
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
    for (const r of noShows) this.emit('reservation.no_show', { reservationId: r.id });
    return this.emit('business_day.closed', { closedDate: c.businessDate, businessDate: addDays(c.businessDate, 1) }).ok();
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

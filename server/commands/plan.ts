/**
 * Turns a desk command into the events it appends, after checking it against
 * the organisation's current projected state. Pure: the caller runs it inside
 * the same transaction (or optimistic check) as the append, so the state it saw
 * is the state the events apply to.
 *
 * Business rules (documented in docs/protocol.md):
 * - check_in: reservation `booked`; room = command.roomId or the assigned one;
 *   the room must be vacant_clean or inspected and hold no in-house guest.
 * - check_out: reservation `in_house`. An open balance does not block it (it stays on the folio).
 * - assign_room: reservation `booked`; room not out_of_order and not assigned to
 *   another booked/in-house reservation whose stay overlaps.
 * - set_room_status: not to `occupied` (that is what check_in does) and not on a
 *   room with an in-house guest; setting the current status is a no-op (no event).
 * - complete_task: task `open`.
 * - take_payment: reservation booked or in_house (or checked_out, to settle a
 *   balance); amount at most the balance (no overpayment).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Command } from '../../shared/commands.ts';
import type { Reservation, ReservationStatus, Room } from '../../shared/domain.ts';
import { SERVICE_OF_KIND, type KnownEventKind } from '../../shared/events.ts';
import type { HotelState } from '../../shared/projection.ts';
import type { AppendInput } from '../log/types.ts';

export type PlanResult =
  | { ok: true; events: AppendInput[] }
  | { ok: false; status: 404 | 409; code: string; message: string };

/*
 * Refusal messages are plain sentences a receptionist (or another client's UI)
 * can show as they are: money with two decimals, rooms by number, guests by
 * name and confirmation. The `code`s are the stable contract; clients may map
 * them to their own words, so never change a code to change a message.
 */

const notFound = (what: 'reservation' | 'room' | 'task', id: string): PlanResult => ({
  ok: false,
  status: 404,
  code: 'not_found',
  message: `The ${what} ${id} does not exist at this hotel (it may have been removed).`,
});
const conflict = (code: string, message: string): PlanResult => ({ ok: false, status: 409, code, message });

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Integer cents as money with two decimals, e.g. 999900 → "9,999.00". */
export function formatMoney(cents: number): string {
  return MONEY.format(cents / 100);
}

/** "Anna Berg (confirmation FD-1042)": how the desk knows a reservation. */
function guestOf(r: Reservation): string {
  return `${r.guestName} (confirmation ${r.confirmation})`;
}

const STATUS_PHRASE: Record<ReservationStatus, string> = {
  booked: 'booked and not checked in yet',
  in_house: 'already checked in',
  checked_out: 'already checked out',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
};

function wrongStatus(action: string, r: Reservation): PlanResult {
  return conflict('invalid_status', `${action} ${guestOf(r)}: the reservation is ${STATUS_PHRASE[r.status]}.`);
}

function event<K extends KnownEventKind>(kind: K, data: unknown, causedBy: string): AppendInput {
  return { service: SERVICE_OF_KIND[kind], kind, data, causedBy };
}

function inHouseGuestOf(state: HotelState, roomId: string): Reservation | undefined {
  for (const r of state.reservations.values()) if (r.status === 'in_house' && r.roomId === roomId) return r;
  return undefined;
}

function overlaps(a: Reservation, b: Reservation): boolean {
  return a.arrival < b.departure && b.arrival < a.departure;
}

export function planCommand(state: HotelState, command: Command, causedBy: string, now: Date): PlanResult {
  switch (command.type) {
    case 'check_in': {
      const r = state.reservations.get(command.reservationId);
      if (!r) return notFound('reservation', command.reservationId);
      if (r.status !== 'booked') return wrongStatus('Cannot check in', r);
      const roomId = command.roomId ?? r.roomId;
      if (!roomId) return conflict('no_room', `${guestOf(r)} has no room yet: assign a room first, or choose one when checking in.`);
      const room = state.rooms.get(roomId);
      if (!room) return notFound('room', roomId);
      const problem = roomNotReady(state, room);
      if (problem) return problem;
      return { ok: true, events: [event('reservation.checked_in', { reservationId: r.id, roomId }, causedBy)] };
    }
    case 'check_out': {
      const r = state.reservations.get(command.reservationId);
      if (!r) return notFound('reservation', command.reservationId);
      if (r.status !== 'in_house') return wrongStatus('Cannot check out', r);
      return { ok: true, events: [event('reservation.checked_out', { reservationId: r.id }, causedBy)] };
    }
    case 'assign_room': {
      const r = state.reservations.get(command.reservationId);
      if (!r) return notFound('reservation', command.reservationId);
      const room = state.rooms.get(command.roomId);
      if (!room) return notFound('room', command.roomId);
      if (r.status !== 'booked') return wrongStatus(`Cannot assign room ${room.number} to`, r);
      if (room.status === 'out_of_order') return conflict('room_out_of_order', `Room ${room.number} is out of order.`);
      for (const other of state.reservations.values()) {
        if (other.id === r.id || other.roomId !== room.id) continue;
        if ((other.status === 'booked' || other.status === 'in_house') && overlaps(r, other)) {
          return conflict(
            'room_taken',
            `Room ${room.number} is already given to ${guestOf(other)} for overlapping dates (${other.arrival} to ${other.departure}).`,
          );
        }
      }
      return { ok: true, events: [event('reservation.room_assigned', { reservationId: r.id, roomId: room.id }, causedBy)] };
    }
    case 'set_room_status': {
      const room = state.rooms.get(command.roomId);
      if (!room) return notFound('room', command.roomId);
      if (command.status === 'occupied') return conflict('use_check_in', 'A room becomes occupied only by checking a guest in to it.');
      const guest = inHouseGuestOf(state, room.id);
      if (guest) {
        return conflict('room_occupied', `Room ${room.number} cannot be changed while ${guestOf(guest)} is staying in it.`);
      }
      if (room.status === command.status) return { ok: true, events: [] };
      return { ok: true, events: [event('room.status_changed', { roomId: room.id, status: command.status }, causedBy)] };
    }
    case 'complete_task': {
      const task = state.tasks.get(command.taskId);
      if (!task) return notFound('task', command.taskId);
      if (task.status !== 'open') {
        const where = task.roomId ? ` for room ${state.rooms.get(task.roomId)?.number ?? task.roomId}` : '';
        return conflict('task_done', `The task "${task.title}"${where} is already done.`);
      }
      return {
        ok: true,
        events: [event('task.completed', { taskId: task.id, completedAt: now.toISOString() }, causedBy)],
      };
    }
    case 'take_payment': {
      const r = state.reservations.get(command.reservationId);
      if (!r) return notFound('reservation', command.reservationId);
      if (r.status === 'cancelled' || r.status === 'no_show') {
        return wrongStatus('Cannot take a payment for', r);
      }
      if (command.amountCents > r.balanceCents) {
        const payment = formatMoney(command.amountCents);
        return conflict(
          'exceeds_balance',
          r.balanceCents > 0
            ? `The payment of ${payment} is more than the ${formatMoney(r.balanceCents)} still owed by ${guestOf(r)}.`
            : `${guestOf(r)} owes nothing, so a payment of ${payment} cannot be taken.`,
        );
      }
      const payment = {
        id: `pay_${randomUUID()}`,
        reservationId: r.id,
        amountCents: command.amountCents,
        method: command.method,
        at: now.toISOString(),
      };
      return { ok: true, events: [event('payment.captured', { payment }, causedBy)] };
    }
  }
}

function roomNotReady(state: HotelState, room: Room): PlanResult | null {
  const guest = inHouseGuestOf(state, room.id);
  if (guest) return conflict('room_occupied', `Room ${room.number} is occupied: ${guestOf(guest)} is staying in it.`);
  if (room.status === 'occupied') return conflict('room_occupied', `Room ${room.number} is occupied.`);
  if (room.status === 'out_of_order') return conflict('room_out_of_order', `Room ${room.number} is out of order.`);
  if (room.status === 'vacant_dirty') return conflict('room_not_ready', `Room ${room.number} has not been cleaned yet.`);
  return null;
}

/** Fingerprint of a command, so a reused idempotency key with a different body is detected. */
export function commandHash(command: Command): string {
  return createHash('sha256').update(JSON.stringify(command)).digest('base64url');
}

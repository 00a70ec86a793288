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
import type { Reservation, Room } from '../../shared/domain.ts';
import { SERVICE_OF_KIND, type KnownEventKind } from '../../shared/events.ts';
import type { HotelState } from '../../shared/projection.ts';
import type { AppendInput } from '../log/types.ts';

export type PlanResult =
  | { ok: true; events: AppendInput[] }
  | { ok: false; status: 404 | 409; code: string; message: string };

const notFound = (what: string, id: string): PlanResult => ({
  ok: false,
  status: 404,
  code: 'not_found',
  message: `${what} ${id} does not exist`,
});
const conflict = (code: string, message: string): PlanResult => ({ ok: false, status: 409, code, message });

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
      if (r.status !== 'booked') return conflict('invalid_status', `reservation ${r.id} is ${r.status}, not booked`);
      const roomId = command.roomId ?? r.roomId;
      if (!roomId) return conflict('no_room', `reservation ${r.id} has no room: assign one or pass roomId`);
      const room = state.rooms.get(roomId);
      if (!room) return notFound('room', roomId);
      const problem = roomNotReady(state, room);
      if (problem) return problem;
      return { ok: true, events: [event('reservation.checked_in', { reservationId: r.id, roomId }, causedBy)] };
    }
    case 'check_out': {
      const r = state.reservations.get(command.reservationId);
      if (!r) return notFound('reservation', command.reservationId);
      if (r.status !== 'in_house') return conflict('invalid_status', `reservation ${r.id} is ${r.status}, not in house`);
      return { ok: true, events: [event('reservation.checked_out', { reservationId: r.id }, causedBy)] };
    }
    case 'assign_room': {
      const r = state.reservations.get(command.reservationId);
      if (!r) return notFound('reservation', command.reservationId);
      const room = state.rooms.get(command.roomId);
      if (!room) return notFound('room', command.roomId);
      if (r.status !== 'booked') return conflict('invalid_status', `reservation ${r.id} is ${r.status}, not booked`);
      if (room.status === 'out_of_order') return conflict('room_out_of_order', `room ${room.number} is out of order`);
      for (const other of state.reservations.values()) {
        if (other.id === r.id || other.roomId !== room.id) continue;
        if ((other.status === 'booked' || other.status === 'in_house') && overlaps(r, other)) {
          return conflict('room_taken', `room ${room.number} is assigned to ${other.confirmation} for overlapping dates`);
        }
      }
      return { ok: true, events: [event('reservation.room_assigned', { reservationId: r.id, roomId: room.id }, causedBy)] };
    }
    case 'set_room_status': {
      const room = state.rooms.get(command.roomId);
      if (!room) return notFound('room', command.roomId);
      if (command.status === 'occupied') return conflict('use_check_in', 'a room becomes occupied by checking a guest in');
      const guest = inHouseGuestOf(state, room.id);
      if (guest) return conflict('room_occupied', `room ${room.number} has an in-house guest (${guest.confirmation})`);
      if (room.status === command.status) return { ok: true, events: [] };
      return { ok: true, events: [event('room.status_changed', { roomId: room.id, status: command.status }, causedBy)] };
    }
    case 'complete_task': {
      const task = state.tasks.get(command.taskId);
      if (!task) return notFound('task', command.taskId);
      if (task.status !== 'open') return conflict('task_done', `task ${task.id} is already done`);
      return {
        ok: true,
        events: [event('task.completed', { taskId: task.id, completedAt: now.toISOString() }, causedBy)],
      };
    }
    case 'take_payment': {
      const r = state.reservations.get(command.reservationId);
      if (!r) return notFound('reservation', command.reservationId);
      if (r.status === 'cancelled' || r.status === 'no_show') {
        return conflict('invalid_status', `reservation ${r.id} is ${r.status}`);
      }
      if (command.amountCents > r.balanceCents) {
        return conflict('exceeds_balance', `payment ${command.amountCents} exceeds the balance ${r.balanceCents}`);
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
  if (guest || room.status === 'occupied') return conflict('room_occupied', `room ${room.number} is occupied`);
  if (room.status === 'out_of_order') return conflict('room_out_of_order', `room ${room.number} is out of order`);
  if (room.status === 'vacant_dirty') return conflict('room_not_ready', `room ${room.number} is dirty`);
  return null;
}

/** Fingerprint of a command, so a reused idempotency key with a different body is detected. */
export function commandHash(command: Command): string {
  return createHash('sha256').update(JSON.stringify(command)).digest('base64url');
}

/**
 * One-line activity texts for the feed. Known kinds read like a logbook; any other
 * kind (a newer gateway, another service) is shown as its kind and the text of its
 * data, truncated — never hidden.
 */
import { isKnownKind, parseKnownEvent, type TypedEvent } from '../../../shared/events.ts';
import { formatMoney } from '../../../shared/money.ts';
import type { ActivityItem } from '../../../shared/ipc.ts';
import { hotelOf, type HotelState } from '../../../shared/projection.ts';

export const UNKNOWN_DATA_MAX_CHARS = 200;

export interface ActivitySource {
  seq: number;
  id: string;
  service: string;
  kind: string;
  at: string;
  data: unknown;
  causedBy?: string | null;
}

function dataText(data: unknown): string {
  let text: string;
  try {
    text = typeof data === 'string' ? data : (JSON.stringify(data) ?? 'null');
  } catch {
    text = String(data);
  }
  return text.length > UNKNOWN_DATA_MAX_CHARS ? `${text.slice(0, UNKNOWN_DATA_MAX_CHARS - 1)}…` : text;
}

export function summarize(e: ActivitySource, state: HotelState): { text: string; known: boolean } {
  if (!isKnownKind(e.kind)) return { text: `${e.kind}: ${dataText(e.data)}`, known: false };
  const typed = parseKnownEvent(e);
  if (!typed) return { text: `${e.kind} (unreadable data): ${dataText(e.data)}`, known: false };
  return { text: sentence(typed, state), known: true };
}

/** One event as a sentence a receptionist reads: "Anna Bauer checked in to room 501". */
function sentence(e: TypedEvent, state: HotelState): string {
  const hotel = hotelOf(state);
  const money = (minor: number) => (hotel ? formatMoney(minor, hotel.currency, hotel.locale) : (minor / 100).toFixed(2));
  const room = (id: string) => {
    const r = state.rooms.get(id);
    return r ? `room ${r.number}` : `room ${id}`;
  };
  const guest = (id: string) => {
    const r = state.reservations.get(id);
    return r ? `${r.guestName} (${r.confirmation})` : `reservation ${id}`;
  };
  switch (e.kind) {
    case 'hotel.configured':
      return `${e.data.hotel.name}: business date ${day(e.data.hotel.businessDate)}, ${e.data.hotel.currency}, ${e.data.hotel.timeZone}`;
    case 'business_day.closed':
      return `Business day ${day(e.data.closedDate)} closed; the business date is now ${day(e.data.businessDate)}`;
    case 'room.created':
      return `Room ${e.data.room.number} (${e.data.room.type}) added`;
    case 'room.status_changed': {
      // Housekeeping's note ("broken window, do not sell") is what the desk needs to know.
      const note = e.data.reason?.trim() || e.data.note?.trim();
      const until = e.data.until ? ` until ${day(e.data.until)}` : '';
      return `${cap(room(e.data.roomId))} is now ${e.data.status.replace(/_/g, ' ')}${until}${note ? `: “${note}”` : ''}`;
    }
    case 'reservation.created': {
      const r = e.data.reservation;
      return `New reservation for ${r.guestName}, ${day(r.arrival)} → ${day(r.departure)}`;
    }
    case 'reservation.modified': {
      const c = e.data.changes;
      const parts: string[] = [];
      if (c.arrival || c.departure) parts.push(`dates ${c.arrival ? day(c.arrival) : '…'} → ${c.departure ? day(c.departure) : '…'}`);
      if (c.guestName) parts.push(`guest ${c.guestName}`);
      if (c.roomType) parts.push(`room type ${c.roomType}`);
      if (c.adults !== undefined) parts.push(`${c.adults} adults`);
      if (c.notes !== undefined) parts.push('notes');
      return `Reservation of ${guest(e.data.reservationId)} changed${parts.length ? `: ${parts.join(', ')}` : ''}`;
    }
    case 'reservation.room_assigned':
      return `${cap(room(e.data.roomId))} assigned to ${guest(e.data.reservationId)}`;
    case 'reservation.room_unassigned':
      return `Room released from ${guest(e.data.reservationId)}`;
    case 'reservation.checked_in':
      return `${cap(guest(e.data.reservationId))} checked in to ${room(e.data.roomId)}`;
    case 'reservation.room_moved':
      return `${cap(guest(e.data.reservationId))} moved from ${room(e.data.fromRoomId)} to ${room(e.data.toRoomId)}: “${e.data.reason}”`;
    case 'reservation.checked_out':
      return `${cap(guest(e.data.reservationId))} checked out`;
    case 'reservation.cancelled':
      return `Reservation of ${guest(e.data.reservationId)} cancelled${e.data.reason ? `: “${e.data.reason}”` : ''}`;
    case 'reservation.no_show':
      return `${cap(guest(e.data.reservationId))} did not arrive (no-show)`;
    case 'reservation.charge_posted':
      return `Charge ${money(e.data.amountCents)} posted to ${guest(e.data.reservationId)}: ${e.data.description}`;
    case 'task.created': {
      const t = e.data.task;
      // Titles often name the room already ("Clean room 309"); say it once.
      const where = t.roomId ? room(t.roomId) : '';
      const mentioned = where !== '' && t.title.toLowerCase().includes(where.toLowerCase());
      return `Task created: ${t.title}${where && !mentioned ? ` (${where})` : ''}`;
    }
    case 'task.completed':
      return `Task done: ${state.tasks.get(e.data.taskId)?.title ?? e.data.taskId}`;
    case 'task.reopened':
      return `Task reopened: ${state.tasks.get(e.data.taskId)?.title ?? e.data.taskId}`;
    case 'payment.captured': {
      const p = e.data.payment;
      return `Payment ${money(p.amountCents)} by ${p.method} from ${guest(p.reservationId)}`;
    }
    case 'payment.voided': {
      const p = state.payments.get(e.data.paymentId);
      return `Payment ${p ? `${money(p.amountCents)} from ${guest(p.reservationId)} ` : ''}voided: “${e.data.reason}”`;
    }
    case 'payment.refunded':
      return `Refund ${money(e.data.refund.amountCents)} to ${guest(e.data.refund.reservationId)}: “${e.data.refund.reason}”`;
    case 'charge.posted': {
      const c = e.data.charge;
      return `${c.description} ${money(c.amountCents)} charged to ${guest(c.reservationId)}`;
    }
    case 'charge.voided': {
      const c = state.charges.get(e.data.chargeId);
      return `Charge ${c ? `${c.description} ${money(c.amountCents)} ` : ''}voided: “${e.data.reason}”`;
    }
    case 'invoice.issued': {
      const inv = e.data.invoice;
      return `${inv.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${inv.number} issued to ${inv.guest.name}: ${money(inv.totalCents)}`;
    }
    case 'guest.created':
      return `Guest record created: ${e.data.guest.name}`;
    case 'guest.updated':
      return `Guest record updated: ${state.guests.get(e.data.guestId)?.name ?? e.data.guestId}`;
    case 'shift.opened':
      return `Shift opened by ${e.data.shift.operatorName ?? e.data.shift.operator} with a float of ${money(e.data.shift.floatCents)}`;
    case 'shift.closed': {
      const sh = state.shifts.get(e.data.shiftId);
      const diff = e.data.differenceCents;
      return `Shift closed${sh ? ` by ${sh.operatorName ?? sh.operator}` : ''}: counted ${money(e.data.countedCents)}, expected ${money(e.data.expectedCents)}${diff === 0 ? '' : `, difference ${money(diff)}`}`;
    }
  }
}

// The machine's locale, as the renderer's dates use (in Electron both are the OS locale).
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "2030-01-05" → "5 Jan" (hotel dates are calendar days, not instants). */
function day(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : DAY.format(ms);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function toActivityItem(e: ActivitySource, state: HotelState): ActivityItem {
  const { text, known } = summarize(e, state);
  return { seq: e.seq, id: e.id, service: e.service, kind: e.kind, at: e.at, text, known, causedBy: e.causedBy ?? null, data: e.data };
}

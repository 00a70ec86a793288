/**
 * One-line activity texts for the feed. Known kinds read like a logbook; any other
 * kind (a newer gateway, another service) is shown as its kind and the text of its
 * data, truncated — never hidden.
 */
import { isKnownKind, KNOWN_EVENT_DATA } from '../../../shared/events.ts';
import type { ActivityItem } from '../../../shared/ipc.ts';
import type { HotelState } from '../../../shared/projection.ts';

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

function money(cents: number): string {
  return (cents / 100).toFixed(2);
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
  const parsed = KNOWN_EVENT_DATA[e.kind].safeParse(e.data);
  if (!parsed.success) return { text: `${e.kind} (unreadable data): ${dataText(e.data)}`, known: false };
  const d = parsed.data as Record<string, unknown>;
  const room = (id: unknown) => {
    const r = typeof id === 'string' ? state.rooms.get(id) : undefined;
    return r ? `room ${r.number}` : `room ${String(id)}`;
  };
  const guest = (id: unknown) => {
    const r = typeof id === 'string' ? state.reservations.get(id) : undefined;
    return r ? `${r.guestName} (${r.confirmation})` : `reservation ${String(id)}`;
  };
  switch (e.kind) {
    case 'room.created': {
      const r = d.room as { number: string; type: string };
      return { text: `Room ${r.number} (${r.type}) added`, known: true };
    }
    case 'room.status_changed': {
      // Housekeeping's note ("broken window, do not sell") is what the desk needs to know.
      const note = typeof d.note === 'string' && d.note.trim() ? `: “${d.note.trim()}”` : '';
      return { text: `${cap(room(d.roomId))} is now ${String(d.status).replace(/_/g, ' ')}${note}`, known: true };
    }
    case 'reservation.created': {
      const r = d.reservation as { guestName: string; arrival: string; departure: string };
      return { text: `New reservation for ${r.guestName}, ${day(r.arrival)} → ${day(r.departure)}`, known: true };
    }
    case 'reservation.room_assigned':
      return { text: `${cap(room(d.roomId))} assigned to ${guest(d.reservationId)}`, known: true };
    case 'reservation.checked_in':
      return { text: `${cap(guest(d.reservationId))} checked in to ${room(d.roomId)}`, known: true };
    case 'reservation.checked_out':
      return { text: `${cap(guest(d.reservationId))} checked out`, known: true };
    case 'reservation.cancelled':
      return { text: `Reservation of ${guest(d.reservationId)} cancelled`, known: true };
    case 'reservation.charge_posted':
      return { text: `Charge ${money(d.amountCents as number)} posted to ${guest(d.reservationId)}: ${String(d.description)}`, known: true };
    case 'task.created': {
      const t = d.task as { title: string; roomId: string | null };
      // Titles often name the room already ("Clean room 309"); say it once.
      const where = t.roomId ? room(t.roomId) : '';
      const mentioned = where !== '' && t.title.toLowerCase().includes(where.toLowerCase());
      return { text: `Task created: ${t.title}${where && !mentioned ? ` (${where})` : ''}`, known: true };
    }
    case 'task.completed': {
      const t = state.tasks.get(d.taskId as string);
      return { text: `Task done: ${t ? t.title : String(d.taskId)}`, known: true };
    }
    case 'payment.captured': {
      const p = d.payment as { amountCents: number; method: string; reservationId: string };
      return { text: `Payment ${money(p.amountCents)} by ${p.method} from ${guest(p.reservationId)}`, known: true };
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
  return { seq: e.seq, id: e.id, service: e.service, kind: e.kind, at: e.at, text, known, causedBy: e.causedBy ?? null };
}

/** Display formatting shared by the views. */
import type { ReservationStatus, RoomStatus } from '../../shared/domain.ts';

export function formatMoney(cents: number): string {
  return (cents / 100).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * An amount as a receptionist types it, in cents, or null if it is not one.
 * Money has at most two decimals, so a separator followed by exactly three digits
 * groups thousands ("1,000" and "1.000" are a thousand, as formatMoney shows them),
 * and with both separators the last one is the decimal point ("1.234,50",
 * "1,234.50"). Spaces and apostrophes group thousands too ("1 000", "1'000").
 * Found in QA: "1,000" used to take 1.00.
 */
export function parseMoneyInput(text: string): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!/^[0-9.,]+$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    s = s.split(group).join('');
    if (decimal === ',') s = s.replace(',', '.');
  } else {
    const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
    if (sep) {
      const parts = s.split(sep);
      const grouped = parts.length > 2 || parts[parts.length - 1].length === 3;
      if (grouped) {
        // Every group after the first has exactly three digits.
        if (parts.slice(1).some((p) => p.length !== 3) || parts[0] === '') return null;
        s = parts.join('');
      } else s = parts.join('.');
    }
  }
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** The hotel-local business date of an instant, YYYY-MM-DD. */
export function businessDate(d = new Date()): string {
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return DAY.format(new Date(y, m - 1, d));
}

// Formatters are built once: toLocale*String builds a new Intl formatter per call,
// which dominated the cost of rendering activity rows during bursts.
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const DAY_TIME = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const today = startOfToday();
  return ms >= today && ms < today + 86_400_000 ? TIME.format(ms) : DAY_TIME.format(ms);
}

export const ROOM_STATUS_LABEL: Record<RoomStatus, string> = {
  vacant_clean: 'Vacant clean',
  vacant_dirty: 'Vacant dirty',
  occupied: 'Occupied',
  occupied_dirty: 'Occupied, needs service',
  inspected: 'Inspected',
  out_of_order: 'Out of order',
};

/** A symbol per status so the board never relies on colour alone. */
export const ROOM_STATUS_SYMBOL: Record<RoomStatus, string> = {
  vacant_clean: '✓',
  vacant_dirty: '✗',
  occupied: '●',
  occupied_dirty: '◐',
  inspected: '★',
  out_of_order: '⊘',
};

export const RESERVATION_STATUS_LABEL: Record<ReservationStatus, string> = {
  booked: 'Booked',
  in_house: 'In house',
  checked_out: 'Checked out',
  cancelled: 'Cancelled',
  no_show: 'No show',
};

/**
 * What a refusal means, in the receptionist's words. The gateway's message is
 * written for logs (ids, cents: "payment 999900 exceeds the balance 55600"), so
 * known codes get a plain sentence; the original stays available as a tooltip.
 */
const REJECTION_TEXT: Record<string, string> = {
  exceeds_balance: 'the payment is more than the guest owes',
  invalid_status: 'the reservation had already changed (another desk or the PMS got there first)',
  no_room: 'no room was assigned',
  room_occupied: 'the room is occupied',
  room_out_of_order: 'the room is out of order',
  room_not_ready: 'the room is not clean yet',
  room_taken: 'the room is given to another guest for these dates',
  use_check_in: 'a room becomes occupied by checking a guest in',
  task_done: 'the task was already done',
  not_found: 'it no longer exists at the hotel',
};

export function rejectionText(rejection: { code: string; message: string } | null | undefined): string {
  if (!rejection) return 'refused by the server';
  return REJECTION_TEXT[rejection.code] ?? rejection.message;
}

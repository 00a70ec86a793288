/**
 * An activity row's sentence in the desk's language: main sends the event's kind and
 * raw data next to its English `text`; each window words known kinds itself, from the
 * state it shows (room numbers, guest names, task titles) and the hotel's money and
 * dates. Mirrors `sentence()` in main/core/fanout/activity.ts case for case. Unknown
 * kinds, or data this window cannot read, show main's text.
 */
import type { TFunction } from 'i18next';
import { parseKnownEvent } from '../../shared/events.ts';
import type { ActivityItem } from '../../shared/ipc.ts';
import type { HotelStateView } from '../../shared/projection.ts';

export interface SentenceFormat {
  /** Minor units of the hotel's currency, formatted ("1.234,50 €"). */
  money(minor: number): string;
  /** A calendar date, YYYY-MM-DD, short ("5. Dez."). */
  day(iso: string): string;
}

type ShownState = Pick<HotelStateView, 'rooms' | 'reservations' | 'tasks' | 'payments' | 'charges' | 'guests' | 'shifts'>;

export function activitySentence(item: Pick<ActivityItem, 'kind' | 'data' | 'text'>, state: ShownState, t: TFunction, f: SentenceFormat): string {
  const e = parseKnownEvent(item);
  if (!e) return item.text;
  const { money, day } = f;
  const room = (id: string, start = false) => {
    const number = state.rooms.get(id)?.number ?? id;
    return start ? t('activity.event.roomStart', { number }) : t('activity.event.room', { number });
  };
  const guest = (id: string, start = false) => {
    const r = state.reservations.get(id);
    if (r) return t('activity.event.guest', { name: r.guestName, confirmation: r.confirmation });
    return start ? t('activity.event.reservationStart', { id }) : t('activity.event.reservation', { id });
  };
  const quote = (note: string | null | undefined) => (note ? t('activity.event.note', { note }) : '');
  switch (e.kind) {
    case 'hotel.configured': {
      const h = e.data.hotel;
      return t('activity.event.hotelConfigured', { name: h.name, date: day(h.businessDate), currency: h.currency, timeZone: h.timeZone });
    }
    case 'business_day.closed':
      return t('activity.event.businessDayClosed', { closed: day(e.data.closedDate), date: day(e.data.businessDate) });
    case 'room.created':
      return t('activity.event.roomCreated', { number: e.data.room.number, type: e.data.room.type });
    case 'room.status_changed': {
      const note = e.data.reason?.trim() || e.data.note?.trim();
      return t('activity.event.roomStatus', {
        room: room(e.data.roomId, true),
        status: t(`roomStatus.${e.data.status}`),
        until: e.data.until ? t('activity.event.until', { date: day(e.data.until) }) : '',
        note: quote(note),
      });
    }
    case 'reservation.created': {
      const r = e.data.reservation;
      return t('activity.event.reservationCreated', { name: r.guestName, arrival: day(r.arrival), departure: day(r.departure) });
    }
    case 'reservation.modified': {
      const c = e.data.changes;
      const parts: string[] = [];
      if (c.arrival || c.departure)
        parts.push(t('activity.event.changeDates', { arrival: c.arrival ? day(c.arrival) : '…', departure: c.departure ? day(c.departure) : '…' }));
      if (c.guestName) parts.push(t('activity.event.changeGuest', { name: c.guestName }));
      if (c.roomType) parts.push(t('activity.event.changeRoomType', { type: c.roomType }));
      if (c.adults !== undefined) parts.push(t('common.adults', { count: c.adults }));
      if (c.notes !== undefined) parts.push(t('activity.event.changeNotes'));
      const g = guest(e.data.reservationId);
      return parts.length
        ? t('activity.event.reservationModifiedChanges', { guest: g, changes: parts.join(', ') })
        : t('activity.event.reservationModified', { guest: g });
    }
    case 'reservation.room_assigned':
      return t('activity.event.roomAssigned', { room: room(e.data.roomId, true), guest: guest(e.data.reservationId) });
    case 'reservation.room_unassigned':
      return t('activity.event.roomUnassigned', { guest: guest(e.data.reservationId) });
    case 'reservation.checked_in':
      return t('activity.event.checkedIn', { guest: guest(e.data.reservationId, true), room: room(e.data.roomId) });
    case 'reservation.room_moved':
      return t('activity.event.roomMoved', {
        guest: guest(e.data.reservationId, true),
        from: room(e.data.fromRoomId),
        to: room(e.data.toRoomId),
        reason: e.data.reason,
      });
    case 'reservation.checked_out':
      return t('activity.event.checkedOut', { guest: guest(e.data.reservationId, true) });
    case 'reservation.cancelled':
      return e.data.reason
        ? t('activity.event.cancelledReason', { guest: guest(e.data.reservationId), reason: e.data.reason })
        : t('activity.event.cancelled', { guest: guest(e.data.reservationId) });
    case 'reservation.no_show':
      return t('activity.event.noShow', { guest: guest(e.data.reservationId, true) });
    case 'reservation.charge_posted':
      return t('activity.event.reservationChargePosted', {
        amount: money(e.data.amountCents),
        guest: guest(e.data.reservationId),
        description: e.data.description,
      });
    case 'task.created': {
      const task = e.data.task;
      // Titles often name the room already ("Clean room 309"); say it once.
      const where = task.roomId ? room(task.roomId) : '';
      const mentioned = where !== '' && task.title.toLowerCase().includes(where.toLowerCase());
      return where && !mentioned
        ? t('activity.event.taskCreatedRoom', { title: task.title, room: where })
        : t('activity.event.taskCreated', { title: task.title });
    }
    case 'task.completed':
      return t('activity.event.taskCompleted', { title: state.tasks.get(e.data.taskId)?.title ?? e.data.taskId });
    case 'task.reopened':
      return t('activity.event.taskReopened', { title: state.tasks.get(e.data.taskId)?.title ?? e.data.taskId });
    case 'payment.captured': {
      const p = e.data.payment;
      return t('activity.event.paymentCaptured', { amount: money(p.amountCents), method: t(`paymentMethod.${p.method}`), guest: guest(p.reservationId) });
    }
    case 'payment.voided': {
      const p = state.payments.get(e.data.paymentId);
      return p
        ? t('activity.event.paymentVoidedKnown', { amount: money(p.amountCents), guest: guest(p.reservationId), reason: e.data.reason })
        : t('activity.event.paymentVoided', { reason: e.data.reason });
    }
    case 'payment.refunded': {
      const r = e.data.refund;
      return t('activity.event.paymentRefunded', { amount: money(r.amountCents), guest: guest(r.reservationId), reason: r.reason });
    }
    case 'charge.posted': {
      const c = e.data.charge;
      return t('activity.event.chargePosted', { description: c.description, amount: money(c.amountCents), guest: guest(c.reservationId) });
    }
    case 'charge.voided': {
      const c = state.charges.get(e.data.chargeId);
      return c
        ? t('activity.event.chargeVoidedKnown', { description: c.description, amount: money(c.amountCents), reason: e.data.reason })
        : t('activity.event.chargeVoided', { reason: e.data.reason });
    }
    case 'invoice.issued': {
      const inv = e.data.invoice;
      const args = { number: inv.number, name: inv.guest.name, amount: money(inv.totalCents) };
      return inv.kind === 'credit_note' ? t('activity.event.creditNoteIssued', args) : t('activity.event.invoiceIssued', args);
    }
    case 'guest.created':
      return t('activity.event.guestCreated', { name: e.data.guest.name });
    case 'guest.updated':
      return t('activity.event.guestUpdated', { name: state.guests.get(e.data.guestId)?.name ?? e.data.guestId });
    case 'shift.opened': {
      const sh = e.data.shift;
      return t('activity.event.shiftOpened', { operator: sh.operatorName ?? sh.operator, amount: money(sh.floatCents) });
    }
    case 'shift.closed': {
      const sh = state.shifts.get(e.data.shiftId);
      const diff = e.data.differenceCents;
      return t('activity.event.shiftClosed', {
        by: sh ? t('activity.event.shiftClosedBy', { operator: sh.operatorName ?? sh.operator }) : '',
        counted: money(e.data.countedCents),
        expected: money(e.data.expectedCents),
        difference: diff === 0 ? '' : t('activity.event.shiftDifference', { amount: money(diff) }),
      });
    }
  }
}

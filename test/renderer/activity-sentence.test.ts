/**
 * Activity sentences are worded in the desk's language from the event's kind and
 * data, with names and numbers from the shown state; unknown kinds and unreadable
 * data show main's English text.
 */
import { describe, expect, it } from 'vitest';
import { activitySentence, type SentenceFormat } from '../../renderer/src/activity-sentence.ts';
import { i18n } from '../../renderer/src/i18n/index.ts';
import { emptyState } from '../../shared/projection.ts';
import type { Reservation, Room, Task } from '../../shared/domain.ts';

const state = emptyState();
state.rooms.set('r501', { id: 'r501', number: '501' } as Room);
state.rooms.set('r502', { id: 'r502', number: '502' } as Room);
state.reservations.set('res1', { id: 'res1', guestName: 'Anna Bauer', confirmation: 'FD-1001' } as Reservation);
state.tasks.set('t1', { id: 't1', title: 'Minibar auffüllen' } as Task);

const fmt: SentenceFormat = { money: (minor) => `€${(minor / 100).toFixed(2)}`, day: (iso) => `[${iso}]` };

function sentence(lang: 'en' | 'de', kind: string, data: unknown, text = 'english text'): string {
  return activitySentence({ kind, data, text }, state, i18n.getFixedT(lang), fmt);
}

describe('activity sentences', () => {
  it('words a check-in in English and German', () => {
    const data = { reservationId: 'res1', roomId: 'r501' };
    expect(sentence('en', 'reservation.checked_in', data)).toBe('Anna Bauer (FD-1001) checked in to room 501');
    expect(sentence('de', 'reservation.checked_in', data)).toBe('Anna Bauer (FD-1001) in Zimmer 501 eingecheckt');
  });

  it('words a room status with its note, the status translated', () => {
    const data = { roomId: 'r502', status: 'out_of_order', reason: 'Fenster kaputt', until: '2030-01-05' };
    expect(sentence('en', 'room.status_changed', data)).toBe('Room 502 now: Out of order until [2030-01-05]: “Fenster kaputt”');
    expect(sentence('de', 'room.status_changed', data)).toBe('Zimmer 502 jetzt: Außer Betrieb bis [2030-01-05]: „Fenster kaputt“');
  });

  it('words a cancellation, a closed day, a completed task and a closed shift', () => {
    expect(sentence('de', 'reservation.cancelled', { reservationId: 'res1', reason: 'Krank' })).toBe(
      'Reservierung von Anna Bauer (FD-1001) storniert: „Krank“',
    );
    expect(sentence('en', 'reservation.cancelled', { reservationId: 'gone' })).toBe('Reservation of reservation gone cancelled');
    expect(sentence('de', 'business_day.closed', { closedDate: '2030-01-05', businessDate: '2030-01-06' })).toBe(
      'Tagesabschluss für [2030-01-05] durchgeführt; das Geschäftsdatum ist jetzt [2030-01-06]',
    );
    expect(sentence('de', 'task.completed', { taskId: 't1', completedAt: '2030-01-05T10:00:00Z' })).toBe('Aufgabe erledigt: Minibar auffüllen');
    const closed = { shiftId: 's1', closedAt: '2030-01-05T22:00:00Z', expectedCents: 10000, countedCents: 9950, differenceCents: -50 };
    expect(sentence('en', 'shift.closed', closed)).toBe('Shift closed: counted €99.50, expected €100.00, difference €-0.50');
    expect(sentence('de', 'shift.closed', { ...closed, countedCents: 10000, differenceCents: 0 })).toBe(
      'Schicht abgeschlossen: gezählt €100.00, erwartet €100.00',
    );
  });

  it("falls back to main's text for unknown kinds and unreadable data", () => {
    expect(sentence('de', 'spa.booked', { guest: 'x' }, 'spa.booked: {"guest":"x"}')).toBe('spa.booked: {"guest":"x"}');
    expect(sentence('de', 'reservation.checked_in', { nope: 1 }, 'unreadable')).toBe('unreadable');
  });
});

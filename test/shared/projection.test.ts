import { describe, expect, it } from 'vitest';
import { applyEvent, emptyState, emptyStateJson, stateFromJson, stateToJson } from '../../shared/projection.ts';
import type { Reservation, Room } from '../../shared/domain.ts';

const room = (id: string, status: Room['status'] = 'vacant_clean'): Room => ({ id, number: id, floor: 1, type: 'double', status });
const reservation = (id: string, over: Partial<Reservation> = {}): Reservation => ({
  id,
  confirmation: `C-${id}`,
  guestName: 'Ada Lovelace',
  arrival: '2026-11-29',
  departure: '2026-12-01',
  roomType: 'double',
  roomId: null,
  status: 'booked',
  adults: 2,
  balanceCents: 30000,
  ...over,
});

describe('projection', () => {
  it('checks a guest in and marks the room occupied, then checks out leaving it dirty', () => {
    const s = emptyState();
    applyEvent(s, { kind: 'room.created', data: { room: room('101') } });
    applyEvent(s, { kind: 'reservation.created', data: { reservation: reservation('r1') } });
    const changed = applyEvent(s, { kind: 'reservation.checked_in', data: { reservationId: 'r1', roomId: '101' } });
    expect(changed).toEqual([
      { type: 'reservations', id: 'r1' },
      { type: 'rooms', id: '101' },
    ]);
    expect(s.reservations.get('r1')).toMatchObject({ status: 'in_house', roomId: '101' });
    expect(s.rooms.get('101')?.status).toBe('occupied');
    applyEvent(s, { kind: 'reservation.checked_out', data: { reservationId: 'r1' } });
    expect(s.reservations.get('r1')?.status).toBe('checked_out');
    expect(s.rooms.get('101')?.status).toBe('vacant_dirty');
  });

  it('lowers the balance by a captured payment once, even if the event is applied twice', () => {
    const s = emptyState();
    applyEvent(s, { kind: 'reservation.created', data: { reservation: reservation('r1') } });
    const payment = { id: 'p1', reservationId: 'r1', amountCents: 10000, method: 'card', at: '2026-11-29T10:00:00Z' };
    applyEvent(s, { kind: 'payment.captured', data: { payment } });
    expect(applyEvent(s, { kind: 'payment.captured', data: { payment } })).toEqual([]);
    expect(s.reservations.get('r1')?.balanceCents).toBe(20000);
  });

  it('ignores unknown kinds and invalid data without throwing', () => {
    const s = emptyState();
    expect(applyEvent(s, { kind: 'minibar.restocked', data: { room: '101' } })).toEqual([]);
    expect(applyEvent(s, { kind: 'room.created', data: { room: { id: 5 } } })).toEqual([]);
    expect(applyEvent(s, { kind: 'room.status_changed', data: null })).toEqual([]);
    expect(stateToJson(s)).toEqual(emptyStateJson());
  });

  it('round-trips through its JSON form', () => {
    const s = emptyState();
    applyEvent(s, { kind: 'room.created', data: { room: room('102', 'out_of_order') } });
    applyEvent(s, { kind: 'reservation.created', data: { reservation: reservation('r2') } });
    expect(stateToJson(stateFromJson(stateToJson(s)))).toEqual(stateToJson(s));
  });
});

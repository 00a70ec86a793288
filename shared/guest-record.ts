/**
 * Everything the hotel holds about one guest, gathered from the state: the record,
 * their stays and each stay's folio and invoices. The gateway answers a data-subject
 * request with it (`GET /v2/guests/:id/export`); the desk shows the same history.
 */
import type { Charge, Guest, Invoice, Payment, Refund, Reservation } from './domain.ts';
import type { HotelStateView } from './projection.ts';

export interface GuestRecord {
  guest: Guest;
  reservations: Reservation[];
  charges: Charge[];
  payments: Payment[];
  refunds: Refund[];
  invoices: Invoice[];
}

export function guestRecord(state: HotelStateView, guestId: string): GuestRecord | null {
  const guest = state.guests.get(guestId);
  if (!guest) return null;
  const reservations = [...state.reservations.values()].filter((r) => r.guestId === guestId).sort((a, b) => (a.arrival < b.arrival ? -1 : 1));
  const ids = new Set(reservations.map((r) => r.id));
  const of = <T extends { reservationId: string }>(xs: Iterable<T>) => [...xs].filter((x) => ids.has(x.reservationId));
  return {
    guest,
    reservations,
    charges: of(state.charges.values()),
    payments: of(state.payments.values()),
    refunds: of(state.refunds.values()),
    invoices: of(state.invoices.values()),
  };
}

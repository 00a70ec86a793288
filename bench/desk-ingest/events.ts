/**
 * A realistic event mix for desk benchmarks: a fixed hotel (50 rooms, 100
 * reservations) receiving room status changes, folio charges and events of a
 * kind the desk does not know. The entity set stays bounded however many events
 * flow, as in a real hotel, so memory growth measures the desk, not the data.
 */
import { GENESIS_HASH } from '../../shared/chain.ts';
import type { StoredEvent } from '../../shared/protocol.ts';
import { eventHash } from '../../main/core/sync/chain.ts';

export const BENCH_ORG = 'bench-hotel';
const ROOMS = 50;
const RESERVATIONS = 100;
const AT = '2026-01-01T12:00:00.000Z';
const STATUSES = ['vacant_clean', 'vacant_dirty', 'inspected'] as const;

export function benchEvent(seq: number, idPrefix = 'ev'): StoredEvent {
  const base = { seq, id: `${idPrefix}-${seq}`, orgId: BENCH_ORG, at: AT };
  const i = seq - 1;
  if (i < ROOMS) {
    return {
      ...base,
      service: 'housekeeping',
      kind: 'room.created',
      data: { room: { id: `room-${i}`, number: String(100 + i), floor: 1 + Math.floor(i / 10), type: 'double', status: 'vacant_clean' } },
    };
  }
  if (i < ROOMS + RESERVATIONS) {
    const r = i - ROOMS;
    return {
      ...base,
      service: 'pms',
      kind: 'reservation.created',
      data: {
        reservation: {
          id: `res-${r}`,
          confirmation: `CF${1000 + r}`,
          guestName: `Guest ${r}`,
          arrival: '2026-01-01',
          departure: '2026-01-04',
          roomType: 'double',
          roomId: null,
          status: 'booked',
          adults: 2,
          balanceCents: 0,
        },
      },
    };
  }
  const pick = i % 10;
  if (pick < 4) return { ...base, service: 'housekeeping', kind: 'room.status_changed', data: { roomId: `room-${i % ROOMS}`, status: STATUSES[i % 3] } };
  if (pick < 7)
    return {
      ...base,
      service: 'pms',
      kind: 'reservation.charge_posted',
      data: { reservationId: `res-${i % RESERVATIONS}`, amountCents: 100 + (i % 900), description: 'Minibar' },
    };
  return {
    ...base,
    service: 'spa',
    kind: 'spa.treatment_booked',
    data: { treatment: 'massage', minutes: 30 + (i % 4) * 15, guest: `Guest ${i % RESERVATIONS}` },
  };
}

export function benchFrameText(seq: number, idPrefix?: string): string {
  return JSON.stringify({ type: 'event', ...benchEvent(seq, idPrefix) });
}

/** The events chained as a gateway serves them (epoch, prevHash, hash), so the desk's link check is measured too. */
export function chainEvents(events: readonly StoredEvent[], epoch = 'E'): StoredEvent[] {
  let prev = GENESIS_HASH;
  return events.map((e) => {
    const hash = eventHash(prev, e.seq, epoch, e.id, e.kind, JSON.stringify(e.data ?? null));
    const chained = { ...e, epoch, prevHash: prev, hash };
    prev = hash;
    return chained;
  });
}

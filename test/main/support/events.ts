import type { StoredEvent } from '../../../shared/protocol.ts';

export const ORG = 'demo-hotel';

export function roomCreated(seq: number, roomId = `r-${seq}`): StoredEvent {
  return {
    seq,
    id: `ev-${seq}`,
    orgId: ORG,
    service: 'housekeeping',
    kind: 'room.created',
    at: new Date(0).toISOString(),
    data: { room: { id: roomId, number: String(100 + seq), floor: 1, type: 'double', status: 'vacant_clean' } },
  };
}

export function reservationCreated(seq: number, id: string, balanceCents = 0): StoredEvent {
  return {
    seq,
    id: `ev-${seq}`,
    orgId: ORG,
    service: 'pms',
    kind: 'reservation.created',
    at: new Date(0).toISOString(),
    data: {
      reservation: {
        id,
        confirmation: `C${seq}`,
        guestName: 'Ada Lovelace',
        arrival: '2026-01-01',
        departure: '2026-01-03',
        roomType: 'double',
        roomId: null,
        status: 'booked',
        adults: 2,
        balanceCents,
      },
    },
  };
}

export function chargePosted(seq: number, reservationId: string, amountCents: number, id = `ev-${seq}`): StoredEvent {
  return {
    seq,
    id,
    orgId: ORG,
    service: 'pms',
    kind: 'reservation.charge_posted',
    at: new Date(0).toISOString(),
    data: { reservationId, amountCents, description: 'minibar' },
  };
}

export function unknownKind(seq: number, data: unknown = { hello: 'world' }): StoredEvent {
  return { seq, id: `ev-${seq}`, orgId: ORG, service: 'spa', kind: 'spa.booking_made', at: new Date(0).toISOString(), data };
}

/** The wire text of an event frame. */
export function frameText(e: StoredEvent): string {
  return JSON.stringify({ type: 'event', ...e });
}

/**
 * The event kinds the desk understands, with the shape of their `data`.
 *
 * Any other kind (a newer gateway, another service) is still a valid event: it is
 * stored, counted in `lastSeq` and shown generically. Only the projection ignores it.
 */
import { z } from 'zod';
import { PaymentSchema, ReservationSchema, RoomSchema, RoomStatusSchema, TaskSchema } from './domain.ts';

const Id = z.string().min(1).max(64);

export const KNOWN_EVENT_DATA = {
  'room.created': z.object({ room: RoomSchema }),
  'room.status_changed': z.object({ roomId: Id, status: RoomStatusSchema, note: z.string().max(500).optional() }),
  'reservation.created': z.object({ reservation: ReservationSchema }),
  'reservation.room_assigned': z.object({ reservationId: Id, roomId: Id }),
  'reservation.checked_in': z.object({ reservationId: Id, roomId: Id }),
  'reservation.checked_out': z.object({ reservationId: Id }),
  'reservation.cancelled': z.object({ reservationId: Id }),
  'reservation.charge_posted': z.object({
    reservationId: Id,
    amountCents: z.number().int().positive().max(100_000_000),
    description: z.string().max(200),
  }),
  'task.created': z.object({ task: TaskSchema }),
  'task.completed': z.object({ taskId: Id, completedAt: z.string() }),
  'payment.captured': z.object({ payment: PaymentSchema }),
} as const;

export type KnownEventKind = keyof typeof KNOWN_EVENT_DATA;
export type KnownEventData<K extends KnownEventKind> = z.infer<(typeof KNOWN_EVENT_DATA)[K]>;

/** Which service publishes each known kind (the `service` field of an event). */
export const SERVICE_OF_KIND: Record<KnownEventKind, string> = {
  'room.created': 'housekeeping',
  'room.status_changed': 'housekeeping',
  'reservation.created': 'pms',
  'reservation.room_assigned': 'pms',
  'reservation.checked_in': 'pms',
  'reservation.checked_out': 'pms',
  'reservation.cancelled': 'pms',
  'reservation.charge_posted': 'pms',
  'task.created': 'housekeeping',
  'task.completed': 'housekeeping',
  'payment.captured': 'payments',
};

export function isKnownKind(kind: string): kind is KnownEventKind {
  return Object.prototype.hasOwnProperty.call(KNOWN_EVENT_DATA, kind);
}

/**
 * The event kinds the desk understands, with the shape of their `data`.
 *
 * Any other kind (a newer gateway, another service) is still a valid event: it is
 * stored, counted in `lastSeq` and shown generically. Only the projection ignores it.
 */
import { z } from 'zod';
import {
  ChargeSchema,
  DayAuditSchema,
  GuestSchema,
  HotelSchema,
  InvoiceSchema,
  RefundSchema,
  ShiftSchema,
  IsoDateSchema,
  PaymentSchema,
  ReservationSchema,
  RoomSchema,
  RoomStatusSchema,
  TaskSchema,
} from './domain.ts';

const Id = z.string().min(1).max(64);
const Reason = z.string().max(300);

/** What `reservation.modified` may change (absent = unchanged). */
export const ReservationChangesSchema = z.object({
  guestName: z.string().min(1).max(120).optional(),
  arrival: IsoDateSchema.optional(),
  departure: IsoDateSchema.optional(),
  roomType: z.string().min(1).max(32).optional(),
  adults: z.number().int().min(1).max(20).optional(),
  children: z.number().int().min(0).max(20).optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(40).optional(),
  notes: z.string().max(1000).optional(),
  rateCents: z.number().int().min(0).max(100_000_000).optional(),
});
export type ReservationChanges = z.infer<typeof ReservationChangesSchema>;

export const KNOWN_EVENT_DATA = {
  'hotel.configured': z.object({ hotel: HotelSchema }),
  /** The night audit closed `closedDate`; the hotel's business date is now `businessDate`. */
  'business_day.closed': z.object({ closedDate: IsoDateSchema, businessDate: IsoDateSchema, audit: DayAuditSchema.optional() }),
  'room.created': z.object({ room: RoomSchema }),
  'room.status_changed': z.object({
    roomId: Id,
    status: RoomStatusSchema,
    note: z.string().max(500).optional(),
    /** Out of order: why, and the expected return date. */
    reason: Reason.optional(),
    until: IsoDateSchema.nullable().optional(),
  }),
  'reservation.created': z.object({ reservation: ReservationSchema }),
  'reservation.modified': z.object({ reservationId: Id, changes: ReservationChangesSchema }),
  'reservation.room_assigned': z.object({ reservationId: Id, roomId: Id }),
  'reservation.room_unassigned': z.object({ reservationId: Id }),
  'reservation.checked_in': z.object({ reservationId: Id, roomId: Id }),
  'reservation.room_moved': z.object({ reservationId: Id, fromRoomId: Id, toRoomId: Id, reason: Reason }),
  'reservation.checked_out': z.object({ reservationId: Id }),
  'reservation.cancelled': z.object({ reservationId: Id, reason: Reason.optional() }),
  'reservation.no_show': z.object({ reservationId: Id }),
  'reservation.charge_posted': z.object({
    reservationId: Id,
    amountCents: z.number().int().positive().max(100_000_000),
    description: z.string().max(200),
  }),
  'task.created': z.object({ task: TaskSchema }),
  'task.completed': z.object({ taskId: Id, completedAt: z.string() }),
  'task.reopened': z.object({ taskId: Id }),
  'payment.captured': z.object({ payment: PaymentSchema }),
  'payment.voided': z.object({ paymentId: Id, reason: Reason }),
  'payment.refunded': z.object({ refund: RefundSchema }),
  'charge.posted': z.object({ charge: ChargeSchema }),
  'charge.voided': z.object({ chargeId: Id, reason: Reason }),
  'invoice.issued': z.object({ invoice: InvoiceSchema }),
  'guest.created': z.object({ guest: GuestSchema }),
  'guest.updated': z.object({ guestId: Id, changes: GuestSchema.omit({ id: true }).partial() }),
  'shift.opened': z.object({ shift: ShiftSchema }),
  'shift.closed': z.object({
    shiftId: Id,
    closedAt: z.string(),
    expectedCents: z.number().int(),
    countedCents: z.number().int(),
    differenceCents: z.number().int(),
  }),
} as const;

export type KnownEventKind = keyof typeof KNOWN_EVENT_DATA;
export type KnownEventData<K extends KnownEventKind> = z.infer<(typeof KNOWN_EVENT_DATA)[K]>;

/** A known event parsed once into its typed form: switch on `kind` and `data` is typed. */
export type TypedEvent = { [K in KnownEventKind]: { kind: K; data: KnownEventData<K> } }[KnownEventKind];

/** Parses an event's data against its kind; null for unknown kinds or data that fails validation. */
export function parseKnownEvent(event: { kind: string; data: unknown }): TypedEvent | null {
  if (!isKnownKind(event.kind)) return null;
  const parsed = KNOWN_EVENT_DATA[event.kind].safeParse(event.data);
  if (!parsed.success) return null;
  return { kind: event.kind, data: parsed.data } as TypedEvent;
}

/** Which service publishes each known kind (the `service` field of an event). */
export const SERVICE_OF_KIND: Record<KnownEventKind, string> = {
  'hotel.configured': 'pms',
  'business_day.closed': 'pms',
  'room.created': 'housekeeping',
  'room.status_changed': 'housekeeping',
  'reservation.created': 'pms',
  'reservation.modified': 'pms',
  'reservation.room_assigned': 'pms',
  'reservation.room_unassigned': 'pms',
  'reservation.checked_in': 'pms',
  'reservation.room_moved': 'pms',
  'reservation.checked_out': 'pms',
  'reservation.cancelled': 'pms',
  'reservation.no_show': 'pms',
  'reservation.charge_posted': 'pms',
  'task.created': 'housekeeping',
  'task.completed': 'housekeeping',
  'task.reopened': 'housekeeping',
  'payment.captured': 'payments',
  'payment.voided': 'payments',
  'payment.refunded': 'payments',
  'charge.posted': 'pms',
  'charge.voided': 'pms',
  'invoice.issued': 'pms',
  'guest.created': 'pms',
  'guest.updated': 'pms',
  'shift.opened': 'pms',
  'shift.closed': 'pms',
};

export function isKnownKind(kind: string): kind is KnownEventKind {
  return Object.prototype.hasOwnProperty.call(KNOWN_EVENT_DATA, kind);
}

/**
 * The hotel domain the desk shows: rooms, reservations, housekeeping/maintenance
 * tasks and payments. Pure data types and their validators; no I/O.
 *
 * Money is integer cents so sums never drift; dates are ISO `YYYY-MM-DD` strings
 * (hotel-local business dates), instants are ISO timestamps.
 */
import { z } from 'zod';

/**
 * `occupied_dirty` is a stay-over room that needs service; `out_of_order` carries a
 * reason (and maybe a return date) in `Room.outOfOrder`.
 */
export const ROOM_STATUSES = ['vacant_clean', 'vacant_dirty', 'inspected', 'occupied', 'occupied_dirty', 'out_of_order'] as const;
export const RoomStatusSchema = z.enum(ROOM_STATUSES);
export type RoomStatus = z.infer<typeof RoomStatusSchema>;

export const RESERVATION_STATUSES = ['booked', 'in_house', 'checked_out', 'cancelled', 'no_show'] as const;
export const ReservationStatusSchema = z.enum(RESERVATION_STATUSES);
export type ReservationStatus = z.infer<typeof ReservationStatusSchema>;

export const TASK_KINDS = ['housekeeping', 'maintenance'] as const;
export const TaskKindSchema = z.enum(TASK_KINDS);
export type TaskKind = z.infer<typeof TaskKindSchema>;
export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const TaskPrioritySchema = z.enum(TASK_PRIORITIES);
export type TaskPriority = z.infer<typeof TaskPrioritySchema>;
export const TASK_STATUSES = ['open', 'done'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);

export const PAYMENT_METHODS = ['card', 'cash', 'transfer'] as const;
export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

const Id = z.string().min(1).max(64);
/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 does not). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => isRealDate(s), 'not a calendar date');
const IsoDate = IsoDateSchema;
const Cents = z.number().int().min(-100_000_000).max(100_000_000);

function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * The hotel itself: its own clock and money. "Today" at the desk is
 * `businessDate`, which moves only when the day is closed (night audit), never
 * with the PC's clock or zone. Amounts are integers in `currency`'s minor unit.
 */
export const HotelSchema = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  /** IANA time zone, e.g. Europe/Berlin. */
  timeZone: z.string().min(1).max(64),
  /** ISO 4217 code, e.g. EUR, JPY. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code'),
  businessDate: IsoDate,
  /** BCP 47 locale for dates, numbers and money, e.g. de-DE. */
  locale: z.string().min(2).max(35),
  /** Prefix of confirmation numbers, e.g. DH. */
  code: z.string().min(1).max(8).optional(),
  address: z.string().max(300).optional(),
});
export type Hotel = z.infer<typeof HotelSchema>;

export const OutOfOrderSchema = z.object({ reason: z.string().min(1).max(200), until: IsoDate.nullable() });

export const RoomSchema = z.object({
  id: Id,
  number: z.string().min(1).max(16),
  floor: z.number().int().min(-5).max(200),
  type: z.string().min(1).max(32),
  status: RoomStatusSchema,
  /** Why the room is out of order and until when; set only while it is. */
  outOfOrder: OutOfOrderSchema.nullable().optional(),
});
export type Room = z.infer<typeof RoomSchema>;

export const ReservationSchema = z.object({
  id: Id,
  confirmation: z.string().min(1).max(32),
  guestName: z.string().min(1).max(120),
  arrival: IsoDate,
  departure: IsoDate,
  roomType: z.string().min(1).max(32),
  roomId: Id.nullable(),
  status: ReservationStatusSchema,
  adults: z.number().int().min(1).max(20),
  children: z.number().int().min(0).max(20).optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(40).optional(),
  notes: z.string().max(1000).optional(),
  /** Why it was cancelled (status `cancelled`). */
  cancelReason: z.string().max(300).optional(),
  /** What the guest still owes, in the hotel currency's minor unit. Charges raise it, payments lower it. */
  balanceCents: Cents,
});
export type Reservation = z.infer<typeof ReservationSchema>;

export const TaskSchema = z.object({
  id: Id,
  kind: TaskKindSchema,
  title: z.string().min(1).max(200),
  roomId: Id.nullable(),
  status: TaskStatusSchema,
  priority: TaskPrioritySchema,
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  dueDate: IsoDate.nullable().optional(),
  /** The room's cleaning task: completing it makes the room clean. */
  cleaning: z.boolean().optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const PaymentSchema = z.object({
  id: Id,
  reservationId: Id,
  amountCents: z.number().int().positive().max(100_000_000),
  method: PaymentMethodSchema,
  at: z.string(),
});
export type Payment = z.infer<typeof PaymentSchema>;

/** The entity collections a snapshot carries and projections maintain. */
export const ENTITY_TYPES = ['hotels', 'rooms', 'reservations', 'tasks', 'payments'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export interface EntityOf {
  hotels: Hotel;
  rooms: Room;
  reservations: Reservation;
  tasks: Task;
  payments: Payment;
}

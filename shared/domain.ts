/**
 * The hotel domain the desk shows: rooms, reservations, housekeeping/maintenance
 * tasks and payments. Pure data types and their validators; no I/O.
 *
 * Money is integer cents so sums never drift; dates are ISO `YYYY-MM-DD` strings
 * (hotel-local business dates), instants are ISO timestamps.
 */
import { z } from 'zod';

export const ROOM_STATUSES = ['vacant_clean', 'vacant_dirty', 'occupied', 'inspected', 'out_of_order'] as const;
export const RoomStatusSchema = z.enum(ROOM_STATUSES);
export type RoomStatus = z.infer<typeof RoomStatusSchema>;

export const RESERVATION_STATUSES = ['booked', 'in_house', 'checked_out', 'cancelled', 'no_show'] as const;
export const ReservationStatusSchema = z.enum(RESERVATION_STATUSES);
export type ReservationStatus = z.infer<typeof ReservationStatusSchema>;

export const TASK_KINDS = ['housekeeping', 'maintenance'] as const;
export const TaskKindSchema = z.enum(TASK_KINDS);
export const TASK_STATUSES = ['open', 'done'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);

export const PAYMENT_METHODS = ['card', 'cash', 'transfer'] as const;
export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

const Id = z.string().min(1).max(64);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Cents = z.number().int().min(-100_000_000).max(100_000_000);

export const RoomSchema = z.object({
  id: Id,
  number: z.string().min(1).max(16),
  floor: z.number().int().min(-5).max(200),
  type: z.string().min(1).max(32),
  status: RoomStatusSchema,
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
  /** What the guest still owes. Charges raise it, payments lower it. */
  balanceCents: Cents,
});
export type Reservation = z.infer<typeof ReservationSchema>;

export const TaskSchema = z.object({
  id: Id,
  kind: TaskKindSchema,
  title: z.string().min(1).max(200),
  roomId: Id.nullable(),
  status: TaskStatusSchema,
  priority: z.enum(['low', 'normal', 'high']),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
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
export const ENTITY_TYPES = ['rooms', 'reservations', 'tasks', 'payments'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export interface EntityOf {
  rooms: Room;
  reservations: Reservation;
  tasks: Task;
  payments: Payment;
}

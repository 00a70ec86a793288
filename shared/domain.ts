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
  /** Tax on room nights, in basis points (700 = 7 % VAT), added to each night the audit posts. */
  roomTaxBp: z.number().int().min(0).max(10_000).optional(),
  /** Default nightly rate per room type, in minor units (a booking may set its own). */
  rates: z.record(z.string(), z.number().int().min(0).max(100_000_000)).optional(),
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
  /** The guest record this stay belongs to. */
  guestId: Id.optional(),
  /** Nightly rate in minor units; the night audit posts it for every night in house. */
  rateCents: z.number().int().min(0).max(100_000_000).optional(),
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
  /** Card slip or transfer reference. */
  reference: z.string().max(100).optional(),
  /** The user who took it, and the shift it belongs to (cash drawer). */
  operator: z.string().max(64).optional(),
  shiftId: Id.optional(),
  businessDate: IsoDate.optional(),
  voided: z.boolean().optional(),
  voidReason: z.string().max(300).optional(),
  /** Sum of refunds against it. */
  refundedCents: z.number().int().min(0).max(100_000_000).optional(),
});
export type Payment = z.infer<typeof PaymentSchema>;

export const CHARGE_CATEGORIES = ['room', 'tax', 'food', 'beverage', 'minibar', 'parking', 'other'] as const;
export const ChargeCategorySchema = z.enum(CHARGE_CATEGORIES);
export type ChargeCategory = z.infer<typeof ChargeCategorySchema>;

/** One line of a reservation's folio: what was charged, on which business date. */
export const ChargeSchema = z.object({
  id: Id,
  reservationId: Id,
  amountCents: z.number().int().positive().max(100_000_000),
  description: z.string().min(1).max(200),
  category: ChargeCategorySchema,
  businessDate: IsoDate,
  at: z.string(),
  operator: z.string().max(64).optional(),
  /** For a tax line: the rate in basis points; for a room night: the night it covers. */
  taxBp: z.number().int().min(0).max(10_000).optional(),
  night: IsoDate.optional(),
  voided: z.boolean(),
  voidReason: z.string().max(300).optional(),
});
export type Charge = z.infer<typeof ChargeSchema>;

export const RefundSchema = z.object({
  id: Id,
  paymentId: Id,
  reservationId: Id,
  amountCents: z.number().int().positive().max(100_000_000),
  reason: z.string().min(1).max(300),
  method: PaymentMethodSchema,
  at: z.string(),
  businessDate: IsoDate,
  operator: z.string().max(64).optional(),
  shiftId: Id.optional(),
});
export type Refund = z.infer<typeof RefundSchema>;

export const GuestSchema = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  email: z.string().max(254).optional(),
  phone: z.string().max(40).optional(),
  address: z.string().max(300).optional(),
  /** BCP 47 language for what the guest receives (invoices), e.g. de. */
  language: z.string().min(2).max(35).optional(),
  notes: z.string().max(1000).optional(),
});
export type Guest = z.infer<typeof GuestSchema>;

const InvoiceLineSchema = z.object({
  description: z.string().max(200),
  category: ChargeCategorySchema,
  businessDate: IsoDate,
  amountCents: z.number().int().min(-100_000_000).max(100_000_000),
});

/**
 * An issued invoice (or credit note): the folio frozen at the moment of issue, with
 * everything printed on it, so it never changes when the folio does.
 */
export const InvoiceSchema = z.object({
  id: Id,
  kind: z.enum(['invoice', 'credit_note']),
  /** The hotel's next number: sequential per hotel, no gaps, no reuse. */
  seq: z.number().int().positive(),
  number: z.string().min(1).max(32),
  reservationId: Id,
  issuedAt: z.string(),
  businessDate: IsoDate,
  currency: z.string().regex(/^[A-Z]{3}$/),
  hotel: z.object({ name: z.string(), address: z.string().optional() }),
  guest: z.object({ name: z.string(), address: z.string().optional(), email: z.string().optional() }),
  /** The guest's language, for printing. */
  language: z.string().max(35),
  stay: z.object({ arrival: IsoDate, departure: IsoDate, room: z.string().nullable(), confirmation: z.string() }),
  lines: z.array(InvoiceLineSchema),
  taxes: z.array(z.object({ rateBp: z.number().int(), amountCents: z.number().int() })),
  payments: z.array(z.object({ method: PaymentMethodSchema, at: z.string(), amountCents: z.number().int() })),
  totalCents: z.number().int(),
  paidCents: z.number().int(),
  balanceCents: z.number().int(),
  /** A credit note: the invoice it cancels, and why. */
  correctsInvoiceId: Id.optional(),
  reason: z.string().max(300).optional(),
  /** An invoice: the credit note that cancelled it, if any. */
  creditedBy: Id.optional(),
});
export type Invoice = z.infer<typeof InvoiceSchema>;

/** A receptionist's shift at the desk, with its cash drawer. */
export const ShiftSchema = z.object({
  id: Id,
  operator: z.string().min(1).max(64),
  operatorName: z.string().max(120).optional(),
  openedAt: z.string(),
  businessDate: IsoDate,
  floatCents: z.number().int().min(0).max(100_000_000),
  status: z.enum(['open', 'closed']),
  closedAt: z.string().nullable(),
  /** Float + cash taken − cash refunded, when closed. */
  expectedCents: z.number().int().nullable(),
  countedCents: z.number().int().nullable(),
  differenceCents: z.number().int().nullable(),
});
export type Shift = z.infer<typeof ShiftSchema>;

/** The night audit of one business day, recorded when the day is closed. */
export const DayAuditSchema = z.object({
  id: IsoDate,
  businessDate: IsoDate,
  closedAt: z.string(),
  roomsAvailable: z.number().int(),
  roomsSold: z.number().int(),
  /** Percent with one decimal (84.5). */
  occupancy: z.number(),
  /** Average daily rate and revenue per available room, minor units. */
  adr: z.number().int(),
  revpar: z.number().int(),
  revenueByCategory: z.record(z.string(), z.number().int()),
  paymentsByMethod: z.record(z.string(), z.number().int()),
  refundsCents: z.number().int(),
  noShows: z.array(Id),
  openBalances: z.array(z.object({ reservationId: Id, guestName: z.string(), balanceCents: z.number().int() })),
});
export type DayAudit = z.infer<typeof DayAuditSchema>;

/** The entity collections a snapshot carries and projections maintain. */
export const ENTITY_TYPES = ['hotels', 'rooms', 'reservations', 'tasks', 'payments', 'charges', 'refunds', 'invoices', 'guests', 'shifts', 'audits'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export interface EntityOf {
  hotels: Hotel;
  charges: Charge;
  refunds: Refund;
  invoices: Invoice;
  guests: Guest;
  shifts: Shift;
  audits: DayAudit;
  rooms: Room;
  reservations: Reservation;
  tasks: Task;
  payments: Payment;
}

/**
 * Front-desk commands: what a receptionist does. A desk queues them in its outbox
 * and sends each to `POST /v2/commands` with an `Idempotency-Key` header; the
 * gateway plans them against the organisation's current state with the shared
 * planner (`planner.ts`) and appends the resulting event(s), tagged `causedBy`
 * with that key. Each command, its events and refusal codes are in docs/protocol.md.
 */
import { z } from 'zod';
import { ChargeCategorySchema, IsoDateSchema, PaymentMethodSchema, RoomStatusSchema, TaskKindSchema, TaskPrioritySchema } from './domain.ts';

const Id = z.string().min(1).max(64);
const Name = z.string().max(120);
const Text = (max: number) => z.string().max(max);
const Amount = z.number().int().positive().max(100_000_000);

export const CommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('create_reservation'),
    guestName: Name,
    arrival: IsoDateSchema,
    departure: IsoDateSchema,
    roomType: z.string().min(1).max(32),
    adults: z.number().int(),
    children: z.number().int().min(0).max(20).optional(),
    email: Text(254).optional(),
    phone: Text(40).optional(),
    notes: Text(1000).optional(),
    /** A walk-in's room, assigned with the booking (same rules as assign_room). */
    roomId: Id.optional(),
    /** An existing guest record; without it a new one is created from the name and contacts. */
    guestId: Id.optional(),
    /** Nightly rate; defaults to the hotel's rate for the room type. */
    rateCents: z.number().int().min(0).max(100_000_000).optional(),
    /** The guest's language (new guest record), for invoices. */
    language: z.string().min(2).max(35).optional(),
  }),
  z.object({
    type: z.literal('modify_reservation'),
    reservationId: Id,
    arrival: IsoDateSchema.optional(),
    departure: IsoDateSchema.optional(),
    roomType: z.string().min(1).max(32).optional(),
    adults: z.number().int().optional(),
    children: z.number().int().min(0).max(20).optional(),
    guestName: Name.optional(),
    email: Text(254).optional(),
    phone: Text(40).optional(),
    notes: Text(1000).optional(),
    rateCents: z.number().int().min(0).max(100_000_000).optional(),
  }),
  z.object({ type: z.literal('cancel_reservation'), reservationId: Id, reason: Text(300) }),
  z.object({ type: z.literal('mark_no_show'), reservationId: Id }),
  z.object({ type: z.literal('assign_room'), reservationId: Id, roomId: Id }),
  z.object({ type: z.literal('unassign_room'), reservationId: Id }),
  z.object({ type: z.literal('check_in'), reservationId: Id, roomId: Id.optional() }),
  z.object({ type: z.literal('move_room'), reservationId: Id, roomId: Id, reason: Text(300) }),
  z.object({ type: z.literal('check_out'), reservationId: Id }),
  z.object({
    type: z.literal('set_room_status'),
    roomId: Id,
    status: RoomStatusSchema,
    reason: Text(200).optional(),
    until: IsoDateSchema.optional(),
  }),
  z.object({
    type: z.literal('create_task'),
    kind: TaskKindSchema,
    title: Text(200),
    roomId: Id.optional(),
    priority: TaskPrioritySchema,
    dueDate: IsoDateSchema.optional(),
  }),
  z.object({ type: z.literal('complete_task'), taskId: Id }),
  z.object({ type: z.literal('reopen_task'), taskId: Id }),
  z.object({
    type: z.literal('take_payment'),
    reservationId: Id,
    amountCents: Amount,
    method: PaymentMethodSchema,
    reference: Text(100).optional(),
  }),
  z.object({ type: z.literal('void_payment'), paymentId: Id, reason: Text(300) }),
  z.object({ type: z.literal('refund_payment'), paymentId: Id, amountCents: Amount, reason: Text(300) }),
  z.object({ type: z.literal('post_charge'), reservationId: Id, amountCents: Amount, description: Text(200), category: ChargeCategorySchema.optional() }),
  z.object({ type: z.literal('void_charge'), chargeId: Id, reason: Text(300) }),
  z.object({ type: z.literal('issue_invoice'), reservationId: Id }),
  z.object({ type: z.literal('issue_credit_note'), invoiceId: Id, reason: Text(300) }),
  z.object({ type: z.literal('open_shift'), floatCents: z.number().int().min(0).max(100_000_000) }),
  z.object({ type: z.literal('close_shift'), countedCents: z.number().int().min(0).max(100_000_000) }),
  z.object({
    type: z.literal('create_guest'),
    name: Name,
    email: Text(254).optional(),
    phone: Text(40).optional(),
    address: Text(300).optional(),
    language: z.string().min(2).max(35).optional(),
    notes: Text(1000).optional(),
  }),
  z.object({
    type: z.literal('update_guest'),
    guestId: Id,
    name: Name.optional(),
    email: Text(254).optional(),
    phone: Text(40).optional(),
    address: Text(300).optional(),
    language: z.string().min(2).max(35).optional(),
    notes: Text(1000).optional(),
  }),
  z.object({ type: z.literal('close_business_day'), businessDate: IsoDateSchema }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export const CommandResponseSchema = z.object({
  /** The events this command appended (the same on an idempotent replay). */
  events: z.array(z.object({ seq: z.number().int().positive(), id: z.string() })),
});
export type CommandResponse = z.infer<typeof CommandResponseSchema>;

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/**
 * When the receptionist took the action (ISO 8601), which may be long before it
 * reached the gateway (queued offline). The gateway stamps the action's events with
 * it (a payment's `at`, a task's `completedAt`), so a payment taken at 23:50 offline
 * is not booked on the next day. Optional; see docs/protocol.md for the bounds.
 */
export const TAKEN_AT_HEADER = 'frontdesk-taken-at';

/** Short text for a command, as logs and the CLI list it (the desk shows its own translated sentence). */
export function describeCommand(c: Command): string {
  const detail = Object.entries(c)
    .filter(([k]) => k !== 'type')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `${c.type.replace(/_/g, ' ')}${detail ? ` ${detail}` : ''}`;
}

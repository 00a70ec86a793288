/**
 * Front-desk commands: what a receptionist does. A desk queues them in its outbox
 * and sends each to `POST /v2/commands` with an `Idempotency-Key` header; the
 * gateway validates them against the organisation's current state and appends
 * the resulting event(s), tagged `causedBy` with that key.
 */
import { z } from 'zod';
import { PaymentMethodSchema, RoomStatusSchema } from './domain.ts';

const Id = z.string().min(1).max(64);

export const CommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('check_in'), reservationId: Id, roomId: Id.optional() }),
  z.object({ type: z.literal('check_out'), reservationId: Id }),
  z.object({ type: z.literal('assign_room'), reservationId: Id, roomId: Id }),
  z.object({ type: z.literal('set_room_status'), roomId: Id, status: RoomStatusSchema }),
  z.object({ type: z.literal('complete_task'), taskId: Id }),
  z.object({
    type: z.literal('take_payment'),
    reservationId: Id,
    amountCents: z.number().int().positive().max(100_000_000),
    method: PaymentMethodSchema,
  }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];

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

/** Short human text for a command, as the outbox lists it. */
export function describeCommand(c: Command): string {
  switch (c.type) {
    case 'check_in':
      return `Check in ${c.reservationId}${c.roomId ? ` to room ${c.roomId}` : ''}`;
    case 'check_out':
      return `Check out ${c.reservationId}`;
    case 'assign_room':
      return `Assign room ${c.roomId} to ${c.reservationId}`;
    case 'set_room_status':
      return `Set room ${c.roomId} to ${c.status.replace('_', ' ')}`;
    case 'complete_task':
      return `Complete task ${c.taskId}`;
    case 'take_payment':
      return `Take ${(c.amountCents / 100).toFixed(2)} by ${c.method} for ${c.reservationId}`;
  }
}

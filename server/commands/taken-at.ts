/**
 * When a desk action was taken, from its `Frontdesk-Taken-At` header: the time the
 * receptionist acted, which for an action queued offline can be hours before it
 * reaches the gateway. Its events carry that time (a payment's `at`, a task's
 * `completedAt`).
 *
 * A desk's clock is trusted only within bounds, and a bad value never loses the
 * action: a time in the future (a fast clock) or more than MAX_AGE_MS ago (a clock
 * reset, or nonsense) becomes the gateway's own time; a value that is not a date
 * is refused with a clear 400 before anything is applied.
 */
import { HttpError } from '../http/errors.ts';

/** A desk offline over a long weekend still books its actions when they happened. */
export const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export function takenAtFromHeader(raw: string | string[] | undefined, now: Date): Date {
  if (raw === undefined) return now;
  const text = Array.isArray(raw) ? raw[0] : raw;
  // ISO 8601 with a time and a zone, as the desk sends it (Date.toISOString()).
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.test(text ?? '') ? new Date(text!) : new Date(NaN);
  if (Number.isNaN(at.getTime()))
    throw new HttpError(400, 'bad_taken_at', 'Frontdesk-Taken-At must be an ISO 8601 date-time with a zone, e.g. 2030-01-01T10:00:00.000Z');
  if (at.getTime() > now.getTime() || now.getTime() - at.getTime() > MAX_AGE_MS) return now;
  return at;
}

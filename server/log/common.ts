/**
 * What the SQLite and Redis event logs both need: fresh epoch ids and the answers a
 * command gets, so both logs give the same answer for the same situation.
 */
import { randomBytes } from 'node:crypto';
import type { CommandOutcome } from './types.ts';

export function newEpoch(): string {
  return `ep_${randomBytes(9).toString('base64url')}`;
}

/** The answer when an Idempotency-Key comes back with a different command. */
export function keyReusedOutcome(): CommandOutcome {
  return {
    status: 422,
    body: { error: { code: 'idempotency_key_reused', message: 'this Idempotency-Key was used for a different command' } },
    replayed: true,
  };
}

/** The stored body of a command the plan refused. */
export function refusalBody(refusal: { code: string; message: string }): { error: { code: string; message: string } } {
  return { error: { code: refusal.code, message: refusal.message } };
}

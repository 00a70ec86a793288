/**
 * What the SQLite and Redis event logs both need: fresh epoch ids, planning a
 * command into append inputs, and the stored form of a command's outcome, so both
 * logs give the same answer for the same situation.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from '../../shared/commands.ts';
import { plan, type Refusal } from '../../shared/planner.ts';
import type { HotelState } from '../../shared/projection.ts';
import type { Actor, AppendInput, CommandOutcome } from './types.ts';

export function newEpoch(): string {
  return `ep_${randomBytes(9).toString('base64url')}`;
}

export type PlannedAppend = { ok: true; inputs: AppendInput[] } | { ok: false; refusal: Refusal };

/** The shared planner's answer as the log appends it. */
export function planAppend(state: HotelState, command: Command, key: string, takenAt: Date, actor: Actor): PlannedAppend {
  const result = plan(state, command, { key, takenAt, operator: actor.id, operatorName: actor.name });
  if (!result.ok) return result;
  return { ok: true, inputs: result.events.map((e) => ({ service: e.service, kind: e.kind, data: e.data, causedBy: e.causedBy })) };
}

/**
 * Stored outcomes are JSON: `{"events":[{seq,id}…]}` or `{"refusal":{code,message}}`.
 * Records written before the planner moved to shared/ hold `{"error":{code,message}}`.
 */
export function encodeOutcome(outcome: CommandOutcome): string {
  if (outcome.kind === 'applied') return JSON.stringify({ events: outcome.events });
  if (outcome.kind === 'refused') return JSON.stringify({ refusal: outcome.refusal });
  throw new Error('a reused key is never stored');
}

export function decodeOutcome(json: string): CommandOutcome {
  const body = JSON.parse(json) as { events?: { seq: number; id: string }[]; refusal?: Refusal; error?: Refusal };
  if (body.events) return { kind: 'applied', events: body.events, replayed: true };
  return { kind: 'refused', refusal: (body.refusal ?? body.error)!, replayed: true };
}

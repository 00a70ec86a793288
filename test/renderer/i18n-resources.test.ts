/**
 * The desk's English texts cover what the shared contract can produce: a sentence
 * for every refusal code the planner gives, a description for every command the
 * outbox can hold, a label for every room and reservation status — so a new code
 * or command without words fails here, not on a receptionist's screen.
 */
import { describe, expect, it } from 'vitest';
import { CommandSchema } from '../../shared/commands.ts';
import { PAYMENT_METHODS, RESERVATION_STATUSES, ROOM_STATUSES, TASK_KINDS, TASK_PRIORITIES } from '../../shared/domain.ts';
import { REFUSAL_CODES } from '../../shared/planner.ts';
import { en } from '../../renderer/src/i18n/en.ts';

const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

describe('English desk texts', () => {
  it('has a plain sentence for every refusal code', () => {
    for (const code of REFUSAL_CODES) expect(nonEmpty((en.refusal as Record<string, unknown>)[code]), code).toBe(true);
  });

  it('describes every command the outbox can hold', () => {
    const types = CommandSchema.options.map((o) => o.shape.type.value);
    for (const type of types) expect(nonEmpty((en.outbox.cmd as Record<string, unknown>)[type]), type).toBe(true);
  });

  it('labels every status, task kind, priority and payment method', () => {
    for (const s of ROOM_STATUSES) expect(nonEmpty(en.roomStatus[s]), s).toBe(true);
    for (const s of RESERVATION_STATUSES) expect(nonEmpty(en.reservationStatus[s]), s).toBe(true);
    for (const k of TASK_KINDS) expect(nonEmpty(en.taskKind[k]), k).toBe(true);
    for (const p of TASK_PRIORITIES) expect(nonEmpty(en.taskPriority[p]), p).toBe(true);
    for (const m of PAYMENT_METHODS) expect(nonEmpty(en.paymentMethod[m]), m).toBe(true);
  });

  it('uses only {{name}} interpolations with plain names (translators copy them as they are)', () => {
    const walk = (o: unknown, path: string): void => {
      if (typeof o === 'string') {
        for (const m of o.matchAll(/\{\{([^}]*)\}\}/g)) expect(m[1], `${path}: ${o}`).toMatch(/^[a-zA-Z]+$/);
        expect(o, path).not.toMatch(/\{\{[^}]*$/);
        return;
      }
      for (const [k, v] of Object.entries(o as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(en, '');
  });
});

/**
 * Fuzzing the IPC boundary (shared/ipc.ts): whatever a compromised or buggy renderer
 * sends, validation never throws, never lets an invalid request through, and always
 * says which channel and field was wrong.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { invokeChannels, isInvokeChannel, validateInvoke, type InvokeChannel } from '../../shared/ipc.ts';
import { CommandSchema } from '../../shared/commands.ts';
import { ROOM_STATUSES, PAYMENT_METHODS } from '../../shared/domain.ts';
import { VIEWS } from '../../shared/ipc.ts';

const CHANNELS = Object.keys(invokeChannels) as InvokeChannel[];
const channel = fc.constantFrom(...CHANNELS);
const NUM_RUNS = 400;

/** Values a hostile renderer can send through structured clone / JSON, including prototype tricks. */
const hostileValue = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
    maxDepth: 4,
  }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ __proto__: v })),
  fc.constantFrom<unknown>(
    JSON.parse('{"__proto__":{"polluted":true}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
    { command: JSON.parse('{"__proto__":{"type":"check_out"}}') },
    Object.create(null),
    [],
    '',
    0,
    Number.NaN,
    Symbol('x'),
    () => 1,
    new Proxy({}, {}),
  ),
);

/** Well-formed commands, to mutate into near-misses. */
const id = fc.string({ minLength: 1, maxLength: 64 });
const command = fc.oneof(
  fc.record({ type: fc.constant('check_in'), reservationId: id }),
  fc.record({ type: fc.constant('check_out'), reservationId: id }),
  fc.record({ type: fc.constant('assign_room'), reservationId: id, roomId: id }),
  fc.record({ type: fc.constant('set_room_status'), roomId: id, status: fc.constantFrom(...ROOM_STATUSES) }),
  fc.record({ type: fc.constant('complete_task'), taskId: id }),
  fc.record({
    type: fc.constant('take_payment'),
    reservationId: id,
    amountCents: fc.integer({ min: 1, max: 100_000_000 }),
    method: fc.constantFrom(...PAYMENT_METHODS),
  }),
);

/** Replace one field with a hostile value, delete one, or add an extra one. */
function mutate(obj: Record<string, unknown>, key: string, how: 'replace' | 'delete' | 'extra', value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...obj };
  if (how === 'replace') copy[key] = value;
  else if (how === 'delete') delete copy[key];
  else copy[`${key}_extra`] = value;
  return copy;
}

function expectClearError(ch: InvokeChannel, result: ReturnType<typeof validateInvoke>): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(typeof result.error).toBe('string');
  expect(result.error.startsWith(`invalid ${ch} request: `)).toBe(true);
  expect(result.error.length).toBeLessThan(600);
}

describe('IPC validation under fuzzing', () => {
  it('never throws on any payload; whatever it accepts is re-validated by the schema', () => {
    fc.assert(
      fc.property(channel, hostileValue, (ch, payload) => {
        const result = validateInvoke(ch, payload);
        if (result.ok) {
          // Accepted values are plain data of the channel's shape (strict: no extra keys).
          expect(invokeChannels[ch].safeParse(result.value).success).toBe(true);
          expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
        } else {
          expectClearError(ch, result);
        }
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('accepts every well-formed submit and rejects every near-miss with the offending field named', () => {
    fc.assert(
      fc.property(command, fc.constantFrom<'replace' | 'delete' | 'extra'>('replace', 'delete', 'extra'), hostileValue, fc.nat(), (cmd, how, junk, pick) => {
        expect(validateInvoke('actions:submit', { command: cmd })).toMatchObject({ ok: true, value: { command: cmd } });
        const keys = Object.keys(cmd);
        const key = keys[pick % keys.length];
        const broken = mutate(cmd, key, how, junk);
        const result = validateInvoke('actions:submit', { command: broken });
        // A replacement can land on another valid value (e.g. the same status): then it must be valid for real.
        if (result.ok) {
          expect(CommandSchema.safeParse(broken).success).toBe(true);
          return;
        }
        expectClearError('actions:submit', result);
        if (how !== 'extra' && key !== 'type') expect(result.error).toContain(`command.${key}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('rejects unknown keys and out-of-range numbers on every channel', () => {
    fc.assert(
      fc.property(channel, fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }), (ch, key, value) => {
        const base: Record<string, unknown> = {
          'desk:get-snapshot': {},
          'desk:activity-page': { beforeSeq: 10, limit: 50 },
          'session:login': { email: 'frontdesk@demo-hotel.test', password: 'demo' },
          'session:logout': {},
          'actions:submit': { command: { type: 'complete_task', taskId: 't1' } },
          'outbox:dismiss': { key: 'k1' },
          'connection:retry-now': {},
          'windows:open': { view: VIEWS[0] },
          'app:info': {},
          'app:renderer-crashed': { message: 'TypeError: x is undefined' },
          'print:document': { mode: 'pdf', suggestedName: 'Invoice 2026-0042' },
        }[ch] as Record<string, unknown>;
        expect(validateInvoke(ch, base).ok).toBe(true);
        if (Object.prototype.hasOwnProperty.call(base, key)) return;
        expectClearError(ch, validateInvoke(ch, { ...base, [key]: value }));
      }),
      { numRuns: NUM_RUNS },
    );
    for (const bad of [
      { beforeSeq: 0, limit: 1 },
      { beforeSeq: 1, limit: 501 },
      { beforeSeq: 1.5, limit: 1 },
      { beforeSeq: Number.POSITIVE_INFINITY, limit: 1 },
    ]) {
      expectClearError('desk:activity-page', validateInvoke('desk:activity-page', bad));
    }
  });

  it('treats any channel name it does not know as unknown, without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf')),
        hostileValue,
        (name, payload) => {
          const known = isInvokeChannel(name);
          expect(known).toBe(CHANNELS.includes(name as InvokeChannel));
          // A host that forgets isInvokeChannel must still get an error, not a TypeError.
          const result = validateInvoke(name as InvokeChannel, payload);
          if (!known) expect(result).toEqual({ ok: false, error: `unknown IPC channel ${JSON.stringify(name.slice(0, 64))}` });
        },
      ),
      { numRuns: NUM_RUNS },
    );
    expect(isInvokeChannel(undefined)).toBe(false);
    expect(isInvokeChannel(42)).toBe(false);
  });
});

/**
 * The hand-written fast path for event frames in shared/protocol.ts (isPlainEventFrame,
 * used by decodeServerFrame) must be indistinguishable from the zod schema: for valid,
 * boundary, mutated and arbitrary frames, decodeServerFrame gives exactly what the
 * generic zod decoder gives (same value, same error), and whatever the fast path accepts
 * the schema accepts with an equal value.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeServerFrame, EventFrameSchema, isPlainEventFrame, ServerFrameSchema } from '../../shared/protocol.ts';

const NUM_RUNS = 3000;

/** Strings around the length limits (0, 1, 63..65, 127..129), including astral characters. */
const edgeString = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc
    .constantFrom(0, 1, 63, 64, 65, 127, 128, 129)
    .chain((n) => fc.constantFrom('a'.repeat(n), '😀'.repeat(Math.ceil(n / 2)), `${'a'.repeat(Math.max(0, n - 1))}😀`)),
  fc.string({ unit: 'binary', maxLength: 140 }),
);
const edgeNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 1.5, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e300, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });
const fieldValue = fc.oneof(edgeString, edgeNumber, anyJson, fc.constantFrom(null, true, false, [], {}));

const eventFrame = fc
  .record(
    {
      type: fc.constant('event'),
      seq: fc.integer({ min: 1, max: 2 ** 40 }),
      id: fc.string({ minLength: 1, maxLength: 128 }),
      orgId: fc.string({ minLength: 1, maxLength: 128 }),
      service: fc.string({ minLength: 1, maxLength: 64 }),
      kind: fc.string({ minLength: 1, maxLength: 128 }),
      at: fc.string({ minLength: 1, maxLength: 64 }),
      data: anyJson,
      causedBy: fc.string({ minLength: 1, maxLength: 128 }),
      // The hash chain: all three or none from the gateway; the mutations below break that too.
      chain: fc.option(
        fc.record({
          epoch: fc.string({ minLength: 1, maxLength: 128 }),
          prevHash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.constant('0'.repeat(64))),
          hash: fc.stringMatching(/^[0-9a-f]{64}$/),
        }),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['type', 'seq', 'id', 'orgId', 'service', 'kind', 'at', 'data'] },
  )
  .map(({ chain, ...frame }) => (chain ? { ...frame, ...chain } : frame));
const FIELDS = ['type', 'seq', 'id', 'orgId', 'service', 'kind', 'at', 'data', 'causedBy', 'epoch', 'prevHash', 'hash', '__proto__', 'extra', 'constructor'];

/** A valid event frame with some fields replaced, removed or added. */
const mutatedEventFrame = fc
  .tuple(eventFrame, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(fieldValue, fc.constant(undefined))), { maxLength: 3 }), fc.boolean())
  .map(([frame, edits, asText]) => {
    const f: Record<string, unknown> = { ...frame };
    for (const [k, v] of edits) {
      if (v === undefined) delete f[k];
      else Object.defineProperty(f, k, { value: v, enumerable: true, configurable: true, writable: true });
    }
    // Occasionally spell a key twice or use __proto__ in the text itself.
    const text = JSON.stringify(f);
    return asText && text.length > 2 ? `${text.slice(0, -1)},"__proto__":{"type":"event"}}` : text;
  });

const otherFrames = fc.oneof(
  fc
    .record({
      type: fc.constantFrom('hello', 'caught_up', 'resync', 'error', 'Event', 'event '),
      seq: edgeNumber,
      orgId: edgeString,
      epoch: edgeString,
      headSeq: edgeNumber,
    })
    .map((f) => JSON.stringify(f)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
);

function expectSameAsZod(raw: string): void {
  const fast = decodeServerFrame(raw);
  const reference = decodeFrame(ServerFrameSchema, raw);
  expect(fast).toStrictEqual(reference);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return;
  }
  if (isPlainEventFrame(json)) {
    const z = EventFrameSchema.safeParse(json);
    expect(z.success).toBe(true);
    expect(isDeepStrictEqual(z.data, json)).toBe(true);
  }
}

describe('event frame fast path is equivalent to the zod schema', () => {
  it('valid event frames: accepted by the fast path, same value as zod', () => {
    fc.assert(
      fc.property(eventFrame, (frame) => {
        const raw = JSON.stringify(frame);
        expect(isPlainEventFrame(JSON.parse(raw))).toBe(true);
        expectSameAsZod(raw);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('mutated event frames (bad, boundary, missing and extra fields): same result as zod', () => {
    fc.assert(fc.property(mutatedEventFrame, expectSameAsZod), { numRuns: NUM_RUNS });
  });

  it('other frames and arbitrary text: same result as zod', () => {
    fc.assert(fc.property(otherFrames, expectSameAsZod), { numRuns: NUM_RUNS });
  });

  it('rejects the classic near misses by falling back to zod (named field in the error)', () => {
    const good = { type: 'event', seq: 1, id: 'e', orgId: 'o', service: 's', kind: 'k', at: 't', data: null };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...good, seq: 0 }, /^invalid frame: seq: /],
      [{ ...good, seq: 2 ** 53 }, /^invalid frame: seq: /],
      [{ ...good, seq: 1.5 }, /^invalid frame: seq: /],
      [{ ...good, id: '' }, /^invalid frame: id: /],
      [{ ...good, service: 'x'.repeat(65) }, /^invalid frame: service: /],
      [{ ...good, causedBy: '' }, /^invalid frame: causedBy: /],
    ];
    for (const [frame, error] of cases) {
      expect(isPlainEventFrame(frame)).toBe(false);
      const r = decodeServerFrame(JSON.stringify(frame));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
      expectSameAsZod(JSON.stringify(frame));
    }
    // An extra key is stripped by zod: the fast path leaves it to zod, the result has no extra key.
    const extra = decodeServerFrame(JSON.stringify({ ...good, extra: 1 }));
    expect(extra).toStrictEqual({ ok: true, value: good });
  });
});

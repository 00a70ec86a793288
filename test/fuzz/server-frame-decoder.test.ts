/**
 * Fuzzing the desk's wire decoder (shared/protocol.ts decodeServerFrame / decodeClientFrame):
 * arbitrary text, truncated and bit-flipped valid frames, wrong types and hostile JSON never
 * throw, never yield a frame the schema would refuse, and always come with a readable reason.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeClientFrame, decodeServerFrame, MAX_CLIENT_FRAME_BYTES, ServerFrameSchema, type ServerFrame } from '../../shared/protocol.ts';

const NUM_RUNS = 1000;
const id = fc.string({ minLength: 1, maxLength: 40 });
const seq = fc.integer({ min: 1, max: 2 ** 40 });

const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), orgId: id, epoch: id, headSeq: fc.nat(), connectionId: id }),
  fc.record(
    {
      type: fc.constant('event' as const),
      seq,
      id,
      orgId: id,
      service: fc.string({ minLength: 1, maxLength: 64 }),
      kind: fc.string({ minLength: 1, maxLength: 128 }),
      at: fc.string({ minLength: 1, maxLength: 64 }),
      data: fc.jsonValue({ maxDepth: 3 }),
      causedBy: id,
    },
    { requiredKeys: ['type', 'seq', 'id', 'orgId', 'service', 'kind', 'at', 'data'] },
  ),
  fc.record({ type: fc.constant('caught_up' as const), seq: fc.nat() }),
  fc.record({ type: fc.constant('resync' as const), epoch: id, headSeq: fc.nat() }),
  fc.record({ type: fc.constant('error' as const), code: fc.string({ minLength: 1, maxLength: 64 }), message: fc.string({ maxLength: 1000 }) }),
  fc.record(
    { type: fc.constant('status' as const), state: fc.constantFrom('ok' as const, 'degraded' as const), reason: fc.string({ maxLength: 500 }) },
    { requiredKeys: ['type', 'state'] },
  ),
);

function expectRejected(result: ReturnType<typeof decodeServerFrame>): void {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error).toMatch(/^(frame is not valid JSON|invalid frame: .+|frame too large .+)$/s);
  }
}

function expectSane(result: ReturnType<typeof decodeServerFrame>): void {
  if (result.ok) expect(ServerFrameSchema.safeParse(result.value).success).toBe(true);
  else expectRejected(result);
}

describe('server frame decoder under fuzzing', () => {
  it('never throws on arbitrary text, and anything accepted is a schema-valid frame', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.json({ maxDepth: 4 })), (raw) => {
        expectSane(decodeServerFrame(raw));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('round-trips every valid frame exactly', () => {
    fc.assert(
      fc.property(serverFrame, (frame) => {
        const result = decodeServerFrame(JSON.stringify(frame));
        expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify(frame)) });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('rejects every strict truncation of a valid frame', () => {
    fc.assert(
      fc.property(serverFrame, fc.nat(), (frame, cut) => {
        const raw = JSON.stringify(frame);
        const at = cut % raw.length; // 0 .. length-1: always shorter than the frame
        expectRejected(decodeServerFrame(raw.slice(0, at)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('rejects a frame whose field has the wrong type or is missing, naming the field', () => {
    const fieldsOf: Record<ServerFrame['type'], string[]> = {
      hello: ['orgId', 'epoch', 'headSeq', 'connectionId'],
      event: ['seq', 'id', 'orgId', 'service', 'kind', 'at'],
      caught_up: ['seq'],
      resync: ['epoch', 'headSeq'],
      error: ['code', 'message'],
      status: ['state'],
    };
    const wrong = fc.constantFrom<unknown>(null, true, -1, 1.5, '', {}, [], 'x'.repeat(5000), Number.MAX_SAFE_INTEGER + 2);
    fc.assert(
      fc.property(serverFrame, fc.nat(), wrong, fc.boolean(), (frame, pick, value, drop) => {
        const fields = fieldsOf[frame.type];
        const field = fields[pick % fields.length];
        const broken: Record<string, unknown> = { ...frame };
        if (drop) delete broken[field];
        else broken[field] = value;
        const result = decodeServerFrame(JSON.stringify(broken));
        if (result.ok) {
          // Some replacements are legitimately valid (e.g. -1 is not, but {} for `data` would be); re-check.
          expect(ServerFrameSchema.safeParse(broken).success).toBe(true);
        } else {
          expect(result.error).toContain(field);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('refuses unknown frame types, non-object JSON and prototype tricks', () => {
    for (const raw of [
      'null',
      '[]',
      '"event"',
      '42',
      '{}',
      '{"type":"evnt"}',
      '{"type":"event","__proto__":{"seq":1}}',
      '{"__proto__":{"type":"hello"}}',
      '\u0000',
      '\uFEFF{"type":"caught_up","seq":1}',
    ]) {
      expectRejected(decodeServerFrame(raw));
    }
    // Unsafe integers would lose precision in lastSeq arithmetic.
    expectRejected(decodeServerFrame(JSON.stringify({ type: 'caught_up', seq: 2 ** 60 })));
  });

  it('client frames: oversized ones are refused before parsing, others never throw', () => {
    expect(decodeClientFrame('{"type":"ping"}')).toEqual({ ok: true, value: { type: 'ping' } });
    const big = JSON.stringify({ type: 'auth', token: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) });
    expect(decodeClientFrame(big)).toMatchObject({ ok: false, error: expect.stringMatching(/^frame too large/) });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 })), (raw) => {
        const result = decodeClientFrame(raw);
        if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

/**
 * Fuzzing the browser host's bridge messages (shared/bridge.ts) together with the IPC
 * validation they feed: a hostile page sending any text gets a clear error (with its
 * invoke id when one is readable) and never reaches a handler with an invalid request.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBridgeClientMessage, formatFragment, MAX_BRIDGE_MESSAGE_BYTES, parseFragment } from '../../shared/bridge.ts';
import { invokeChannels, isInvokeChannel, validateInvoke } from '../../shared/ipc.ts';

const NUM_RUNS = 800;
const channelName = fc.oneof(
  fc.constantFrom(...Object.keys(invokeChannels)),
  fc.string({ maxLength: 70 }),
  fc.constantFrom('__proto__', 'constructor', 'toString'),
);
const invokeLike = fc.record(
  {
    type: fc.oneof(fc.constant('invoke'), fc.string({ maxLength: 8 })),
    id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(2 ** 60), fc.string({ maxLength: 4 })),
    channel: channelName,
    payload: fc.jsonValue({ maxDepth: 3 }),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

/** What a host does with one raw message: decode, check the channel, validate the payload. */
function hostPipeline(raw: string): { stage: 'decode' | 'channel' | 'payload' | 'ok'; error: string | null; id: number | null } {
  const decoded = decodeBridgeClientMessage(raw);
  if (!decoded.ok) return { stage: 'decode', error: decoded.error, id: decoded.id };
  const { id, channel, payload } = decoded.value;
  if (!isInvokeChannel(channel)) return { stage: 'channel', error: `unknown channel ${channel}`, id };
  const v = validateInvoke(channel, payload);
  return v.ok ? { stage: 'ok', error: null, id } : { stage: 'payload', error: v.error, id };
}

describe('bridge messages under fuzzing', () => {
  it('never throws on arbitrary text; every refusal has a reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 3 })), (raw) => {
        const r = hostPipeline(raw);
        if (r.stage !== 'ok') expect(r.error).toMatch(/\S/);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('invoke-shaped messages: refused ones name their id when it is a safe one, accepted ones are fully valid', () => {
    fc.assert(
      fc.property(invokeLike, (generated) => {
        const raw = JSON.stringify(generated);
        // Compare with what actually went over the wire (-0 becomes 0, NaN becomes null, ...).
        const msg = JSON.parse(raw) as typeof generated;
        const r = hostPipeline(raw);
        const idIsSafe = typeof msg.id === 'number' && Number.isSafeInteger(msg.id) && msg.id >= 0;
        if (r.stage === 'decode') {
          expect(r.error).toMatch(/^(invalid bridge message: .+|bridge message is not JSON|bridge message too large .+)$/s);
          expect(r.id).toBe(idIsSafe ? msg.id : null);
        } else {
          expect(msg.type).toBe('invoke');
          expect(idIsSafe).toBe(true);
          expect(r.id).toBe(msg.id);
          if (r.stage === 'ok') expect(invokeChannels[msg.channel as keyof typeof invokeChannels].safeParse(msg.payload ?? {}).success).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('refuses oversized messages before parsing them', () => {
    const raw = JSON.stringify({
      type: 'invoke',
      id: 1,
      channel: 'session:login',
      payload: { email: 'a@b.c', password: 'x'.repeat(MAX_BRIDGE_MESSAGE_BYTES) },
    });
    expect(decodeBridgeClientMessage(raw)).toEqual({ ok: false, error: `bridge message too large (${raw.length} bytes)`, id: null });
  });

  it('fragment parsing never throws and round-trips what formatFragment writes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (hash) => {
        expect(() => parseFragment(hash)).not.toThrow();
        expect(() => parseFragment(`#${hash}`)).not.toThrow();
      }),
      { numRuns: NUM_RUNS },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 })), {
          selector: ([k]) => k,
          maxLength: 5,
        }),
        (entries) => {
          expect([...parseFragment(formatFragment(entries))]).toEqual(entries);
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // Broken percent-escapes are skipped, not fatal.
    expect(parseFragment('#secret=%E0%A4%A&view=board')).toEqual(new Map([['view', 'board']]));
  });
});

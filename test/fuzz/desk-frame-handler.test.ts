/**
 * Fuzzing the desk's frame handler (main/core/sync/frame-handler.ts), the one place
 * that decides whether a frame may move the cursor. Streams mix valid events with
 * garbage, truncated frames, other organisations' frames, duplicates, replays,
 * skipped seqs and frames before `hello`. Against a tiny model of the protocol:
 * the handler never throws and its accepted seq moves exactly as the model's does,
 * one step at a time, only for the next event of the desk's own organisation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameHandler, type FrameDecision } from '../../main/core/sync/frame-handler.ts';
import { decodeServerFrame } from '../../shared/protocol.ts';
import { RecentIds } from '../../main/core/sync/recent-ids.ts';

const ORG = 'demo-hotel';
const OTHER = 'harbor-inn';
const NUM_RUNS = 300;

type Step =
  | { t: 'event'; seqDelta: number; org: 'own' | 'other'; idFrom: 'fresh' | 'reuse' }
  | { t: 'hello'; org: 'own' | 'other' }
  | { t: 'caught_up' }
  | { t: 'resync' }
  | { t: 'error' }
  | { t: 'garbage'; raw: string }
  | { t: 'truncated'; cut: number }
  | { t: 'badField'; field: 'seq' | 'orgId' | 'id'; value: unknown };

const step: fc.Arbitrary<Step> = fc.oneof(
  // Mostly the next event, sometimes a replay (delta <= 0) or a skip (delta > 1).
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('event' as const),
      seqDelta: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: 4 }) }),
      org: fc.constantFrom<'own' | 'other'>('own', 'own', 'own', 'other'),
      idFrom: fc.constantFrom<'fresh' | 'reuse'>('fresh', 'fresh', 'fresh', 'reuse'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('hello' as const), org: fc.constantFrom<'own' | 'other'>('own', 'other') }) },
  { weight: 1, arbitrary: fc.constantFrom<Step>({ t: 'caught_up' }, { t: 'resync' }, { t: 'error' }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('garbage' as const),
      raw: fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.json({ maxDepth: 2 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('truncated' as const), cut: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('badField' as const),
      field: fc.constantFrom<'seq' | 'orgId' | 'id'>('seq', 'orgId', 'id'),
      value: fc.constantFrom<unknown>(null, -1, 0, 1.5, '', '7', {}, 2 ** 60),
    }),
  },
);

interface Model {
  helloSeen: boolean;
  lastSeq: number;
  nextId: number;
  usedIds: string[];
}

function eventFrame(seq: number, id: string, orgId: string): Record<string, unknown> {
  return {
    type: 'event',
    seq,
    id,
    orgId,
    service: 'pms',
    kind: 'room.status_changed',
    at: '2026-11-29T10:00:00Z',
    data: { roomId: '101', status: 'vacant_dirty' },
  };
}

describe('desk frame handler under fuzzing', () => {
  it('moves the cursor exactly like the protocol model, and never throws', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.array(step, { minLength: 1, maxLength: 120 }), (start, steps) => {
        const handler = new FrameHandler(ORG, start, new RecentIds(64));
        const m: Model = { helloSeen: false, lastSeq: start, nextId: 0, usedIds: [] };
        for (const s of steps) {
          const before = handler.acceptedSeq;
          let raw: string;
          switch (s.t) {
            case 'event': {
              const seq = m.lastSeq + s.seqDelta;
              const id = s.idFrom === 'reuse' && m.usedIds.length ? m.usedIds[m.usedIds.length - 1] : `ev-${m.nextId++}`;
              raw = JSON.stringify(eventFrame(seq, id, s.org === 'own' ? ORG : OTHER));
              if (m.helloSeen && s.org === 'own' && seq === m.lastSeq + 1) m.usedIds.push(id);
              break;
            }
            case 'hello':
              raw = JSON.stringify({ type: 'hello', orgId: s.org === 'own' ? ORG : OTHER, epoch: 'e1', headSeq: m.lastSeq + 3, connectionId: 'c1' });
              break;
            case 'caught_up':
              raw = JSON.stringify({ type: 'caught_up', seq: m.lastSeq + 10 });
              break;
            case 'resync':
              raw = JSON.stringify({ type: 'resync', epoch: 'e2', headSeq: m.lastSeq + 10 });
              break;
            case 'error':
              raw = JSON.stringify({ type: 'error', code: 'bad_frame', message: 'no' });
              break;
            case 'garbage':
              raw = s.raw;
              break;
            case 'truncated': {
              const full = JSON.stringify(eventFrame(m.lastSeq + 1, `ev-${m.nextId++}`, ORG));
              raw = full.slice(0, s.cut % full.length);
              break;
            }
            case 'badField': {
              const f = eventFrame(m.lastSeq + 1, `ev-${m.nextId++}`, ORG);
              f[s.field] = s.value;
              raw = JSON.stringify(f);
              break;
            }
          }
          // The model: the cursor moves iff, after an own-org hello, this is a valid event frame of
          // the own organisation with exactly the next seq (whatever step produced the text).
          const decoded = decodeServerFrame(raw);
          if (decoded.ok && decoded.value.type === 'hello' && decoded.value.orgId === ORG) m.helloSeen = true;
          const expectAdvance =
            m.helloSeen && decoded.ok && decoded.value.type === 'event' && decoded.value.orgId === ORG && decoded.value.seq === m.lastSeq + 1;
          let decision: FrameDecision | undefined;
          expect(() => (decision = handler.handle(raw))).not.toThrow();
          const after = handler.acceptedSeq;
          if (expectAdvance) {
            expect(after).toBe(before + 1);
            expect(['event', 'duplicate-id']).toContain(decision?.kind);
            m.lastSeq = after;
          } else {
            expect(after).toBe(before);
            expect(decision?.kind).not.toBe('event');
          }
          expect(after).toBe(m.lastSeq);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never accepts a frame of another organisation, whatever else it carries', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.string({ minLength: 1, maxLength: 40 }), (lastSeq, org) => {
        fc.pre(org !== ORG);
        const handler = new FrameHandler(ORG, lastSeq, new RecentIds(8));
        expect(handler.handle(JSON.stringify({ type: 'hello', orgId: org, epoch: 'e', headSeq: 0, connectionId: 'c' })).kind).toBe('rejected');
        handler.handle(JSON.stringify({ type: 'hello', orgId: ORG, epoch: 'e', headSeq: 0, connectionId: 'c' }));
        expect(handler.handle(JSON.stringify(eventFrame(lastSeq + 1, 'x', org))).kind).toBe('rejected');
        expect(handler.acceptedSeq).toBe(lastSeq);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reports a skipped seq as a gap and a replayed one as stale, without moving', () => {
    const handler = new FrameHandler(ORG, 10, new RecentIds(8));
    handler.handle(JSON.stringify({ type: 'hello', orgId: ORG, epoch: 'e', headSeq: 20, connectionId: 'c' }));
    expect(handler.handle(JSON.stringify(eventFrame(12, 'a', ORG)))).toEqual({ kind: 'gap', expected: 11, got: 12 });
    expect(handler.handle(JSON.stringify(eventFrame(10, 'b', ORG)))).toEqual({ kind: 'stale', seq: 10 });
    expect(handler.acceptedSeq).toBe(10);
    expect(handler.handle(JSON.stringify(eventFrame(11, 'c', ORG))).kind).toBe('event');
    expect(handler.acceptedSeq).toBe(11);
  });
});

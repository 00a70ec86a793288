import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameHandler } from '../../main/core/sync/frame-handler.ts';
import { RecentIds } from '../../main/core/sync/recent-ids.ts';
import { frameText, ORG, roomCreated, unknownKind } from './support/events.ts';

const hello = JSON.stringify({ type: 'hello', orgId: ORG, epoch: 'E1', headSeq: 10, connectionId: 'c1' });

function handler(lastSeq = 0): FrameHandler {
  const h = new FrameHandler(ORG, lastSeq, new RecentIds(100));
  expect(h.handle(hello).kind).toBe('hello');
  return h;
}

describe('the frame handler', () => {
  it('accepts the next seq and advances', () => {
    const h = handler(4);
    const d = h.handle(frameText(roomCreated(5)));
    expect(d.kind).toBe('event');
    expect(h.acceptedSeq).toBe(5);
  });

  it('never advances on malformed frames', () => {
    const h = handler(4);
    for (const raw of ['', 'not json', '{"type":"event"}', '[1,2]', JSON.stringify({ ...JSON.parse(frameText(roomCreated(5))), seq: -1 }), JSON.stringify({ type: 'event', seq: 5, id: 'x' }), '{"type":"mystery","seq":5}', '\u0000binary frame']) {
      expect(h.handle(raw).kind, raw).toBe('rejected');
    }
    expect(h.acceptedSeq).toBe(4);
  });

  it('rejects frames of another organisation (and a hello for one)', () => {
    const h = handler(4);
    const foreign = { ...roomCreated(5), orgId: 'harbor-inn' };
    const d = h.handle(frameText(foreign));
    expect(d).toMatchObject({ kind: 'rejected' });
    expect(h.acceptedSeq).toBe(4);
    const fresh = new FrameHandler(ORG, 0, new RecentIds(10));
    expect(fresh.handle(JSON.stringify({ type: 'hello', orgId: 'harbor-inn', epoch: 'E', headSeq: 1, connectionId: 'c' })).kind).toBe('rejected');
  });

  it('reports a gap for a seq that is not the next one, and ignores old seqs', () => {
    const h = handler(4);
    expect(h.handle(frameText(roomCreated(7)))).toEqual({ kind: 'gap', expected: 5, got: 7 });
    expect(h.handle(frameText(roomCreated(3)))).toEqual({ kind: 'stale', seq: 3 });
    expect(h.handle(frameText(roomCreated(4)))).toEqual({ kind: 'stale', seq: 4 });
    expect(h.acceptedSeq).toBe(4);
  });

  it('rejects events before hello', () => {
    const h = new FrameHandler(ORG, 0, new RecentIds(10));
    expect(h.handle(frameText(roomCreated(1))).kind).toBe('rejected');
    expect(h.acceptedSeq).toBe(0);
  });

  it('treats a known id under a new seq as a counted duplicate', () => {
    const h = handler(0);
    expect(h.handle(frameText(unknownKind(1))).kind).toBe('event');
    const again = { ...unknownKind(2), id: unknownKind(1).id };
    expect(h.handle(frameText(again))).toEqual({ kind: 'duplicate-id', seq: 2, id: 'ev-1' });
    expect(h.acceptedSeq).toBe(2);
  });

  it('accepts exactly the contiguous valid prefix of any hostile stream (property)', () => {
    const frameArb = fc.oneof(
      fc.record({ t: fc.constant('ok' as const), seq: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ t: fc.constant('foreign' as const), seq: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ t: fc.constant('garbage' as const), text: fc.string() }),
    );
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 60 }), (frames) => {
        const h = handler(0);
        let expected = 0;
        let broken = false;
        for (const f of frames) {
          const raw = f.t === 'ok' ? frameText(unknownKind(f.seq)) : f.t === 'foreign' ? frameText({ ...unknownKind(f.seq), orgId: 'other' }) : f.text;
          const d = h.handle(raw);
          if (broken) continue;
          if (d.kind === 'gap') {
            broken = true; // the engine closes and resumes here
            continue;
          }
          if (f.t === 'ok' && f.seq === expected + 1) expected = f.seq;
          expect(h.acceptedSeq).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

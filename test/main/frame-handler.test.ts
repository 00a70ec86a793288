import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../shared/chain.ts';
import type { StoredEvent } from '../../shared/protocol.ts';
import { eventHash } from '../../main/core/sync/chain.ts';
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
    for (const raw of [
      '',
      'not json',
      '{"type":"event"}',
      '[1,2]',
      JSON.stringify({ ...JSON.parse(frameText(roomCreated(5))), seq: -1 }),
      JSON.stringify({ type: 'event', seq: 5, id: 'x' }),
      '{"type":"mystery","seq":5}',
      '\u0000binary frame',
    ]) {
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
    expect(h.handle(frameText(again))).toEqual({ kind: 'duplicate-id', seq: 2, id: 'ev-1', hash: null });
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

  describe('the hash chain', () => {
    /** Events 1..n chained as the gateway chains them (epoch E1). */
    function chained(n: number, from = GENESIS_HASH): StoredEvent[] {
      const out: StoredEvent[] = [];
      let prev = from;
      for (let seq = 1; seq <= n; seq++) {
        const e = unknownKind(seq, { n: seq });
        const hash = eventHash(prev, seq, 'E1', e.id, e.kind, JSON.stringify(e.data));
        out.push({ ...e, epoch: 'E1', prevHash: prev, hash });
        prev = hash;
      }
      return out;
    }

    it('accepts an event that links to the hash it holds, and carries the tip on', () => {
      const events = chained(3);
      const h = handler(0);
      for (const e of events) expect(h.handle(frameText(e)).kind).toBe('event');
      expect(h.acceptedHash).toBe(events[2].hash);
    });

    it('refuses, without advancing, an event whose prevHash is not the hash of the event the desk holds', () => {
      const ours = chained(2);
      // Another history: same seqs, different content from seq 2 on.
      const theirs = chained(3);
      const other = unknownKind(2, { n: 'other' });
      const otherHash = eventHash(ours[0].hash!, 2, 'E1', other.id, other.kind, JSON.stringify(other.data));
      const h = new FrameHandler(ORG, 2, new RecentIds(10), otherHash);
      expect(h.handle(hello).kind).toBe('hello');
      const d = h.handle(frameText(theirs[2]));
      expect(d).toMatchObject({ kind: 'broken-link', seq: 3 });
      expect(h.acceptedSeq).toBe(2);
      expect(h.acceptedHash).toBe(otherHash);
    });

    it('refuses an event whose hash does not match its content', () => {
      const [first] = chained(1);
      const h = handler(0);
      expect(h.handle(frameText({ ...first, data: { n: 'tampered' } }))).toMatchObject({ kind: 'broken-link', seq: 1 });
      expect(h.acceptedSeq).toBe(0);
    });

    it('resumes its check from a snapshot tip', () => {
      const events = chained(5);
      const h = handler(0);
      h.resetTo(4, events[3].hash!);
      expect(h.handle(frameText(events[4])).kind).toBe('event');
      h.resetTo(4, GENESIS_HASH);
      expect(h.handle(frameText(events[4])).kind).toBe('broken-link');
    });
  });
});

/**
 * The chaos checks themselves: what counts as lost, duplicated, out of order or
 * explained by a resync. If these were wrong, every chaos run would prove nothing.
 */
import { describe, expect, it } from 'vitest';
import { checkDesk, checkOrg, gapExplained, gapsOf, snapshotsFromLog, type DeskFinal, type LogEntry, type OrgTruth } from './checks.ts';

function truthOf(head: number, over: Partial<OrgTruth> = {}): OrgTruth {
  const log = new Map<number, LogEntry>();
  for (let s = 1; s <= head; s++) log.set(s, { seq: s, id: `e${s}`, kind: 'k' });
  return { orgId: 'demo-hotel', epoch: 'ep1', headSeq: head, recordedFrom: 1, log, history: 1000, cuts: [], ...over };
}

function desk(seqs: number[], lastSeq = seqs[seqs.length - 1] ?? 0, over: Partial<DeskFinal['doctor']> = {}): DeskFinal {
  return {
    name: 'desk-0',
    orgId: 'demo-hotel',
    doctor: { epoch: 'ep1', lastSeq, events: seqs.length, pendingOutbox: 0, integrity: 'ok', ...over },
    events: seqs.map((s) => ({ seq: s, id: `e${s}`, kind: 'k' })),
  };
}

const failed = (results: ReturnType<typeof checkDesk>) => results.filter((r) => !r.ok).map((r) => r.name);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('chaos checks', () => {
  it('passes a desk that holds exactly the log', () => {
    expect(failed(checkDesk(desk(range(1, 50)), truthOf(50)))).toEqual([]);
  });

  it('catches a lost event, a duplicate, a reordering and a foreign event', () => {
    expect(failed(checkDesk(desk([...range(1, 20), ...range(22, 50)]), truthOf(50)))).toEqual(['nothing lost']);
    const dup = desk(range(1, 50));
    dup.events = [...dup.events.slice(0, 10), dup.events[9], ...dup.events.slice(10)];
    expect(failed(checkDesk(dup, truthOf(50)))).toEqual(['events in order, none twice']);
    const swapped = desk(range(1, 50));
    const rows = [...swapped.events];
    [rows[3], rows[4]] = [rows[4], rows[3]];
    swapped.events = rows;
    expect(failed(checkDesk(swapped, truthOf(50)))).toEqual(['events in order, none twice']);
    const foreign = desk(range(1, 50));
    foreign.events = foreign.events.map((e) => (e.seq === 7 ? { ...e, id: 'other-org-event' } : e));
    expect(failed(checkDesk(foreign, truthOf(50)))).toEqual(['events match the log']);
  });

  it('catches a cursor ahead of the stored events, an unfinished drain and a corrupt store', () => {
    // lastSeq advanced past events that were never committed (the classic ingest bug).
    expect(failed(checkDesk(desk(range(1, 40), 50), truthOf(50)))).toEqual(['nothing lost']);
    expect(failed(checkDesk(desk(range(1, 40)), truthOf(50)))).toEqual(['drained']);
    expect(failed(checkDesk(desk(range(1, 50), 50, { pendingOutbox: 1 }), truthOf(50)))).toEqual(['drained']);
    expect(failed(checkDesk(desk(range(1, 50), 50, { integrity: '*** in database main ***' }), truthOf(50)))).toEqual(['integrity_check']);
  });

  it('accepts a gap behind an explicit truncation that happened before the snapshot it resynced to', () => {
    // Desk stopped at 20; log truncated at head 60 keeping 10 (oldest 51); desk resynced at 70.
    const truth = truthOf(100, { cuts: [{ oldestSeq: 51, headSeq: 60 }] });
    expect(failed(checkDesk(desk([...range(1, 20), ...range(71, 100)]), truth))).toEqual([]);
    // But not a gap that starts at a seq the cut kept (52 was still retained: a resume would have got it).
    expect(failed(checkDesk(desk([...range(1, 51), ...range(71, 100)]), truth))).toEqual(['nothing lost']);
    // Nor a gap that ends before the cut could have happened (a snapshot older than the truncation).
    expect(failed(checkDesk(desk([...range(1, 20), ...range(56, 100)]), truth))).toEqual(['nothing lost']);
  });

  it('accepts a resync behind the rolling history bound only when the desk was further behind than the bound', () => {
    const truth = truthOf(300, { history: 100 });
    expect(gapExplained(21, 150, truth)).toBe(true); // 150-100+1 = 51 > 21
    expect(gapExplained(60, 150, truth)).toBe(false);
    expect(failed(checkDesk(desk([...range(1, 20), ...range(151, 300)]), truth))).toEqual([]);
    expect(failed(checkDesk(desk([...range(1, 59), ...range(151, 300)]), truth))).toEqual(['nothing lost']);
  });

  it('accepts a resync with no event after the snapshot (lastSeq past the last stored event)', () => {
    const truth = truthOf(80, { cuts: [{ oldestSeq: 76, headSeq: 80 }] });
    expect(failed(checkDesk(desk(range(1, 30), 80), truth))).toEqual([]);
  });

  it('computes gaps including the leading and trailing ones', () => {
    expect(gapsOf([3, 4, 7], 9)).toEqual([
      { first: 1, last: 2 },
      { first: 5, last: 6 },
      { first: 8, last: 9 },
    ]);
    expect(gapsOf([], 0)).toEqual([]);
  });

  it('checks every accepted action took effect exactly once', () => {
    const truth = truthOf(10);
    const log = new Map(truth.log);
    log.set(4, { seq: 4, id: 'e4', kind: 'k', causedBy: 'chaos-a' });
    log.set(5, { seq: 5, id: 'e5', kind: 'k', causedBy: 'chaos-b' });
    log.set(6, { seq: 6, id: 'e6', kind: 'k', causedBy: 'chaos-b' });
    const t = { ...truth, log };
    const actions = [
      { key: 'chaos-a', desk: 'desk-0', orgId: 'demo-hotel' },
      { key: 'chaos-b', desk: 'desk-0', orgId: 'demo-hotel' },
      { key: 'chaos-c', desk: 'desk-0', orgId: 'demo-hotel' },
    ];
    const [once, recorded] = checkOrg(t, actions, 'chaos-');
    expect(once.ok).toBe(false);
    expect(once.detail).toContain('no effect: chaos-c');
    expect(once.detail).toContain('more than once: chaos-b ×2');
    expect(recorded.ok).toBe(true);
    expect(checkOrg(t, actions.slice(0, 1), 'chaos-a')[0].ok).toBe(true);
    log.delete(8);
    expect(checkOrg(t, [], 'chaos-')[1]).toMatchObject({ ok: false });
  });

  describe('with the snapshots the desk loaded (its own log)', () => {
    const withSnapshots = (d: DeskFinal, seqs: number[], newEpoch: boolean[] = seqs.map(() => false)): DeskFinal => ({
      ...d,
      snapshotSeqs: seqs,
      snapshotNewEpoch: newEpoch,
    });
    const truth = truthOf(300, { cuts: [{ oldestSeq: 121, headSeq: 130 }] });

    it('accepts a gap that ends exactly at a snapshot the desk loaded after the cut', () => {
      expect(failed(checkDesk(withSnapshots(desk([...range(1, 100), ...range(141, 300)]), [140]), truth))).toEqual([]);
    });

    it('catches a long loss that a cut would have "explained": no snapshot ends where the events start again', () => {
      // 100 consecutive events lost (101..200): the cut at 130 covers the range, but the desk never loaded a snapshot at 200.
      const lost = desk([...range(1, 100), ...range(201, 300)]);
      expect(failed(checkDesk(lost, truth))).toEqual([]); // the old rule alone passes it
      expect(failed(checkDesk(withSnapshots(lost, [140]), truth))).toEqual(['nothing lost']);
      expect(failed(checkDesk(withSnapshots(lost, []), truth))).toEqual(['nothing lost']);
    });

    it('accepts a new-epoch resync (history replaced) without a cut, but still needs the snapshot at the gap end', () => {
      const plain = truthOf(50);
      expect(failed(checkDesk(withSnapshots(desk(range(31, 50)), [30], [true]), plain))).toEqual([]);
      expect(failed(checkDesk(withSnapshots(desk(range(31, 50)), [30], [false]), plain))).toEqual(['nothing lost']);
      expect(failed(checkDesk(withSnapshots(desk(range(31, 50)), [29], [true]), plain))).toEqual(['nothing lost']);
    });

    it('reads the snapshots from the desk log lines', () => {
      const text = [
        '{"level":30,"msg":"stream hello","epoch":"e"}',
        '{"level":30,"epoch":"e","seq":140,"newEpoch":false,"msg":"snapshot applied"}',
        'not json "snapshot applied"',
        '{"level":30,"epoch":"f","seq":7,"newEpoch":true,"msg":"snapshot applied"}',
      ].join('\n');
      expect(snapshotsFromLog(text)).toEqual({ seqs: [140, 7], newEpoch: [false, true] });
    });
  });
});

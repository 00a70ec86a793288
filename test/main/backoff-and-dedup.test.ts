import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../main/core/net/backoff.ts';
import { RecentIds } from '../../main/core/sync/recent-ids.ts';

describe('reconnect backoff', () => {
  it('uses full jitter below an exponentially growing ceiling, capped', () => {
    const ceilings: number[] = [];
    const b = new Backoff({ baseMs: 100, capMs: 2_000, random: () => 0.999999 });
    for (let i = 0; i < 8; i++) ceilings.push(b.next());
    expect(ceilings).toEqual([99, 199, 399, 799, 1599, 1999, 1999, 1999]);
    const zero = new Backoff({ baseMs: 100, capMs: 2_000, random: () => 0 });
    expect(zero.next()).toBe(0);
  });

  it('spreads real delays over the whole window', () => {
    const b = new Backoff({ baseMs: 1_000, capMs: 1_000 });
    const samples = Array.from({ length: 2_000 }, () => b.next());
    expect(Math.min(...samples)).toBeLessThan(100);
    expect(Math.max(...samples)).toBeGreaterThan(900);
    expect(Math.max(...samples)).toBeLessThan(1_000);
  });

  it('starts over after reset', () => {
    const b = new Backoff({ baseMs: 100, capMs: 10_000, random: () => 0.5 });
    b.next();
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(50);
  });
});

describe('recent ids (in-memory dedup)', () => {
  it('stays bounded however many ids pass through, and remembers the newest', () => {
    const r = new RecentIds(1_000);
    for (let i = 0; i < 100_000; i++) r.add(`id-${i}`);
    expect(r.size).toBe(1_000);
    expect(r.has('id-99999')).toBe(true);
    expect(r.has('id-99000')).toBe(true);
    expect(r.has('id-98999')).toBe(false);
    expect(r.has('id-0')).toBe(false);
  });

  it('holds exactly the ids of the last `capacity` insertions not deleted since (model check)', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('add' as const), id: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ op: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ op: fc.constant('clear' as const), id: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 200 }), (capacity, ops) => {
        const r = new RecentIds(capacity);
        // Model: insertions in order (an add of a present id is a no-op), each marked deleted or not.
        let inserted: { id: string; deleted: boolean }[] = [];
        for (const { op: kind, id: n } of ops) {
          const id = `e${n}`;
          const live = () =>
            new Set(
              inserted
                .slice(-capacity)
                .filter((x) => !x.deleted)
                .map((x) => x.id),
            );
          if (kind === 'add') {
            if (!live().has(id)) inserted.push({ id, deleted: false });
            r.add(id);
          } else if (kind === 'delete') {
            for (const x of inserted) if (x.id === id) x.deleted = true;
            r.delete(id);
          } else {
            inserted = [];
            r.clear();
          }
          const expected = live();
          expect(r.size).toBe(expected.size);
          for (let k = 0; k <= 30; k++) expect(r.has(`e${k}`)).toBe(expected.has(`e${k}`));
        }
      }),
      { numRuns: 300 },
    );
  });
});

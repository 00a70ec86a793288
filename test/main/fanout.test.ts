import { describe, expect, it } from 'vitest';
import type { DeskDelta } from '../../shared/ipc.ts';
import { applyEvent, emptyState } from '../../shared/projection.ts';
import { summarize, toActivityItem, UNKNOWN_DATA_MAX_CHARS } from '../../main/core/fanout/activity.ts';
import { DeltaCoalescer } from '../../main/core/fanout/delta-coalescer.ts';
import { roomCreated, unknownKind } from './support/events.ts';

describe('activity texts', () => {
  it('summarises known kinds in words', () => {
    const state = emptyState();
    applyEvent(state, roomCreated(1, 'r1'));
    const e = { seq: 2, id: 'x', service: 'housekeeping', kind: 'room.status_changed', at: 'now', data: { roomId: 'r1', status: 'vacant_dirty' } };
    expect(summarize(e, state)).toEqual({ text: 'Room 101 is now vacant dirty', known: true });
    // The raw data travels with the English text, so each window can word it in its own language.
    expect(toActivityItem(e, state)).toMatchObject({ text: 'Room 101 is now vacant dirty', data: { roomId: 'r1', status: 'vacant_dirty' } });
    // Housekeeping's note is part of what the desk must see.
    const noted = { ...e, data: { roomId: 'r1', status: 'out_of_order', note: ' Broken window, do not sell ' } };
    expect(summarize(noted, state).text).toBe('Room 101 is now out of order: “Broken window, do not sell”');
    const booked = {
      ...e,
      kind: 'reservation.created',
      data: {
        reservation: {
          id: 'res-1',
          confirmation: 'DH-1',
          guestName: 'Anna Bauer',
          arrival: '2030-01-05',
          departure: '2030-01-07',
          roomType: 'queen',
          roomId: null,
          status: 'booked',
          adults: 2,
          balanceCents: 0,
        },
      },
    };
    // Calendar days in the machine's locale ("Jan 5" or "5 Jan"), never ISO.
    const day = (d: number) => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(2030, 0, d));
    expect(summarize(booked, state).text).toBe(`New reservation for Anna Bauer, ${day(5)} → ${day(7)}`);
    expect(summarize(booked, state).text).not.toMatch(/2030-01/);
  });

  it('names the room of a task once, even when its title already does', () => {
    const state = emptyState();
    applyEvent(state, roomCreated(1, 'r1'));
    const task = (title: string) => ({
      seq: 2,
      id: `t-${title}`,
      service: 'housekeeping',
      kind: 'task.created',
      at: 'now',
      data: { task: { id: `t-${title}`, kind: 'housekeeping', title, roomId: 'r1', status: 'open', priority: 'normal', createdAt: 'now', completedAt: null } },
    });
    expect(summarize(task('Clean room 101'), state).text).toBe('Task created: Clean room 101');
    expect(summarize(task('Fix the shower'), state).text).toBe('Task created: Fix the shower (room 101)');
  });

  it('shows unknown kinds as kind and data text, truncated', () => {
    const state = emptyState();
    expect(toActivityItem(unknownKind(3), state)).toMatchObject({ text: 'spa.booking_made: {"hello":"world"}', known: false, seq: 3 });
    const long = summarize(unknownKind(4, { blob: 'z'.repeat(1000) }), state);
    expect(long.text.length).toBeLessThanOrEqual('spa.booking_made: '.length + UNKNOWN_DATA_MAX_CHARS);
    expect(long.text.endsWith('…')).toBe(true);
    // Odd data never crashes it.
    expect(summarize({ ...unknownKind(5), data: undefined }, state).text).toBe('spa.booking_made: null');
    expect(summarize({ ...roomCreated(6), data: { nonsense: true } }, state).known).toBe(false);
  });
});

describe('delta coalescing', () => {
  it('merges many commits into one delta with each entity once, in its latest version', async () => {
    const state = emptyState();
    const deltas: DeskDelta[] = [];
    const c = new DeltaCoalescer(
      () => state,
      (d) => deltas.push(d),
      { intervalMs: 16, burstMs: 50, maxActivity: 500 },
    );
    for (let seq = 1; seq <= 20; seq++) {
      const e = roomCreated(seq, 'r-same');
      const changed = applyEvent(state, e);
      c.add({ epoch: 'E', lastSeq: seq }, changed, 1, () => [toActivityItem(e, state)]);
    }
    await new Promise((r) => setTimeout(r, 40));
    expect(deltas).toHaveLength(1);
    expect(deltas[0].cursor.lastSeq).toBe(20);
    expect(deltas[0].upserts.rooms).toHaveLength(1);
    expect(deltas[0].upserts.rooms?.[0].number).toBe('120');
    expect(deltas[0].activity.map((a) => a.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(deltas[0].reset).toBe(false);
    c.stop();
  });

  it('turns a burst bigger than the activity cap into a reset, and waits longer after bursts', async () => {
    const state = emptyState();
    const deltas: { at: number; d: DeskDelta }[] = [];
    const c = new DeltaCoalescer(
      () => state,
      (d) => deltas.push({ at: Date.now(), d }),
      { intervalMs: 5, burstMs: 60, maxActivity: 10 },
    );
    c.add({ epoch: 'E', lastSeq: 100 }, [], 100, () => {
      throw new Error('items of a reset burst must not be built');
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(deltas).toHaveLength(1);
    expect(deltas[0].d).toMatchObject({ reset: true, activity: [], upserts: {} });
    c.add({ epoch: 'E', lastSeq: 101 }, [], 1, () => [toActivityItem(unknownKind(101), state)]);
    await new Promise((r) => setTimeout(r, 100));
    expect(deltas).toHaveLength(2);
    expect(deltas[1].at - deltas[0].at).toBeGreaterThanOrEqual(55);
    c.stop();
  });
});

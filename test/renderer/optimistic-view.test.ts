/**
 * The renderer's optimistic view and store reducers, as pure functions: pending
 * actions are planned by the shared rules and show at once, vanish when confirmed
 * (only once their delta landed), and roll back with the reason when refused.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/commands.ts';
import type { Reservation, Room } from '../../shared/domain.ts';
import type { DeskSnapshot, OutboxItemView, OutboxState } from '../../shared/ipc.ts';
import { deriveOptimistic } from '../../renderer/src/state/optimistic.ts';
import { emptyStateJson, stateFromJson } from '../../shared/projection.ts';
import { initialDeskState, withDelta, withOutbox, withSnapshot, type DeskState } from '../../renderer/src/state/store.ts';

const room = (id: string, status: Room['status']): Room => ({ id, number: id.replace('rm-', ''), floor: 1, type: 'queen', status });
const res = (id: string, patch: Partial<Reservation> = {}): Reservation => ({
  id,
  confirmation: `C-${id}`,
  guestName: `Guest ${id}`,
  arrival: '2029-12-31',
  departure: '2030-01-03',
  roomType: 'queen',
  roomId: null,
  status: 'booked',
  adults: 2,
  balanceCents: 10_000,
  ...patch,
});
let n = 0;
const item = (command: Command, state: OutboxState, rejection: OutboxItemView['rejection'] = null): OutboxItemView => ({
  key: `k${++n}`,
  command,
  description: command.type,
  operator: 'op',
  createdAt: new Date(1_900_000_000_000 + n).toISOString(),
  state,
  attempts: 0,
  lastError: null,
  rejection,
});

function snapshot(rooms: Room[], reservations: Reservation[], outbox: OutboxItemView[] = []): DeskSnapshot {
  return {
    user: null,
    cursor: { epoch: 'e1', lastSeq: 10 },
    state: { ...emptyStateJson(), rooms, reservations },
    activity: [],
    status: { state: 'live', since: '', lastSyncAt: null, progress: null, detail: null, retryAt: null, serverUrl: '' },
    outbox,
  };
}

const apply = (s: DeskState, patch: Partial<DeskState>): DeskState => ({ ...s, ...patch });

const hotel = { id: 'h1', name: 'Test Hotel', timeZone: 'Europe/Berlin', currency: 'EUR', businessDate: '2030-01-01', locale: 'en-GB' };
const truth = (rooms: Room[], reservations: Reservation[]) => stateFromJson({ hotels: [hotel], rooms, reservations });

describe('optimistic view', () => {
  it('shows a queued check-in at once: reservation in house, room occupied, balance lowered by a pending payment', () => {
    const state = truth([room('rm-101', 'vacant_clean')], [res('r1')]);
    const view = deriveOptimistic(state, [
      item({ type: 'check_in', reservationId: 'r1', roomId: 'rm-101' }, 'queued'),
      item({ type: 'take_payment', reservationId: 'r1', amountCents: 2_500, method: 'card' }, 'sent'),
    ]);
    expect(view.state.reservations.get('r1')).toMatchObject({ status: 'in_house', roomId: 'rm-101', balanceCents: 7_500 });
    expect(view.state.rooms.get('rm-101')?.status).toBe('occupied');
    expect(view.pending.get('r1')).toHaveLength(2);
    // The truth itself is untouched.
    expect(state.reservations.get('r1')?.status).toBe('booked');
  });

  it('check-out of a guest frees their room as dirty and opens its cleaning task', () => {
    const view = deriveOptimistic(truth([room('rm-7', 'occupied')], [res('r1', { status: 'in_house', roomId: 'rm-7' })]), [
      item({ type: 'check_out', reservationId: 'r1' }, 'queued'),
    ]);
    expect(view.state.rooms.get('rm-7')?.status).toBe('vacant_dirty');
    expect([...view.state.tasks.values()].map((t) => t.title)).toEqual(['Clean room 7']);
  });

  it('a pending action the rules now refuse changes nothing and is marked as doomed', () => {
    const queued = item({ type: 'check_in', reservationId: 'r1', roomId: 'rm-101' }, 'queued');
    const view = deriveOptimistic(truth([room('rm-101', 'vacant_dirty')], [res('r1')]), [queued]);
    expect(view.state.reservations.get('r1')?.status).toBe('booked');
    expect(view.doomed.get(queued.key)?.code).toBe('room_not_ready');
  });

  it('a rejected action overlays nothing and leaves its reason on every entity it touched', () => {
    const rejected = item({ type: 'set_room_status', roomId: 'rm-101', status: 'out_of_order', reason: 'leak' }, 'rejected', {
      code: 'room_occupied',
      message: 'room 101 has an in-house guest',
    });
    const state = truth([room('rm-101', 'occupied')], []);
    const view = deriveOptimistic(state, [rejected]);
    expect(view.state.rooms.get('rm-101')?.status).toBe('occupied');
    expect(view.rejections.get('rm-101')).toMatchObject({ key: rejected.key, code: 'room_occupied', message: 'room 101 has an in-house guest' });
  });

  it('is the truth itself when nothing is pending', () => {
    const state = truth([], []);
    expect(deriveOptimistic(state, [item({ type: 'complete_task', taskId: 't1' }, 'confirmed')]).state).toBe(state);
  });
});

describe('store reducers', () => {
  it('keeps a confirmed action overlaid until the delta carrying its event lands, then shows the truth', () => {
    const queued = item({ type: 'set_room_status', roomId: 'rm-101', status: 'inspected' }, 'queued');
    let s = apply(initialDeskState, withSnapshot(initialDeskState, snapshot([room('rm-101', 'vacant_dirty')], [], [queued])));
    expect(s.optimistic.state.rooms.get('rm-101')?.status).toBe('inspected');

    // Main announces the confirmation before the batched delta: no flicker back to dirty.
    s = apply(s, withOutbox(s, [{ ...queued, state: 'confirmed' }]));
    expect(s.optimistic.state.rooms.get('rm-101')?.status).toBe('inspected');

    s = apply(s, withDelta(s, { cursor: { epoch: 'e1', lastSeq: 11 }, upserts: { rooms: [room('rm-101', 'inspected')] }, activity: [], reset: false }));
    expect(s.optimistic.pending.size).toBe(0);
    expect(s.optimistic.state.rooms.get('rm-101')?.status).toBe('inspected');
  });

  it('does not wait for a delta when the event already arrived before the confirmation', () => {
    const queued = item({ type: 'take_payment', reservationId: 'r1', amountCents: 1_000, method: 'card' }, 'sent');
    let s = apply(initialDeskState, withSnapshot(initialDeskState, snapshot([], [res('r1')], [queued])));
    s = apply(
      s,
      withDelta(s, {
        cursor: { epoch: 'e1', lastSeq: 11 },
        upserts: { reservations: [res('r1', { balanceCents: 9_000 })] },
        activity: [{ seq: 11, id: 'ev11', service: 'payments', kind: 'payment.captured', at: '', text: '', known: true, causedBy: queued.key, data: {} }],
        reset: false,
      }),
    );
    s = apply(s, withOutbox(s, [{ ...queued, state: 'confirmed' }]));
    // Otherwise the payment would be subtracted twice.
    expect(s.optimistic.pending.size).toBe(0);
    expect(s.optimistic.state.reservations.get('r1')?.balanceCents).toBe(9_000);
  });

  it('adds new activity newest first, skips what it already has, and caps the list', () => {
    let s = apply(initialDeskState, withSnapshot(initialDeskState, snapshot([], [])));
    s = { ...s, activityLimit: 3 };
    const ev = (seq: number) => ({ seq, id: `ev${seq}`, service: 's', kind: 'x.y', at: '', text: '', known: false, causedBy: null, data: null });
    s = apply(s, withDelta(s, { cursor: { epoch: 'e1', lastSeq: 12 }, upserts: {}, activity: [ev(11), ev(12)], reset: false }));
    s = apply(s, withDelta(s, { cursor: { epoch: 'e1', lastSeq: 14 }, upserts: {}, activity: [ev(12), ev(13), ev(14)], reset: false }));
    expect(s.activity.map((a) => a.seq)).toEqual([14, 13, 12]);
  });

  it('keeps untouched entities identical across a delta, so memoised rows do not re-render', () => {
    let s = apply(initialDeskState, withSnapshot(initialDeskState, snapshot([room('rm-1', 'inspected'), room('rm-2', 'vacant_dirty')], [])));
    const before = s.truth.rooms.get('rm-1');
    s = apply(s, withDelta(s, { cursor: { epoch: 'e1', lastSeq: 11 }, upserts: { rooms: [room('rm-2', 'vacant_clean')] }, activity: [], reset: false }));
    expect(s.truth.rooms.get('rm-1')).toBe(before);
    expect(s.truth.rooms.get('rm-2')?.status).toBe('vacant_clean');
  });
});

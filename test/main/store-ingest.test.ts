import { describe, expect, it } from 'vitest';
import { applyEvent, emptyState, stateToJson, emptyStateJson } from '../../shared/projection.ts';
import { DeskStore } from '../../main/core/store/desk-store.ts';
import { tempDirPerTest } from './support/temp-dir.ts';
import { chargePosted, reservationCreated, roomCreated, unknownKind } from './support/events.ts';

const tempDir = tempDirPerTest();

function openStore(): { store: DeskStore; dir: string } {
  const dir = tempDir();
  return { store: DeskStore.open({ dataDir: dir }), dir };
}

const opts = { epoch: 'E1', pendingKeys: new Set<string>(), confirmSent: false };

describe('desk store ingest', () => {
  it('stores events, projections and the cursor together; reloading gives the same state as the reducer', () => {
    const { store, dir } = openStore();
    const events = [roomCreated(1, 'r1'), reservationCreated(2, 'res1', 1000), chargePosted(3, 'res1', 250), unknownKind(4)];
    const state = emptyState();
    const result = store.ingestBatch(events, state, opts);
    expect(result.lastSeq).toBe(4);
    expect(result.stored).toHaveLength(4);
    expect(store.getCursor()).toMatchObject({ epoch: 'E1', lastSeq: 4 });
    store.close();

    const expected = emptyState();
    for (const e of events) applyEvent(expected, e);
    const reopened = DeskStore.open({ dataDir: dir });
    expect(stateToJson(reopened.loadState())).toEqual(stateToJson(expected));
    expect(reopened.loadState().reservations.get('res1')?.balanceCents).toBe(1250);
    // The unknown kind is kept and counted.
    expect(reopened.recentEvents(1)[0]).toMatchObject({ seq: 4, kind: 'spa.booking_made', data: { hello: 'world' } });
    reopened.close();
  });

  it('commits a batch all-or-nothing: a failing event leaves no trace of the batch', () => {
    const { store } = openStore();
    const state = emptyState();
    store.ingestBatch([roomCreated(1, 'r1')], state, opts);
    // seq 1 again (primary key) in the middle of a batch makes the transaction fail.
    const bad = [roomCreated(2, 'r2'), { ...roomCreated(1, 'r9'), id: 'fresh-id' }, roomCreated(3, 'r3')];
    expect(() => store.ingestBatch(bad, state, opts)).toThrow();
    expect(store.getCursor().lastSeq).toBe(1);
    expect(store.countEvents()).toBe(1);
    expect([...store.loadState().rooms.keys()]).toEqual(['r1']);
    store.close();
  });

  it('dedups by event id: an id already stored under another seq is counted but never applied twice', () => {
    const { store } = openStore();
    const state = emptyState();
    store.ingestBatch([reservationCreated(1, 'res1', 0), chargePosted(2, 'res1', 500, 'charge-A')], state, opts);
    const r = store.ingestBatch([chargePosted(3, 'res1', 500, 'charge-A'), chargePosted(4, 'res1', 100, 'charge-B')], state, opts);
    expect(r.duplicateIds).toBe(1);
    expect(r.lastSeq).toBe(4);
    expect(store.countEvents()).toBe(3);
    expect(state.reservations.get('res1')?.balanceCents).toBe(600);
    expect(store.loadState().reservations.get('res1')?.balanceCents).toBe(600);
    store.close();
  });

  it('confirms an outbox item when its event (causedBy) is ingested, and never moves it back', () => {
    const { store } = openStore();
    store.insertOutbox({
      key: 'k1',
      orgId: 'demo-hotel',
      command: { type: 'complete_task', taskId: 't1' },
      description: 'd',
      operator: 'op',
      createdAt: new Date().toISOString(),
    });
    const state = emptyState();
    const e = { ...unknownKind(1), causedBy: 'k1' };
    const r = store.ingestBatch([e], state, { ...opts, pendingKeys: new Set(['k1']) });
    expect(r.confirmedKeys).toEqual(['k1']);
    expect(store.getOutbox('k1')?.state).toBe('confirmed');
    // The gateway's 200 arriving after the event must not downgrade it.
    expect(store.markOutboxSent('k1', [1])).toBe('confirmed');
    expect(store.countPendingOutbox()).toBe(0);
    store.close();
  });

  it('confirms a sent item once the cursor passes the seqs the gateway returned', () => {
    const { store } = openStore();
    store.insertOutbox({
      key: 'k2',
      orgId: 'demo-hotel',
      command: { type: 'complete_task', taskId: 't1' },
      description: 'd',
      operator: 'op',
      createdAt: new Date().toISOString(),
    });
    expect(store.markOutboxSent('k2', [3])).toBe('sent');
    const state = emptyState();
    store.ingestBatch([unknownKind(1), unknownKind(2)], state, { ...opts, confirmSent: true });
    expect(store.getOutbox('k2')?.state).toBe('sent');
    const r = store.ingestBatch([unknownKind(3)], state, { ...opts, confirmSent: true });
    expect(r.confirmedKeys).toEqual(['k2']);
    store.close();
  });

  it('keeps the outbox in insertion order, and sends and shows only the items of the signed-in org', () => {
    const { store } = openStore();
    for (const [key, org] of [
      ['a', 'o1'],
      ['b', 'o2'],
      ['c', 'o1'],
    ] as const) {
      store.insertOutbox({
        key,
        orgId: org,
        command: { type: 'complete_task', taskId: key },
        description: key,
        operator: 'op',
        createdAt: new Date().toISOString(),
      });
    }
    expect(store.nextQueued('o1')?.key).toBe('a');
    store.markOutboxRejected('a', 'invalid_state', 'task already done');
    expect(store.nextQueued('o1')?.key).toBe('c');
    expect(store.getOutbox('a')?.rejection).toEqual({ code: 'invalid_state', message: 'task already done' });
    expect(store.dismissOutbox('c')).toBe(false); // still pending
    expect(store.dismissOutbox('a')).toBe(true);
    expect(store.listOutbox('o1').map((r) => r.key)).toEqual(['c']);
    // Another hotel's items stay stored, shown only to that hotel.
    expect(store.listOutbox('o2').map((r) => r.key)).toEqual(['b']);
    expect(store.listOutbox(null)).toEqual([]);
    store.close();
  });

  it('replaces the state from a snapshot in one step; a new epoch drops the old log', () => {
    const { store } = openStore();
    const state = emptyState();
    store.ingestBatch([roomCreated(1, 'r1'), roomCreated(2, 'r2')], state, opts);
    const snap = {
      epoch: 'E1',
      seq: 10,
      state: {
        ...emptyStateJson(),
        rooms: [{ id: 'r7', number: '707', floor: 7, type: 'suite', status: 'occupied' as const }],
        reservations: [],
        tasks: [],
        payments: [],
      },
    };
    store.replaceWithSnapshot(snap, false);
    expect(store.getCursor()).toMatchObject({ epoch: 'E1', lastSeq: 10 });
    expect([...store.loadState().rooms.keys()]).toEqual(['r7']);
    expect(store.countEvents()).toBe(2);
    store.replaceWithSnapshot({ ...snap, epoch: 'E2', seq: 3 }, true);
    expect(store.getCursor()).toMatchObject({ epoch: 'E2', lastSeq: 3 });
    expect(store.countEvents()).toBe(0);
    store.close();
  });
});

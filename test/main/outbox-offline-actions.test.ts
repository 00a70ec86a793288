import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../shared/commands.ts';
import type { DeskSnapshot } from '../../shared/ipc.ts';
import { databasePath } from '../../main/core/store/desk-store.ts';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { memoryVault, startDesk, startLiveDesk, waitFor, type TestDesk } from './support/desk.ts';
import { gatewayLog } from './support/gateway-api.ts';
import { enqueue } from './support/sync-process.ts';
import { makeTempDir } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;

function pickCommands(snap: DeskSnapshot): { accepted: Command[]; refused: Command } {
  // Not a room's cleaning task: completing one also cleans its room (a second event).
  const task = snap.state.tasks.find((t) => t.status === 'open' && !t.cleaning);
  const room = snap.state.rooms.find((r) => r.status === 'vacant_dirty' || r.status === 'vacant_clean');
  const owing = snap.state.reservations.find((r) => (r.status === 'booked' || r.status === 'in_house') && r.balanceCents >= 100);
  if (!task || !room || !owing) throw new Error('demo data lacks an open task, a vacant room or a reservation with a balance');
  return {
    accepted: [
      { type: 'complete_task', taskId: task.id },
      { type: 'set_room_status', roomId: room.id, status: room.status === 'vacant_dirty' ? 'vacant_clean' : 'vacant_dirty' },
      { type: 'take_payment', reservationId: owing.id, amountCents: 100, method: 'card' },
    ],
    refused: { type: 'complete_task', taskId: 'task-that-does-not-exist' },
  };
}

describe('actions taken while the gateway is down', () => {
  let gw: GatewayProcess;
  const tmp = makeTempDir();
  const gwDir = makeTempDir('fd-gw-outbox-');
  const vault = memoryVault();
  let desk: TestDesk;

  beforeAll(async () => {
    gw = await startGateway({ demo: true, dataDir: gwDir.dir });
    desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault, user: USER });
  });

  afterAll(async () => {
    await desk?.core.stop();
    await gw?.stop();
    tmp.cleanup();
    gwDir.cleanup();
  });

  it('are stored, survive a desk restart, and are applied exactly once when the gateway returns', async () => {
    const snap = await desk.core.invoke('desk:get-snapshot', {});
    const { accepted, refused } = pickCommands(snap);

    await gw.kill9();
    await waitFor('offline', () => desk.core.status().state === 'offline');
    const first = await desk.core.invoke('actions:submit', { command: accepted[0] });
    const second = await desk.core.invoke('actions:submit', { command: accepted[1] });
    expect(first.state).toBe('queued');
    expect(first.operator).toContain(USER.email);
    // The desk app quits while offline...
    await desk.core.stop();
    // ...and IT queues more from the command line meanwhile.
    const third = enqueue(tmp.dir, accepted[2]);
    const fourth = enqueue(tmp.dir, refused);

    desk = startDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault });
    await desk.core.start();
    const queued = (await desk.core.invoke('desk:get-snapshot', {})).outbox;
    expect(queued.map((i) => i.key)).toEqual([first.key, second.key, third.key, fourth.key]);
    expect(queued.every((i) => i.state === 'queued')).toBe(true);

    await gw.restart();
    const settled = await waitFor(
      'every action settled',
      async () => {
        const items = (await desk.core.invoke('desk:get-snapshot', {})).outbox;
        return items.every((i) => i.state === 'confirmed' || i.state === 'rejected') ? items : null;
      },
      20_000,
    );
    const byKey = new Map(settled.map((i) => [i.key, i]));
    for (const k of [first.key, second.key, third.key]) expect(byKey.get(k)?.state, k).toBe('confirmed');
    expect(byKey.get(fourth.key)).toMatchObject({ state: 'rejected', rejection: { code: 'not_found' } });
    expect(byKey.get(fourth.key)?.rejection?.message).toMatch(/does not exist/);

    const log = await gatewayLog(gw.url, USER.email, USER.password);
    const causedBy = (k: string) => log.filter((e) => e.causedBy === k);
    expect(causedBy(first.key)).toHaveLength(1);
    expect(causedBy(second.key)).toHaveLength(1);
    expect(causedBy(third.key).length).toBeGreaterThanOrEqual(1);
    expect(causedBy(fourth.key)).toHaveLength(0);
    // Applied in the order they were taken.
    expect(causedBy(first.key)[0].seq).toBeLessThan(causedBy(second.key)[0].seq);
    expect(causedBy(second.key)[0].seq).toBeLessThan(causedBy(third.key)[0].seq);
    // And the desk's own state shows their effect.
    const after = await desk.core.invoke('desk:get-snapshot', {});
    const cmd0 = accepted[0] as Extract<Command, { type: 'complete_task' }>;
    expect(after.state.tasks.find((t) => t.id === cmd0.taskId)?.status).toBe('done');
    // Stamped with when the receptionist acted (offline), not when the gateway got it.
    expect(after.state.tasks.find((t) => t.id === cmd0.taskId)?.completedAt).toBe(first.createdAt);
    await desk.core.stop();
  }, 120_000);

  it('is not applied twice when the desk crashed after sending but before recording the answer', async () => {
    desk = startDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault });
    await desk.core.start();
    await waitFor('live', () => desk.core.status().state === 'live');
    const snap = await desk.core.invoke('desk:get-snapshot', {});
    const room = snap.state.rooms.find((r) => r.status === 'vacant_clean' || r.status === 'vacant_dirty')!;
    const item = await desk.core.invoke('actions:submit', {
      command: { type: 'set_room_status', roomId: room.id, status: room.status === 'vacant_clean' ? 'vacant_dirty' : 'vacant_clean' },
    });
    await waitFor('confirmed', async () => (await desk.core.invoke('desk:get-snapshot', {})).outbox.find((i) => i.key === item.key)?.state === 'confirmed');
    await desk.core.stop();
    // Simulate the crash window: the request went out, the answer was never recorded.
    const db = new Database(databasePath(tmp.dir));
    db.prepare(`UPDATE outbox SET state = 'queued', event_seqs = NULL, max_event_seq = NULL WHERE key = ?`).run(item.key);
    db.close();

    desk = startDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault });
    await desk.core.start();
    await waitFor(
      're-sent and confirmed',
      async () => (await desk.core.invoke('desk:get-snapshot', {})).outbox.find((i) => i.key === item.key)?.state === 'confirmed',
    );
    const log = await gatewayLog(gw.url, USER.email, USER.password);
    expect(log.filter((e) => e.causedBy === item.key)).toHaveLength(1);
    expect(desk.logs.some((l) => l.msg === 'action accepted by the gateway' && l.key === item.key)).toBe(true);
  });
});

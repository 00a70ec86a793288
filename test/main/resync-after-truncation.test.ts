import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../main/core/store/desk-store.ts';
import type { HotelStateJson } from '../../shared/projection.ts';
import { ADMIN_TRUNCATE_PATH } from '../../shared/protocol.ts';
import { DEMO_USERS, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { memoryVault, startDesk, startLiveDesk, storedEventKeys, waitFor, type TestDesk } from './support/desk.ts';
import { adminPost, gatewayLog, gatewaySnapshot } from './support/gateway-api.ts';
import { makeTempDir } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;

function sorted(state: Record<string, { id: string }[]>): Record<string, { id: string }[]> {
  const out: Record<string, { id: string }[]> = {};
  for (const k of Object.keys(state).sort()) out[k] = [...state[k]].sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

async function changeSomething(url: string, n: number, tag: string): Promise<void> {
  // Known kinds that change state, so a missed event would show in the projection.
  const snap = await gatewaySnapshot(url, USER.email, USER.password);
  const rooms = snap.state.rooms as { id: string }[];
  for (let i = 0; i < n; i++) {
    const roomId = rooms[i % rooms.length].id;
    await publish(url, {
      orgId: USER.orgId,
      service: 'housekeeping',
      kind: 'room.status_changed',
      data: { roomId, status: i % 2 ? 'vacant_dirty' : 'inspected' },
      idempotencyKey: `${tag}-${i}`,
    });
  }
}

describe('history truncated behind the desk', () => {
  let gw: GatewayProcess;
  let desk: TestDesk;
  const tmp = makeTempDir();
  const vault = memoryVault();

  beforeAll(async () => {
    gw = await startGateway({ demo: true });
    desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault, user: USER });
  });

  afterAll(async () => {
    await desk?.core.stop();
    await gw?.stop();
    tmp.cleanup();
  });

  it('leads to a resync from the snapshot that converges, then the stream continues', async () => {
    const before = desk.core.cursor().lastSeq;
    await desk.core.stop();
    await changeSomething(gw.url, 40, 'while-away');
    await adminPost(gw.url, ADMIN_TRUNCATE_PATH, { orgId: USER.orgId, keepLast: 5 });

    desk = startDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault });
    await desk.core.start();
    const snap = await gatewaySnapshot(gw.url, USER.email, USER.password);
    await waitFor('live at the snapshot head', () => desk.core.status().state === 'live' && desk.core.cursor().lastSeq >= snap.seq);
    expect(desk.states).toContain('resyncing');
    expect(desk.core.counters().resyncs).toBe(1);
    const local = await desk.core.invoke('desk:get-snapshot', {});
    expect(sorted(local.state as unknown as Record<string, { id: string }[]>)).toEqual(sorted(snap.state));
    expect(local.cursor).toEqual({ epoch: snap.epoch, lastSeq: snap.seq });

    // It keeps following the stream after the resync.
    await changeSomething(gw.url, 10, 'after-resync');
    const log = await gatewayLog(gw.url, USER.email, USER.password, snap.seq);
    const head = log[log.length - 1].seq;
    await waitFor('desk at head', () => desk.core.cursor().lastSeq === head);
    const after = await desk.core.invoke('desk:get-snapshot', {});
    const snap2 = await gatewaySnapshot(gw.url, USER.email, USER.password);
    expect(sorted(after.state as unknown as HotelStateJson as unknown as Record<string, { id: string }[]>)).toEqual(sorted(snap2.state));
    // Stored events: what it had before, then everything after the snapshot.
    const stored = storedEventKeys(tmp.dir).map((e) => e.seq);
    expect(stored.filter((s) => s <= before)).toHaveLength(before);
    expect(stored.filter((s) => s > snap.seq)).toEqual(log.filter((e) => e.seq > snap.seq).map((e) => e.seq));
  }, 120_000);

  it('a gateway that comes back with a new epoch (its log recreated) leads to a full resync', async () => {
    const storedCursorEpoch = desk.core.cursor().epoch;
    await desk.core.stop();
    const port = gw.port;
    await gw.stop();
    gw = await startGateway({ demo: true, port });
    const snap = await gatewaySnapshot(gw.url, USER.email, USER.password);
    const oldEpoch = storedCursorEpoch;
    expect(snap.epoch).not.toBe(oldEpoch);

    desk = startDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault });
    await desk.core.start();
    // A recreated gateway does not know the old session (new signing secret): log in again.
    await waitFor('needs login', () => desk.core.status().state === 'needs_login');
    expect((await desk.core.invoke('session:login', { email: USER.email, password: USER.password })).ok).toBe(true);
    await waitFor('live in the new epoch', () => desk.core.status().state === 'live' && desk.core.cursor().epoch === snap.epoch).catch((err: unknown) => {
      console.error(desk.logs.slice(-30));
      throw err;
    });
    const local = await desk.core.invoke('desk:get-snapshot', {});
    expect(sorted(local.state as unknown as Record<string, { id: string }[]>)).toEqual(sorted(snap.state));
    // The old epoch's events are gone: their seqs mean nothing in the new log.
    const log = await gatewayLog(gw.url, USER.email, USER.password);
    const ids = new Set(log.map((e) => e.id));
    expect(storedEventKeys(tmp.dir).every((e) => ids.has(e.id))).toBe(true);
  }, 120_000);

  it('a damaged database is moved aside on start and rebuilt from the snapshot', async () => {
    await desk.core.stop();
    const file = databasePath(tmp.dir);
    fs.writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a));
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });

    desk = startDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault });
    await desk.core.start();
    expect(desk.core.movedAsideTo()).toMatch(/desk\.sqlite\.corrupt-/);
    expect(fs.existsSync(desk.core.movedAsideTo()!)).toBe(true);
    expect(desk.logs.some((l) => typeof l.msg === 'string' && /damaged.*moved aside/.test(l.msg))).toBe(true);
    const snap = await gatewaySnapshot(gw.url, USER.email, USER.password);
    await waitFor('live after the rebuild', () => desk.core.status().state === 'live' && desk.core.cursor().lastSeq >= snap.seq);
    expect(desk.core.counters().resyncs).toBe(1);
    const local = await desk.core.invoke('desk:get-snapshot', {});
    expect(sorted(local.state as unknown as Record<string, { id: string }[]>)).toEqual(sorted(snap.state));
  }, 120_000);
});

/**
 * Two hotels share a desk (a night auditor covering both): an action queued
 * offline for one hotel belongs to that hotel. It survives the other hotel signing
 * in, is never shown to it nor sent under its name, and goes out exactly once
 * when a user of its own hotel signs in again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { memoryVault, startDesk, startLiveDesk, waitFor, type TestDesk } from './support/desk.ts';
import { gatewayLog } from './support/gateway-api.ts';
import { makeTempDir } from './support/temp-dir.ts';

const DEMO = DEMO_USERS.demoHotel;
const HARBOR = DEMO_USERS.harborInn;

describe('the outbox belongs to a hotel', () => {
  let gw: GatewayProcess;
  const tmp = makeTempDir();
  const gwDir = makeTempDir('fd-gw-two-hotels-');
  const vault = memoryVault();
  let desk: TestDesk;

  beforeAll(async () => {
    gw = await startGateway({ demo: true, dataDir: gwDir.dir });
  });

  afterAll(async () => {
    await desk?.core.stop();
    await gw?.stop();
    tmp.cleanup();
    gwDir.cleanup();
  });

  it('keeps one hotel’s queued action through another hotel’s session and sends it once when its hotel returns', async () => {
    desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault, user: DEMO });
    const snap = await desk.core.invoke('desk:get-snapshot', {});
    const task = snap.state.tasks.find((t) => t.status === 'open')!;

    await gw.kill9();
    await waitFor('offline', () => desk.core.status().state === 'offline');
    const queued = await desk.core.invoke('actions:submit', { command: { type: 'complete_task', taskId: task.id } });
    expect(queued.state).toBe('queued');
    await desk.core.stop();

    // Harbor Inn's night auditor signs in on the same desk.
    await gw.restart();
    desk = startDesk({ dataDir: tmp.dir, serverUrl: gw.url, vault });
    await desk.core.start();
    await desk.core.invoke('session:logout', {});
    expect((await desk.core.invoke('session:login', { email: HARBOR.email, password: HARBOR.password })).ok).toBe(true);
    await waitFor(
      'live as harbor-inn',
      () => desk.core.status().state === 'live' && desk.core.invoke('desk:get-snapshot', {}).then((s) => s.user?.orgId === HARBOR.orgId),
    );
    const asHarbor = await desk.core.invoke('desk:get-snapshot', {});
    expect(asHarbor.outbox.map((i) => i.key)).not.toContain(queued.key);
    expect(asHarbor.state.hotels.map((h) => h.id)).toEqual([HARBOR.orgId]);
    // Nothing went out under Harbor Inn's session, to either hotel.
    await new Promise((r) => setTimeout(r, 500));
    expect((await gatewayLog(gw.url, DEMO.email, DEMO.password)).filter((e) => e.causedBy === queued.key)).toHaveLength(0);
    expect((await gatewayLog(gw.url, HARBOR.email, HARBOR.password)).filter((e) => e.causedBy === queued.key)).toHaveLength(0);

    // Demo Hotel signs in again: its action goes out, once.
    await desk.core.invoke('session:logout', {});
    expect((await desk.core.invoke('session:login', { email: DEMO.email, password: DEMO.password })).ok).toBe(true);
    const item = await waitFor('confirmed', async () =>
      (await desk.core.invoke('desk:get-snapshot', {})).outbox.find((i) => i.key === queued.key && i.state === 'confirmed'),
    );
    expect(item.operator).toContain(DEMO.email);
    const kinds = (await gatewayLog(gw.url, DEMO.email, DEMO.password)).filter((e) => e.causedBy === queued.key).map((e) => e.kind);
    // Once: one task.completed (a cleaning task also cleans its room in the same command).
    expect(kinds.filter((k) => k === 'task.completed')).toHaveLength(1);
    expect(kinds.every((k) => k === 'task.completed' || k === 'room.status_changed')).toBe(true);
    const after = await desk.core.invoke('desk:get-snapshot', {});
    expect(after.state.tasks.find((t) => t.id === task.id)?.status).toBe('done');
  }, 120_000);
});

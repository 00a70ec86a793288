import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_REVOKE_PATH } from '../../shared/protocol.ts';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { startLiveDesk, storedEventKeys, waitFor, type TestDesk } from './support/desk.ts';
import { adminPost, gatewayLog, startPublisher } from './support/gateway-api.ts';
import { makeTempDir } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;

describe('the desk session', () => {
  let gw: GatewayProcess;
  let desk: TestDesk;
  const tmp = makeTempDir();

  beforeAll(async () => {
    // Access tokens live 3 s: several expire while events flow.
    gw = await startGateway({ demo: true, args: ['--access-ttl', '3'] });
    desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: gw.url, user: USER });
  });

  afterAll(async () => {
    await desk?.core.stop();
    await gw?.stop();
    tmp.cleanup();
  });

  it('refreshes a token expiring mid-stream without losing an event', async () => {
    const firstToken = desk.vault.load()?.accessToken;
    // Events flow for 6.5 s: at least two access tokens expire meanwhile.
    const publisher = startPublisher(() => gw.url, { orgId: USER.orgId, perSecond: 150, maxEvents: 5_000 });
    // Wait for the refreshes themselves rather than a fixed time, so a loaded machine
    // still sees two tokens expire while events flow.
    const refreshes = () => desk.logs.filter((l) => l.msg === 'refreshing the access token').length;
    await waitFor('two token refreshes while events flow', () => refreshes() >= 2 && publisher.published > 100, 60_000);
    await publisher.stop();
    expect(publisher.published).toBeGreaterThan(100);
    const log = await gatewayLog(gw.url, USER.email, USER.password);
    await waitFor('desk at head', () => desk.core.cursor().lastSeq === log[log.length - 1].seq, 15_000);
    // ≥ 2 refreshes happened during the ~7 s of flow, and the stored log is complete.
    expect(desk.logs.filter((l) => l.msg === 'refreshing the access token').length).toBeGreaterThanOrEqual(2);
    expect(desk.vault.load()?.accessToken).not.toBe(firstToken);
    const stored = storedEventKeys(tmp.dir);
    expect(stored.map((e) => e.id)).toEqual(log.map((e) => e.id));
    expect(desk.core.status().state).toBe('live');
    // No token ever reached the log.
    const text = JSON.stringify(desk.logs);
    expect(text).not.toContain(desk.vault.load()!.accessToken);
    expect(text).not.toContain(desk.vault.load()!.refreshToken);
  }, 120_000);

  it('ends in "needs login" when revoked: no reconnect loop, data still readable', async () => {
    await adminPost(gw.url, ADMIN_REVOKE_PATH, { userId: USER.userId });
    await waitFor('needs_login', () => desk.core.status().state === 'needs_login', 15_000);
    expect(desk.core.status().detail).toMatch(/log in again/i);
    const connects = desk.core.counters().connects;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(desk.core.counters().connects).toBe(connects);
    expect(desk.core.status().state).toBe('needs_login');
    expect(desk.vault.load()).toBeNull();
    const snap = await desk.core.invoke('desk:get-snapshot', {});
    expect(snap.state.rooms.length).toBeGreaterThan(0);
    expect(snap.cursor.lastSeq).toBeGreaterThan(0);
    // Logging in again brings it back.
    expect((await desk.core.invoke('session:login', { email: USER.email, password: USER.password })).ok).toBe(true);
    await waitFor('live again', () => desk.core.status().state === 'live');
  });
});
